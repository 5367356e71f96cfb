package io.faunus.model.doc;

import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    return read(new Reader(b), commit);
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

  private static Value read(Reader in, Instant commit) {
    int tag = in.readUnsignedByte();
    return switch (tag) {
      case NULL -> NullV.NULL;
      case FALSE -> BoolV.FALSE;
      case TRUE -> BoolV.TRUE;
      case INT -> new IntV(in.readInt());
      case LONG -> new LongV(in.readLong());
      case DOUBLE -> new DoubleV(in.readDouble());
      case STR -> new StrV(readString(in));
      case ID -> new IdV(in.readLong());
      case TIME -> new TimeV(Instant.ofEpochSecond(in.readLong(), in.readInt()));
      case DATE -> new DateV(LocalDate.ofEpochDay(in.readLong()));
      case BYTES -> new BytesV(in.readNBytes(in.readInt()));
      case UUID_T -> new UuidV(new UUID(in.readLong(), in.readLong()));
      case TXN_TIME -> commit == null ? TxnTimeV.INSTANCE : new TimeV(commit);
      case ARRAY -> {
        int n = in.readInt();
        List<Value> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(read(in, commit));
        yield new ArrayV(out);
      }
      case OBJECT -> {
        int n = in.readInt();
        Map<String, Value> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) out.put(readString(in), read(in, commit));
        yield new ObjectV(out);
      }
      case DOC -> DocV.byId(readString(in), in.readLong());
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

  private static String readString(Reader in) {
    int n = in.readInt();
    return new String(in.buf, in.take(n), n, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * What {@link #write} wrote, read back from the array directly (big-endian, as DataOutputStream writes): every
   * document read decodes its value, and a DataInputStream over a ByteArrayInputStream costs a synchronized call
   * and a copy per field.
   */
  private static final class Reader {
    final byte[] buf;
    private int pos;

    Reader(byte[] buf) {
      this.buf = buf;
    }

    /** The position of the next {@code n} bytes, which are then consumed. */
    int take(int n) {
      if (n < 0 || n > buf.length - pos) throw new IllegalStateException("corrupt value: truncated at byte " + pos);
      int at = pos;
      pos += n;
      return at;
    }

    int readUnsignedByte() {
      return buf[take(1)] & 0xFF;
    }

    int readInt() {
      int at = take(Integer.BYTES);
      return (buf[at] & 0xFF) << 24 | (buf[at + 1] & 0xFF) << 16 | (buf[at + 2] & 0xFF) << 8 | buf[at + 3] & 0xFF;
    }

    long readLong() {
      return (long) readInt() << 32 | readInt() & 0xFFFF_FFFFL;
    }

    double readDouble() {
      return Double.longBitsToDouble(readLong());
    }

    byte[] readNBytes(int n) {
      int at = take(n);
      return java.util.Arrays.copyOfRange(buf, at, at + n);
    }
  }
}
