package io.faunus.log;

import io.faunus.storage.Cf;
import io.faunus.storage.Cursor;
import io.faunus.storage.Entry;
import io.faunus.storage.Mvcc;
import io.faunus.storage.Version;
import io.faunus.storage.Snapshot;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A digest of a replica's data at one applied index: two replicas that applied the same log have the same
 * digest. It covers the newest version of every logical key in every column family but META (which holds
 * per-node bookkeeping such as the Raft term): older versions are left out because each replica's history
 * sweep removes them at its own time (a sweep never changes what a read at or after its cutoff sees, so
 * the newest versions are the same on every replica).
 *
 * <p>Index-partition times ({@link Cf#PARTITION_LATEST}, one plain newest time per partition since step 8) are
 * digested as main digested them when they were versions in PARTITION_TS (empty value, their time, in key order
 * among PARTITION_TS's keys), so a backup manifest written before step 8 still verifies. Their earlier times
 * are not kept, so a digest at a time before the snapshot's last commit leaves them out.
 */
public final class StoreDigest {
  private StoreDigest() {}

  public record Digest(String sha256, long appliedIndex) {}

  public static Digest of(Snapshot snap) {
    return of(snap, Long.MAX_VALUE);
  }

  /**
   * The digest of the data as of commit time {@code atMicros}: the newest version at or before it of every
   * key. Equal to the digest of a copy taken when {@code atMicros} was the last commit applied, as long as
   * the history sweep has not yet removed versions that were newest then.
   */
  public static Digest of(Snapshot snap, long atMicros) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    ByteBuffer len = ByteBuffer.allocate(1 + Integer.BYTES * 2 + Long.BYTES);
    boolean partitionTimes = atMicros >= Applier.lastCommitMicros(snap);
    for (Cf cf : Cf.values()) {
      if (!cf.versioned()) continue;
      try (Cursor<Version.Live> versions = Mvcc.scanAt(snap, cf, new byte[0], atMicros, false);
           Cursor<Entry> times = cf == Cf.PARTITION_TS && partitionTimes
               ? snap.iterate(Cf.PARTITION_LATEST, null, null, false) : null) {
        Version.Live v = next(versions);
        Entry t = next(times);
        while (v != null || t != null) {
          if (t == null || (v != null && Arrays.compareUnsigned(v.logicalKey(), t.key()) < 0)) {
            update(md, len, cf, v.logicalKey(), v.value(), v.tsMicros());
            v = next(versions);
          } else {
            update(md, len, cf, t.key(), new byte[0], ByteBuffer.wrap(t.value()).getLong());
            t = next(times);
          }
        }
      }
    }
    return new Digest(HexFormat.of().formatHex(md.digest()), snap.appliedIndex());
  }

  private static <T> T next(Cursor<T> c) {
    return c != null && c.hasNext() ? c.next() : null;
  }

  private static void update(MessageDigest md, ByteBuffer len, Cf cf, byte[] key, byte[] value, long tsMicros) {
    len.clear();
    len.put((byte) cf.ordinal()).putInt(key.length).putInt(value.length).putLong(tsMicros);
    md.update(len.array());
    md.update(key);
    md.update(value);
  }
}
