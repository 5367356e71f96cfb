package io.faunus.log.ratis;

import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.Cursor;
import io.faunus.storage.Engine;
import io.faunus.storage.Entry;
import io.faunus.storage.NewestVersions;
import io.faunus.storage.RocksEngine;
import io.faunus.storage.Snapshot;
import io.faunus.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A replica's RocksDB store, replaceable as a whole by a snapshot from the leader (a RocksDB checkpoint).
 * Every call and every open snapshot holds a permit; {@link #replaceWith} takes them all, so a replacement
 * waits for running reads to finish and nothing ever reads a half-replaced store.
 */
final class ReplicaEngine implements Engine {
  /** Concurrent users (calls and open snapshots) at most; far above any real count. */
  static final int USERS_MAX = 1 << 20;
  /** How long a replacement waits for running reads (queries are bounded by their deadlines). */
  static final long REPLACE_WAIT_S = 180;

  private final Path dir;
  private final Semaphore users = new Semaphore(USERS_MAX);
  private volatile Engine inner;

  ReplicaEngine(Path dir) {
    this.dir = dir;
    this.inner = RocksEngine.open(dir);
  }

  private Engine enter() {
    users.acquireUninterruptibly();
    return inner;
  }

  @Override
  public byte[] get(Cf cf, byte[] key) {
    Engine e = enter();
    try {
      return e.get(cf, key);
    } finally {
      users.release();
    }
  }

  @Override
  public void write(Batch batch, boolean sync) {
    Engine e = enter();
    try {
      e.write(batch, sync);
    } finally {
      users.release();
    }
  }

  @Override
  public long appliedIndex() {
    Engine e = enter();
    try {
      return e.appliedIndex();
    } finally {
      users.release();
    }
  }

  @Override
  public void checkpoint(Path target) {
    Engine e = enter();
    try {
      e.checkpoint(target);
    } finally {
      users.release();
    }
  }

  @Override
  public Snapshot snapshot() {
    Engine e = enter();
    try {
      return new Held(e.snapshot());
    } catch (RuntimeException ex) {
      users.release();
      throw ex;
    }
  }

  /** A snapshot that gives its permit back when closed (once). */
  private final class Held implements Snapshot {
    private final Snapshot snap;
    private final AtomicBoolean closed = new AtomicBoolean();

    Held(Snapshot snap) {
      this.snap = snap;
    }

    @Override
    public byte[] get(Cf cf, byte[] key) {
      return snap.get(cf, key);
    }

    @Override
    public Cursor<Entry> iterate(Cf cf, byte[] fromInclusive, byte[] toExclusive, boolean reverse) {
      return snap.iterate(cf, fromInclusive, toExclusive, reverse);
    }

    @Override
    public Entry first(Cf cf, byte[] fromInclusive, byte[] toExclusive) {
      return snap.first(cf, fromInclusive, toExclusive);
    }

    /** The bounds of the engine this snapshot came from (a replaced store starts with none of its own). */
    @Override
    public NewestVersions.View newest() {
      return snap.newest();
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        try {
          snap.close();
        } finally {
          users.release();
        }
      }
    }
  }

  /**
   * Replaces the whole store with the checkpoint in {@code checkpoint} (left as it is: its immutable SST
   * files are hard-linked, the rest copied).
   */
  void replaceWith(Path checkpoint) throws IOException {
    try {
      if (!users.tryAcquire(USERS_MAX, REPLACE_WAIT_S, TimeUnit.SECONDS)) {
        throw new IOException("reads did not finish within " + REPLACE_WAIT_S + " s; snapshot not installed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while installing a snapshot", e);
    }
    try {
      inner.close();
      Path old = dir.resolveSibling(dir.getFileName() + ".old");
      deleteRecursively(old);
      if (Files.exists(dir)) Files.move(dir, old);
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(checkpoint)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          String name = f.getFileName().toString();
          if (!Files.isRegularFile(f) || name.endsWith(".md5")) continue; // Ratis adds a .md5 per received file
          if (name.endsWith(".sst")) Files.createLink(dir.resolve(name), f);
          else Files.copy(f, dir.resolve(name));
        }
      }
      inner = RocksEngine.open(dir);
      deleteRecursively(old);
    } catch (StorageException e) {
      throw new IOException("could not open the installed snapshot", e);
    } finally {
      users.release(USERS_MAX);
    }
  }

  @Override
  public void close() {
    inner.close();
  }

  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(q);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
