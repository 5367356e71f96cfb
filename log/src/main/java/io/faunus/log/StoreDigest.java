package io.faunus.log;

import io.faunus.storage.Cf;
import io.faunus.storage.Cursor;
import io.faunus.storage.Mvcc;
import io.faunus.storage.Version;
import io.faunus.storage.Snapshot;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A digest of a replica's data at one applied index: two replicas that applied the same log have the same
 * digest. It covers the newest version of every logical key in every column family but META (which holds
 * per-node bookkeeping such as the Raft term): older versions are left out because each replica's history
 * sweep removes them at its own time (a sweep never changes what a read at or after its cutoff sees, so
 * the newest versions are the same on every replica).
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
    for (Cf cf : Cf.values()) {
      if (cf == Cf.META) continue;
      try (Cursor<Version.Live> it = Mvcc.scanAt(snap, cf, new byte[0], atMicros, false)) {
        while (it.hasNext()) {
          Version.Live v = it.next();
          len.clear();
          len.put((byte) cf.ordinal()).putInt(v.logicalKey().length).putInt(v.value().length).putLong(v.tsMicros());
          md.update(len.array());
          md.update(v.logicalKey());
          md.update(v.value());
        }
      }
    }
    return new Digest(HexFormat.of().formatHex(md.digest()), snap.appliedIndex());
  }
}
