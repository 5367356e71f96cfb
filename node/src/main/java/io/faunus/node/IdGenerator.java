package io.faunus.node;

import java.util.function.LongSupplier;

/**
 * Time-ordered 64-bit document ids (architecture: milliseconds, node id, sequence): 41 bits of
 * milliseconds since 2020-01-01, 10 bits of node id, 12 bits of sequence. Ids from one node strictly
 * increase, so creation order is id order; nodes never collide.
 */
public final class IdGenerator {
  static final long EPOCH_MS = 1_577_836_800_000L; // 2020-01-01T00:00:00Z
  static final int NODE_BITS = 10;
  static final int SEQ_BITS = 12;
  static final int NODE_ID_MAX = (1 << NODE_BITS) - 1;

  private final long node;
  private long lastMs = -1;
  private long seq;

  private final LongSupplier wallMillis;

  public IdGenerator(int node) {
    this(node, System::currentTimeMillis);
  }

  /** With the wall clock {@code wallMillis} (ms since the epoch; the simulation passes its own). */
  public IdGenerator(int node, LongSupplier wallMillis) {
    this.wallMillis = wallMillis;
    if (node < 0 || node >= (1 << NODE_BITS)) throw new IllegalArgumentException("node id out of range: " + node);
    this.node = node;
  }

  public synchronized long next() {
    long ms = Math.max(wallMillis.getAsLong() - EPOCH_MS, lastMs);
    if (ms == lastMs) {
      seq = (seq + 1) & ((1 << SEQ_BITS) - 1);
      if (seq == 0) ms = lastMs + 1; // sequence exhausted: borrow the next millisecond
    } else {
      seq = 0;
    }
    lastMs = ms;
    long id = (ms << (NODE_BITS + SEQ_BITS)) | (node << SEQ_BITS) | seq;
    assert id > 0;
    return id;
  }
}
