package io.faunus.model.db;

import io.faunus.model.doc.ValueSerde;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One version of a document as stored: user data (or a definition's fields), the version's time ({@code
 * TimeV}, or {@code TxnTimeV} while pending in the writing query) and the optional ttl.
 */
public record DocState(ObjectV data, Value ts, TimeV ttl) {
  private static final String DATA = "d", TTL = "t";

  public byte[] encode() {
    return encode(Integer.MAX_VALUE - 8);
  }

  /** At most {@code maxBytes}, else {@link io.faunus.model.doc.BoundedBytes.Full} (see ValueSerde). */
  public byte[] encode(int maxBytes) {
    Map<String, Value> m = new LinkedHashMap<>();
    m.put(DATA, data);
    if (ttl != null) m.put(TTL, ttl);
    return ValueSerde.encode(new ObjectV(m), maxBytes);
  }

  /** Decodes a stored version; {@code tsMicros} < 0 means pending in this query (ts = TransactionTime()). */
  public static DocState decode(byte[] bytes, long tsMicros) {
    Instant commit = tsMicros < 0 ? null : toInstant(tsMicros);
    ObjectV m = (ObjectV) ValueSerde.decode(bytes, commit);
    Value ttl = m.get(TTL);
    return new DocState((ObjectV) m.get(DATA), commit == null ? TxnTimeV.INSTANCE : new TimeV(commit),
        ttl instanceof TimeV t ? t : null);
  }

  public static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  public DocState withData(ObjectV d) {
    return new DocState(d, ts, ttl);
  }
}
