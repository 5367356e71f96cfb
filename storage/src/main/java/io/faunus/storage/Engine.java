package io.faunus.storage;

import java.nio.file.Path;

/**
 * An ordered key-value store with column families, atomic batches and snapshots. Keys compare as
 * unsigned bytes. Implementations: {@link RocksEngine} (durable) and {@link MemoryEngine} (tests,
 * {@code --memory}); both pass the same contract tests.
 *
 * <p>All methods are thread-safe. After {@link #close()}, every method and every open snapshot or
 * cursor throws {@link IllegalStateException}.
 */
public interface Engine extends AutoCloseable {
  /** {@link #appliedIndex()} before the first batch carrying a log position was written. */
  long NO_APPLIED_INDEX = -1;

  /** The newest committed value, or {@code null} when absent. */
  byte[] get(Cf cf, byte[] key);

  /**
   * Applies every operation of the batch, and its applied log position if set, atomically: a crash or
   * a concurrent snapshot sees all of it or none. With {@code sync}, returns only once the batch is
   * durable (the write-ahead log is fsynced).
   *
   * @throws IllegalStateException if the batch sets an applied index not greater than the current one
   *     (applying a log entry twice is a bug upstream, never something to paper over)
   */
  void write(Batch batch, boolean sync);

  Snapshot snapshot();

  /** The log position of the newest applied batch, or {@link #NO_APPLIED_INDEX}. */
  long appliedIndex();

  /**
   * Writes a consistent copy of the whole store into {@code dir}, which must not exist yet; the
   * engine's own {@code open} accepts that directory.
   */
  void checkpoint(Path dir);

  /**
   * The engine's own figures for monitoring (RocksDB properties such as {@code rocksdb.estimate-num-keys}),
   * by name; empty when it has none. Never blocks on writers.
   */
  default java.util.Map<String, Long> properties() {
    return java.util.Map.of();
  }

  /** Releases every resource; idempotent. Open snapshots and cursors are closed with it. */
  @Override
  void close();
}
