package io.faunus.model.doc;

import io.faunus.storage.Cf;
import io.faunus.storage.Cursor;
import io.faunus.storage.Mvcc;
import io.faunus.storage.Snapshot;
import io.faunus.storage.Version;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A user collection's change log: every transaction that writes documents of a collection touches the
 * collection's partition key ({@link Keys#collectionTs}) anyway (phantom protection); the version it writes
 * there carries the ids of the documents it changed, in the order they were first written. So the versions
 * of that one key, in time order, are the collection's changes in commit order, written through the log like
 * everything else (every replica has them) and kept for the history window by the sweeper. Event sources
 * replay them ({@code io.faunus.model.events}).
 *
 * <p>Value: version byte 1, then the ids as 8-byte big-endian longs. An empty value (a native collection, or
 * a version written before the log existed) names no document.
 */
public final class ChangeLog {
  private ChangeLog() {}

  private static final byte VERSION = 1;

  /** One transaction's changes to the collection: its commit time and the ids it wrote, in order. */
  public record Commit(long tsMicros, List<Long> ids) {}

  static byte[] encode(List<Long> ids) {
    ByteBuffer b = ByteBuffer.allocate(1 + Long.BYTES * ids.size()).put(VERSION);
    for (long id : ids) b.putLong(id);
    return b.array();
  }

  static List<Long> decode(byte[] value) {
    if (value.length == 0 || value[0] != VERSION || (value.length - 1) % Long.BYTES != 0) return List.of();
    ByteBuffer b = ByteBuffer.wrap(value, 1, value.length - 1);
    List<Long> ids = new ArrayList<>(b.remaining() / Long.BYTES);
    while (b.hasRemaining()) ids.add(b.getLong());
    return ids;
  }

  /**
   * The collection's commits with {@code afterMicros < ts <= upToMicros}, oldest first, at most {@code max}
   * of them (commits that name no document are skipped but still count, so a scan stays bounded).
   */
  public static List<Commit> between(Snapshot snap, long db, long coll, long afterMicros, long upToMicros, int max) {
    List<Commit> out = new ArrayList<>();
    if (upToMicros <= afterMicros) return out;
    try (Cursor<Version> c = Mvcc.historyBetween(snap, Cf.PARTITION_TS, Keys.collectionTs(db, coll), afterMicros,
        upToMicros)) {
      int seen = 0;
      while (c.hasNext() && seen++ < max) {
        if (c.next() instanceof Version.Live live) {
          List<Long> ids = decode(live.value());
          if (!ids.isEmpty()) out.add(new Commit(live.tsMicros(), ids));
        }
      }
    }
    return out;
  }
}
