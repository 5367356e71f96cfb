package io.faunus.log;

import io.faunus.storage.Cf;
import io.faunus.storage.Cursor;
import io.faunus.storage.Entry;
import io.faunus.storage.Snapshot;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A digest of a replica's data at one applied index: two replicas that applied the same log have the same
 * digest. Covers every column family but META (which holds per-node bookkeeping such as the Raft term).
 * Versions removed by the history sweep differ between replicas that swept at different times, so compare
 * digests within the history window (30 minutes by default).
 */
public final class StoreDigest {
  private StoreDigest() {}

  public record Digest(String sha256, long appliedIndex) {}

  public static Digest of(Snapshot snap) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    ByteBuffer len = ByteBuffer.allocate(Integer.BYTES * 2 + 1);
    for (Cf cf : Cf.values()) {
      if (cf == Cf.META) continue;
      try (Cursor<Entry> it = snap.iterate(cf, null, null, false)) {
        while (it.hasNext()) {
          Entry e = it.next();
          len.clear();
          len.put((byte) cf.ordinal()).putInt(e.key().length).putInt(e.value().length);
          md.update(len.array());
          md.update(e.key());
          md.update(e.value());
        }
      }
    }
    return new Digest(HexFormat.of().formatHex(md.digest()), snap.appliedIndex());
  }
}
