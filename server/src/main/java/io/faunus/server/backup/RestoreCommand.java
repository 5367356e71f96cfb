package io.faunus.server.backup;

import io.faunus.log.Applier;
import io.faunus.log.StoreDigest;
import io.faunus.storage.RocksEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faunus restore}: checks a backup against its manifest (every file's size and SHA-256, no file
 * missing or extra) and turns it into a new single node's data directory; then opens that store and
 * checks its applied index, commit time and digest against the manifest, so a restore that reports success
 * holds exactly the state the node had at the backup's commit time.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Make a new data directory from a backup taken by faunus backup.",
        "Checks every file's SHA-256 and, after copying, the store's applied index, commit time and digest "
            + "against the manifest; on any mismatch nothing is left behind.",
        "Then start a node on it: faunus start --data-dir DIR. A backup of a cluster member restores as a "
            + "single node's data directory (see docs/operations.md)."})
public final class RestoreCommand implements Callable<Integer> {
  @Option(names = "--from", required = true, paramLabel = "DIR", description = "A backup directory (holding manifest.json).")
  Path from;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The new data directory; must not exist or be empty.")
  Path dataDir;

  @Override
  public Integer call() {
    try {
      Manifest m = run(from, dataDir);
      System.out.printf("faunus: restored node %s's data at applied index %d, commit time %d µs, digest %s%n",
          m.node(), m.appliedIndex(), m.commitTs(), m.digest());
      System.out.println("faunus: start it with: faunus start --data-dir " + dataDir);
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("faunus: restore failed: " + e.getMessage());
      return 1;
    }
  }

  public static Manifest run(Path from, Path dataDir) throws IOException {
    Manifest m = Manifest.read(from);
    if (m.format() != Manifest.FORMAT) {
      throw new IOException("backup format " + m.format() + " is not supported (this version reads " + Manifest.FORMAT + ")");
    }
    Path store = from.resolve(Manifest.STORE_DIR);
    verifyFiles(m, store);
    io.faunus.server.client.Dirs.requireEmpty(dataDir, "--data-dir");
    boolean created = !Files.exists(dataDir);
    try {
      Files.createDirectories(dataDir);
      for (Manifest.FileEntry f : m.files()) Files.copy(store.resolve(f.name()), dataDir.resolve(f.name()), StandardCopyOption.COPY_ATTRIBUTES);
      verifyStore(m, dataDir);
      return m;
    } catch (IOException | RuntimeException e) {
      clear(dataDir, created); // never leave a half-restored directory that a node might start on
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
  }

  private static void verifyFiles(Manifest m, Path store) throws IOException {
    Set<String> listed = new HashSet<>();
    for (Manifest.FileEntry f : m.files()) {
      listed.add(f.name());
      Path p = store.resolve(f.name());
      if (!Files.isRegularFile(p)) throw new IOException("backup file " + p + " is missing");
      long size = Files.size(p);
      if (size != f.bytes()) throw new IOException("backup file " + p + " has " + size + " bytes; the manifest says " + f.bytes());
      String sha = Manifest.sha256(p);
      if (!sha.equals(f.sha256())) throw new IOException("backup file " + p + " is corrupt: sha256 " + sha + ", the manifest says " + f.sha256());
    }
    try (Stream<Path> s = Files.list(store)) {
      for (Path p : s.toList()) {
        if (!listed.contains(p.getFileName().toString())) throw new IOException("backup holds a file the manifest does not list: " + p);
      }
    }
  }

  private static void verifyStore(Manifest m, Path dataDir) throws IOException {
    try (RocksEngine engine = RocksEngine.open(dataDir); var snap = engine.snapshot()) {
      StoreDigest.Digest d = StoreDigest.of(snap);
      long commit = Applier.lastCommitMicros(snap);
      if (d.appliedIndex() != m.appliedIndex() || commit != m.commitTs() || !d.sha256().equals(m.digest())) {
        throw new IOException("the restored store does not match the manifest: index " + d.appliedIndex() + ", commit time "
            + commit + ", digest " + d.sha256() + "; expected " + m.appliedIndex() + ", " + m.commitTs() + ", " + m.digest());
      }
    }
  }

  private static void clear(Path dir, boolean removeDir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        if (removeDir || !p.equals(dir)) Files.deleteIfExists(p);
      }
    }
  }
}
