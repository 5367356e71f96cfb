package io.faunus.model.doc;

import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Binary form of persistable values (spec §6.2) as stored in document versions. A tag byte per value;
 * strings are modified-UTF-8 chunks so any length fits. {@code TransactionTime()} is stored as a marker
 * that reads back as the version's own commit time, which is how a write learns its commit time without
 * the log rewriting payloads.
 */
public final class ValueSerde {
  private ValueSerde() {}

  private static final int NULL = 0, FALSE = 1, TRUE = 2, INT = 3, LONG = 4, DOUBLE = 5, STR = 6, ID = 7,
      TIME = 8, DATE = 9, BYTES = 10, UUID_T = 11, TXN_TIME = 12, ARRAY = 13, OBJECT = 14, DOC = 15, NAMED = 16;

  public static byte[] encode(Value v) {
    return encode(v, Integer.MAX_VALUE - 8);
  }

  /**
   * Encodes {@code v} in at most {@code maxBytes}, or stops with {@link BoundedBytes.Full} at the first byte
   * past them: a value whose parts are shared (written once per occurrence) must not be encoded whole
   * before its size is known.
   */
  public static byte[] encode(Value v, int maxBytes) {
    BoundedBytes bytes = new BoundedBytes(64, maxBytes);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(out, v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Decodes; {@code TransactionTime()} markers become {@code commit} (null keeps the marker). */
  public static Value decode(byte[] b, Instant commit) {
    // Read from the array directly (big-endian, as DataOutputStream writes): every document read decodes its
    // value, and a DataInputStream over a ByteArrayInputStream cost a synchronized call and a copy per field.
    ByteBuffer in = ByteBuffer.wrap(b);
    try {
      return read(in, commit);
    } catch (BufferUnderflowException e) {
      throw new IllegalStateException("corrupt value: truncated at byte " + in.position(), e);
    }
  }

  private static void write(DataOutputStream out, Value v) throws IOException {
    switch (v) {
      case NullV n -> out.writeByte(NULL);
      case BoolV b -> out.writeByte(b.value() ? TRUE : FALSE);
      case IntV i -> { out.writeByte(INT); out.writeInt(i.value()); }
      case LongV l -> { out.writeByte(LONG); out.writeLong(l.value()); }
      case DoubleV d -> { out.writeByte(DOUBLE); out.writeDouble(d.value()); }
      case StrV s -> { out.writeByte(STR); writeString(out, s.value()); }
      case IdV i -> { out.writeByte(ID); out.writeLong(i.value()); }
      case TimeV t -> { out.writeByte(TIME); out.writeLong(t.value().getEpochSecond()); out.writeInt(t.value().getNano()); }
      case DateV d -> { out.writeByte(DATE); out.writeLong(d.value().toEpochDay()); }
      case BytesV b -> { out.writeByte(BYTES); out.writeInt(b.value().length); out.write(b.value()); }
      case UuidV u -> { out.writeByte(UUID_T); out.writeLong(u.value().getMostSignificantBits()); out.writeLong(u.value().getLeastSignificantBits()); }
      case TxnTimeV t -> out.writeByte(TXN_TIME);
      case ArrayV a -> {
        out.writeByte(ARRAY);
        out.writeInt(a.elems().size());
        for (Value x : a.elems()) write(out, x);
      }
      case ObjectV o -> {
        out.writeByte(OBJECT);
        out.writeInt(o.fields().size());
        for (var e : o.fields().entrySet()) {
          writeString(out, e.getKey());
          write(out, e.getValue());
        }
      }
      case DocV d when d.named() -> { out.writeByte(NAMED); writeString(out, d.coll()); writeString(out, d.name()); }
      case DocV d -> { out.writeByte(DOC); writeString(out, d.coll()); out.writeLong(d.id()); }
      default -> throw new IllegalArgumentException("not persistable: " + v.getClass().getSimpleName());
    }
  }

  private static Value read(ByteBuffer in, Instant commit) {
    int tag = in.get() & 0xFF;
    return switch (tag) {
      case NULL -> NullV.NULL;
      case FALSE -> BoolV.FALSE;
      case TRUE -> BoolV.TRUE;
      case INT -> new IntV(in.getInt());
      case LONG -> new LongV(in.getLong());
      case DOUBLE -> new DoubleV(in.getDouble());
      case STR -> new StrV(readString(in));
      case ID -> new IdV(in.getLong());
      case TIME -> new TimeV(Instant.ofEpochSecond(in.getLong(), in.getInt()));
      case DATE -> new DateV(LocalDate.ofEpochDay(in.getLong()));
      case BYTES -> new BytesV(readBytes(in));
      case UUID_T -> new UuidV(new UUID(in.getLong(), in.getLong()));
      case TXN_TIME -> commit == null ? TxnTimeV.INSTANCE : new TimeV(commit);
      case ARRAY -> {
        int n = in.getInt();
        List<Value> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(read(in, commit));
        yield new ArrayV(out);
      }
      case OBJECT -> {
        int n = in.getInt();
        Map<String, Value> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) out.put(readString(in), read(in, commit));
        yield new ObjectV(out);
      }
      case DOC -> DocV.byId(readString(in), in.getLong());
      case NAMED -> DocV.byName(readString(in), readString(in));
      default -> throw new IllegalStateException("corrupt value: tag " + tag);
    };
  }

  // writeUTF is limited to 64 KiB; strings may be 16 MiB, so write length + UTF-8 bytes.
  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(ByteBuffer in) {
    int n = length(in);
    String text = new String(in.array(), in.position(), n, java.nio.charset.StandardCharsets.UTF_8);
    in.position(in.position() + n);
    return text;
  }

  private static byte[] readBytes(ByteBuffer in) {
    byte[] bytes = new byte[length(in)];
    in.get(bytes);
    return bytes;
  }

  /** A length prefix, checked against what is left (a negative or oversized one is as truncated as a short body). */
  private static int length(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > in.remaining()) throw new BufferUnderflowException();
    return n;
  }
}
