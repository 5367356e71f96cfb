package io.faunus.server.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faunus.server.client.NodeClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a backup holds ({@code manifest.json} beside the {@code store/} directory): which node, at which
 * applied log index and last commit time, the store digest at that point, and every file with its size and
 * SHA-256. The node sends it when the backup starts; the client writes it last, so a directory without one
 * is an unfinished backup.
 *
 * @param format       {@link #FORMAT}; restore refuses any other
 * @param id           the node's name for this backup (its staging directory)
 * @param node         the node's id ("single" alone)
 * @param layout       "single" (a single node's store) or "replica" (a cluster member's state machine)
 * @param appliedIndex the last log index in the copy
 * @param commitTs     the last commit time in the copy (µs since the epoch): the backup's point in time
 * @param digest       the store digest of the copy, as {@code /admin/status?digest=true} computes it
 * @param files        every file of the store, by name (no directories)
 */
public record Manifest(int format, String id, String node, String layout, long appliedIndex, long commitTs,
                       String digest, List<FileEntry> files) {
  public static final int FORMAT = 1;
  public static final String FILE_NAME = "manifest.json";
  /** Where the store's files go inside a backup directory. */
  public static final String STORE_DIR = "store";

  public record FileEntry(String name, long bytes, String sha256) {
    public FileEntry {
      if (!validName(name)) throw new IllegalArgumentException("bad file name in manifest: " + name);
      if (bytes < 0) throw new IllegalArgumentException("negative size for " + name);
    }
  }

  public Manifest {
    files = List.copyOf(files);
  }

  /** A plain file name: no separators, no "." or "..", so a manifest can never point outside its directory. */
  static boolean validName(String name) {
    return name != null && !name.isEmpty() && !name.equals(".") && !name.equals("..")
        && name.chars().noneMatch(c -> c == '/' || c == '\\' || c == 0);
  }

  public long totalBytes() {
    return files.stream().mapToLong(FileEntry::bytes).sum();
  }

  public ObjectNode toJson() {
    ObjectNode o = NodeClient.JSON.createObjectNode().put("format", format).put("id", id).put("node", node)
        .put("layout", layout).put("applied_index", appliedIndex).put("commit_ts", commitTs).put("digest", digest);
    ArrayNode list = o.putArray("files");
    for (FileEntry f : files) list.addObject().put("name", f.name()).put("bytes", f.bytes()).put("sha256", f.sha256());
    return o;
  }

  public static Manifest fromJson(JsonNode o) {
    if (!o.path("format").canConvertToInt()) throw new IllegalArgumentException("manifest has no format");
    List<FileEntry> files = new ArrayList<>();
    for (JsonNode f : o.path("files")) {
      files.add(new FileEntry(f.path("name").asText(null), f.path("bytes").asLong(-1), f.path("sha256").asText("")));
    }
    return new Manifest(o.get("format").asInt(), o.path("id").asText(), o.path("node").asText(), o.path("layout").asText(),
        o.path("applied_index").asLong(-1), o.path("commit_ts").asLong(-1), o.path("digest").asText(""), files);
  }

  public static Manifest read(Path backupDir) throws IOException {
    Path file = backupDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " is missing: not a backup, or one that did not finish");
    }
    return fromJson(NodeClient.JSON.readTree(file.toFile()));
  }

  /** Writes through a temporary file and a rename, so a crash never leaves a half manifest. */
  public void write(Path backupDir) throws IOException {
    Path tmp = backupDir.resolve(FILE_NAME + ".tmp");
    Files.write(tmp, NodeClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson()));
    Files.move(tmp, backupDir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Every file of {@code dir} with its size and hash; a subdirectory is an error (stores are flat). */
  public static List<FileEntry> describe(Path dir) throws IOException {
    List<FileEntry> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) {
        if (!Files.isRegularFile(p)) throw new IOException("unexpected non-file in a store copy: " + p);
        out.add(new FileEntry(p.getFileName().toString(), Files.size(p), sha256(p)));
      }
    }
    return out;
  }

  public static String sha256(Path file) throws IOException {
    MessageDigest md = newSha256();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
