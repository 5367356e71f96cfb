package io.faunus.server.backup;

import io.faunus.server.client.Dirs;
import io.faunus.server.client.NodeClient;
import io.faunus.server.transfer.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import io.faunus.server.client.NodeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code faunus backup}: asks a running node for a checkpoint of its store (consistent at one commit time)
 * and copies it, chunk by chunk, into a new directory, checking every file's size and SHA-256 against the
 * node's manifest. The manifest is written last: a directory without one is not a backup.
 */
@Command(name = "backup", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Copy a running node's data, consistent at one commit time, into a new directory.",
        "The node takes a storage checkpoint; this command streams its files over HTTP in chunks and checks "
            + "their SHA-256. The directory then holds manifest.json (node, applied index, commit time, digest, "
            + "files) and store/. One backup runs at a time per node.",
        "Restore it with: faunus restore --from DIR --data-dir NEW_DIR",
        "--secret: an admin secret of the root database (the root secret)."})
public final class BackupCommand implements Callable<Integer> {
  /** A chunk is asked for at most this many times when the network fails (not when the node refuses). */
  static final int CHUNK_ATTEMPTS_MAX = 4;
  static final long RETRY_PAUSE_MS = 500;

  @Mixin
  NodeOptions node;

  @Option(names = "--to", required = true, paramLabel = "DIR", description = "Where to write the backup; must not exist or be empty.")
  Path to;

  @Override
  public Integer call() {
    try {
      Manifest m = run(node.client(), to, Progress.forStderr());
      System.out.printf("faunus: backup of node %s (%s) at applied index %d, commit time %s (%d µs): %d files, %d bytes%n",
          m.node(), m.layout(), m.appliedIndex(), Instant.EPOCH.plusNanos(m.commitTs() * 1000), m.commitTs(),
          m.files().size(), m.totalBytes());
      System.out.println("faunus: digest " + m.digest() + "; written to " + to);
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("faunus: backup failed: " + e.getMessage());
      return 1;
    }
  }

  /** Takes the backup into {@code to}; returns its manifest. */
  public static Manifest run(NodeClient node, Path to, Progress progress) throws IOException {
    Dirs.requireEmpty(to, "--to");
    Files.createDirectories(to.resolve(Manifest.STORE_DIR));
    Manifest m = Manifest.fromJson(node.expectOk("POST", "/admin/backup", new byte[0]).json());
    try {
      Progress.Bar bar = progress.bar("backup", m.totalBytes(), "bytes");
      for (Manifest.FileEntry f : m.files()) copy(node, m.id(), f, to.resolve(Manifest.STORE_DIR).resolve(f.name()), bar);
      bar.done();
      m.write(to);
      return m;
    } finally {
      try {
        node.send("DELETE", "/admin/backup?id=" + enc(m.id()), null); // frees the node's staging copy
      } catch (IOException ignored) {
        // The node drops an abandoned copy on its own after BackupRoutes.IDLE_MAX_MS.
      }
    }
  }

  private static void copy(NodeClient node, String id, Manifest.FileEntry f, Path target, Progress.Bar bar) throws IOException {
    MessageDigest md = Manifest.newSha256();
    long offset = 0;
    try (OutputStream out = Files.newOutputStream(target)) {
      while (offset < f.bytes()) {
        byte[] chunk = fetch(node, "/admin/backup/file?id=" + enc(id) + "&name=" + enc(f.name()) + "&offset=" + offset);
        if (chunk.length == 0) throw new IOException("the node sent an empty chunk of " + f.name() + " at " + offset);
        out.write(chunk);
        md.update(chunk);
        offset += chunk.length;
        bar.advance(chunk.length);
      }
    }
    String got = HexFormat.of().formatHex(md.digest());
    if (offset != f.bytes() || !got.equals(f.sha256())) {
      throw new IOException("checksum mismatch for " + f.name() + ": got " + offset + " bytes, sha256 " + got
          + "; the manifest says " + f.bytes() + " bytes, " + f.sha256());
    }
  }

  /** A chunk, asked again after a network failure (each asks for an offset, so a retry is exact). */
  private static byte[] fetch(NodeClient node, String pathAndQuery) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return node.expectOk("GET", pathAndQuery, null).body();
      } catch (NodeClient.Refused refused) {
        throw refused; // the node answered: asking again gets the same answer
      } catch (IOException e) {
        if (attempt >= CHUNK_ATTEMPTS_MAX) throw e;
        System.err.println("faunus: " + e.getMessage() + "; retrying (" + attempt + "/" + (CHUNK_ATTEMPTS_MAX - 1) + ")");
        try {
          Thread.sleep(RETRY_PAUSE_MS * attempt);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
