package io.faunus.storage;

import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * The newest change time of each index partition, in {@link Cf#PARTITION_LATEST}: one plain key per partition,
 * its value the 8-byte big-endian commit time, overwritten by every commit that changes the partition.
 *
 * <p>Optimistic validation asks only "did this partition change after my snapshot?", so one time per partition
 * answers it with a point get. History reads ({@code at()}) never read partition times, and nothing needs the
 * older times, so there is nothing for the sweeper to delete either.
 */
public final class PartitionTimes {
  private PartitionTimes() {}

  /** Stages "the partition changed at {@code tsMicros}" into the batch (the caller keeps times increasing). */
  public static void put(Batch batch, byte[] partitionKey, long tsMicros) {
    if (tsMicros < 0) throw new IllegalArgumentException("commit time must be >= 0: " + tsMicros);
    batch.putOwned(Cf.PARTITION_LATEST, partitionKey.clone(), encode(tsMicros));
  }

  /** The newest change time of the partition at the snapshot; empty when it never changed. */
  public static OptionalLong latest(Snapshot snapshot, byte[] partitionKey) {
    byte[] v = snapshot.get(Cf.PARTITION_LATEST, partitionKey);
    return v == null ? OptionalLong.empty() : OptionalLong.of(decode(v));
  }

  static byte[] encode(long tsMicros) {
    return ByteBuffer.allocate(Long.BYTES).putLong(tsMicros).array();
  }

  static long decode(byte[] value) {
    if (value.length != Long.BYTES) throw new StorageException("corrupt partition time: " + value.length + " bytes");
    return ByteBuffer.wrap(value).getLong();
  }
}
