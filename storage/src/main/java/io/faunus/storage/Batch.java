package io.faunus.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Writes collected for one atomic {@link Engine#write}: typically everything one applied log entry
 * changes, plus that entry's position ({@link #setAppliedIndex}). Keys and values are copied in, so the
 * caller may reuse its arrays. Later operations on the same key win. Not thread-safe.
 */
public final class Batch {
  public static final int MAX_KEY_BYTES = 32 * 1024;
  public static final int MAX_VALUE_BYTES = 16 * 1024 * 1024;
  public static final long MAX_BATCH_BYTES = 256L * 1024 * 1024;
  public static final int MAX_OPS = 1_000_000;

  sealed interface Op permits Put, Delete {
    Cf cf();

    byte[] key();
  }

  record Put(Cf cf, byte[] key, byte[] value) implements Op {}

  record Delete(Cf cf, byte[] key) implements Op {}

  private final List<Op> ops = new ArrayList<>();
  private long sizeBytes;
  private long appliedIndex = Engine.NO_APPLIED_INDEX;

  public Batch put(Cf cf, byte[] key, byte[] value) {
    checkKey(cf, key);
    if (value == null) throw new IllegalArgumentException("value must not be null; use delete");
    if (value.length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException("value of " + value.length + " bytes exceeds " + MAX_VALUE_BYTES);
    }
    add(new Put(cf, key.clone(), value.clone()), key.length + value.length);
    return this;
  }

  /**
   * {@link #put} without the defensive copies, for callers in this package that built both arrays for this
   * batch alone (every {@link Mvcc} version does: its key and value are fresh encodings).
   */
  Batch putOwned(Cf cf, byte[] key, byte[] value) {
    checkKey(cf, key);
    if (value.length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException("value of " + value.length + " bytes exceeds " + MAX_VALUE_BYTES);
    }
    add(new Put(cf, key, value), key.length + value.length);
    return this;
  }

  public Batch delete(Cf cf, byte[] key) {
    checkKey(cf, key);
    add(new Delete(cf, key.clone()), key.length);
    return this;
  }

  /**
   * Records the log position this batch applies; it commits atomically with the batch, which is what
   * makes replay after a crash exact: an entry is either fully applied and recorded, or neither.
   */
  public Batch setAppliedIndex(long index) {
    if (index < 0) throw new IllegalArgumentException("applied index must be >= 0: " + index);
    appliedIndex = index;
    return this;
  }

  /** Number of put and delete operations, not counting the applied index. */
  public int size() { return ops.size(); }

  public boolean isEmpty() { return ops.isEmpty() && appliedIndex == Engine.NO_APPLIED_INDEX; }

  public long sizeBytes() { return sizeBytes; }

  /** The operations in order; the arrays are the batch's own copies and must not be modified. */
  List<Op> ops() { return Collections.unmodifiableList(ops); }

  long appliedIndex() { return appliedIndex; }

  private void add(Op op, long bytes) {
    if (ops.size() >= MAX_OPS) throw new IllegalArgumentException("batch exceeds " + MAX_OPS + " operations");
    if (sizeBytes + bytes > MAX_BATCH_BYTES) {
      throw new IllegalArgumentException("batch exceeds " + MAX_BATCH_BYTES + " bytes");
    }
    ops.add(op);
    sizeBytes += bytes;
  }

  private static void checkKey(Cf cf, byte[] key) {
    if (cf == null || key == null) throw new IllegalArgumentException("column family and key are required");
    if (key.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("key of " + key.length + " bytes exceeds " + MAX_KEY_BYTES);
    }
    if (cf == Cf.META && Arrays.equals(key, AppliedIndex.KEY)) {
      // Only setAppliedIndex may write it, so the engines' monotonicity check cannot be bypassed.
      throw new IllegalArgumentException("the applied index key is written with setAppliedIndex");
    }
  }
}
