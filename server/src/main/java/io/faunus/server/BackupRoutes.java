package io.faunus.server;

import io.faunus.model.query.QueryEngine;
import io.faunus.model.query.QueryEngine.Checkpoint;
import io.faunus.server.backup.Manifest;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The node's half of {@code faunus backup} (docs/operations.md, "Backup and restore"):
 * <ul>
 *   <li>{@code POST /admin/backup} takes a storage checkpoint into {@code <data-dir>/backup-staging/<id>}
 *       (hard links on the same file system, so it costs little space until compaction moves on) and
 *       answers its {@link Manifest};</li>
 *   <li>{@code GET /admin/backup/file?id=&name=&offset=} answers up to {@link #CHUNK_BYTES_MAX} bytes of one
 *       file from {@code offset}, so memory stays bounded whatever the store's size and an interrupted
 *       transfer can resume;</li>
 *   <li>{@code DELETE /admin/backup?id=} drops the staging copy.</li>
 * </ul>
 * One backup at a time: a second gets 409 while the first is in use. A copy nobody asked for in
 * {@link #IDLE_MAX_MS} is dropped when the next backup starts, and leftovers of a crashed node when it starts.
 * Every call needs a secret that is admin of the root database. Calls run on query threads (disk I/O).
 */
final class BackupRoutes {
  static final int CHUNK_BYTES_MAX = 4 << 20;
  static final long IDLE_MAX_MS = 10 * 60_000;
  static final String STAGING_DIR = "backup-staging";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BackupRoutes.class);
  private static final String OCTETS = "application/octet-stream";

  private final QueryEngine engine;
  /** Null for an in-memory node (the engine refuses checkpoints; auth is still checked first). */
  private final Path stagingRoot;
  private Staged current; // guarded by this
  private boolean starting; // guarded by this

  private record Staged(Manifest manifest, Path dir, long lastUsedMs) {
    Staged touched() {
      return new Staged(manifest, dir, System.currentTimeMillis());
    }
  }

  BackupRoutes(QueryEngine engine, Path dataDir, boolean memory) {
    this.engine = engine;
    this.stagingRoot = memory ? null : dataDir.resolve(STAGING_DIR);
    if (stagingRoot != null) deleteTree(stagingRoot); // a crashed node's leftovers: nobody can finish them
  }

  /** POST /admin/backup. */
  Reply begin(String secret) {
    if (!authorized(secret)) return unauthorized();
    synchronized (this) {
      if (starting || (current != null && System.currentTimeMillis() - current.lastUsedMs() < IDLE_MAX_MS)) {
        return Reply.error(409, "conflict", "A backup is already running on this node; wait for it to finish "
            + "(an abandoned one is dropped after " + IDLE_MAX_MS / 60_000 + " minutes).");
      }
      if (current != null) deleteTree(current.dir());
      current = null;
      starting = true;
    }
    Staged staged = null;
    String id = "b" + System.currentTimeMillis();
    Path dir = stagingRoot == null ? Path.of(STAGING_DIR, id) : stagingRoot.resolve(id);
    try {
      if (stagingRoot != null) Files.createDirectories(stagingRoot);
      switch (engine.checkpoint(secret, dir)) {
        case Checkpoint.Taken t -> {
          Manifest m = new Manifest(Manifest.FORMAT, id, t.node(), t.layout(), t.appliedIndex(), t.commitMicros(),
              t.digest(), Manifest.describe(dir));
          LOG.info("backup {}: checkpoint at index {}, {} files, {} bytes", id,
              t.appliedIndex(), m.files().size(), m.totalBytes());
          staged = new Staged(m, dir, System.currentTimeMillis());
          return Reply.json(200, json(m));
        }
        case Checkpoint.Refused r -> {
          return Reply.error(400, "invalid_request", r.message());
        }
        case Checkpoint.Unauthorized u -> {
          return unauthorized();
        }
      }
    } catch (IOException e) {
      return Reply.error(500, "internal_error", "cannot stage the backup: " + e.getMessage());
    } finally {
      synchronized (this) {
        starting = false;
        if (staged != null) current = staged;
      }
      if (staged == null && stagingRoot != null) deleteTree(dir);
    }
  }

  /** GET /admin/backup/file?id=&name=&offset=. */
  Reply chunk(String secret, String id, String name, String offsetText) {
    if (!authorized(secret)) return unauthorized();
    Staged s;
    synchronized (this) {
      if (current == null || !current.manifest().id().equals(id)) return noSuchBackup(id);
      current = current.touched();
      s = current;
    }
    Manifest.FileEntry file = s.manifest().files().stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    if (file == null) return Reply.error(404, "not_found", "Backup " + id + " has no file " + name);
    long offset;
    try {
      offset = Long.parseLong(offsetText == null ? "0" : offsetText);
    } catch (NumberFormatException e) {
      return Reply.error(400, "invalid_request", "offset must be a number, not " + offsetText);
    }
    if (offset < 0 || offset > file.bytes()) {
      return Reply.error(400, "invalid_request", "offset " + offset + " is outside " + name + " (" + file.bytes() + " bytes)");
    }
    int n = (int) Math.min(CHUNK_BYTES_MAX, file.bytes() - offset);
    ByteBuffer buf = ByteBuffer.allocate(n);
    try (FileChannel ch = FileChannel.open(s.dir().resolve(file.name()), StandardOpenOption.READ)) {
      while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) { /* keep reading */ }
    } catch (IOException e) {
      return Reply.error(500, "internal_error", "cannot read " + name + ": " + e.getMessage());
    }
    if (buf.hasRemaining()) return Reply.error(500, "internal_error", name + " is shorter than its manifest says");
    return Reply.json(200, buf.array()).with(HttpHeaderNames.CONTENT_TYPE, OCTETS);
  }

  /** DELETE /admin/backup?id=. */
  Reply end(String secret, String id) {
    if (!authorized(secret)) return unauthorized();
    Staged s;
    synchronized (this) {
      if (current == null || !current.manifest().id().equals(id)) return noSuchBackup(id);
      s = current;
      current = null;
    }
    deleteTree(s.dir());
    return Reply.json(200, Responses.message("backup " + id + " released"));
  }

  private boolean authorized(String secret) {
    return engine.status(secret, false).isPresent();
  }

  private static Reply unauthorized() {
    return Reply.error(401, "unauthorized", "Access token required");
  }

  private static Reply noSuchBackup(String id) {
    return Reply.error(404, "not_found", "No backup " + id + " is in progress on this node.");
  }

  private static byte[] json(Manifest m) {
    try {
      return io.faunus.server.client.NodeClient.JSON.writeValueAsBytes(m.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.getMessage());
    }
  }
}
