package io.faunus.log;

import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of an {@link Entry}, as a replicated log stores and ships it. Versioned by its first
 * byte, so a node can refuse entries of a format it does not know instead of misreading them.
 *
 * <pre>
 * entry  = version:u8(=1) proposedMicros:i64 count:i32 intent*count
 * intent = snapshotMicros:i64 nReads:i32 read*nReads nWrites:i32 write*nWrites
 * read   = cf:u8 key:bytes what:utf8
 * write  = cf:u8 key:bytes value:(i32 -1 = deletion | bytes)
 * bytes  = len:i32 byte*len          utf8 = bytes
 * </pre>
 */
public final class EntryCodec {
  private EntryCodec() {}

  static final byte VERSION = 1;
  /** A read's description is short ("Coll(123)", "schema"); longer ones are cut when encoded. */
  static final int WHAT_BYTES_MAX = 4096;

  public static byte[] encode(Entry entry) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(entry.proposedMicros());
      out.writeInt(entry.intents().size());
      for (Intent intent : entry.intents()) {
        out.writeLong(intent.snapshotMicros());
        out.writeInt(intent.reads().size());
        for (Intent.Read r : intent.reads()) {
          out.writeByte(r.cf().ordinal());
          writeBytes(out, r.key());
          byte[] what = r.what().getBytes(StandardCharsets.UTF_8);
          writeBytes(out, what.length <= WHAT_BYTES_MAX ? what : java.util.Arrays.copyOf(what, WHAT_BYTES_MAX));
        }
        out.writeInt(intent.writes().size());
        for (Intent.Write w : intent.writes()) {
          out.writeByte(w.cf().ordinal());
          writeBytes(out, w.key());
          if (w.value() == null) out.writeInt(-1);
          else writeBytes(out, w.value());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  /** @throws IllegalArgumentException when the bytes are not an entry of a known version */
  public static Entry decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte version = in.get();
      if (version != VERSION) throw corrupt("unknown entry version " + version);
      long proposed = in.getLong();
      int count = count(in, Entry.INTENTS_MAX);
      List<Intent> intents = new ArrayList<>(count);
      for (int i = 0; i < count; i++) intents.add(intent(in));
      if (in.hasRemaining()) throw corrupt(in.remaining() + " trailing bytes");
      return new Entry(proposed, intents);
    } catch (BufferUnderflowException e) {
      throw corrupt("truncated");
    }
  }

  private static Intent intent(ByteBuffer in) {
    long snapshot = in.getLong();
    int nReads = count(in, Batch.MAX_OPS);
    List<Intent.Read> reads = new ArrayList<>(Math.min(nReads, 1024));
    for (int i = 0; i < nReads; i++) {
      Cf cf = cf(in);
      byte[] key = bytes(in, Batch.MAX_KEY_BYTES);
      reads.add(new Intent.Read(cf, key, new String(bytes(in, WHAT_BYTES_MAX), StandardCharsets.UTF_8)));
    }
    int nWrites = count(in, Batch.MAX_OPS);
    List<Intent.Write> writes = new ArrayList<>(Math.min(nWrites, 1024));
    for (int i = 0; i < nWrites; i++) {
      Cf cf = cf(in);
      byte[] key = bytes(in, Batch.MAX_KEY_BYTES);
      in.mark();
      byte[] value = in.getInt() == -1 ? null : bytes(resetTo(in), Batch.MAX_VALUE_BYTES);
      writes.add(new Intent.Write(cf, key, value));
    }
    return new Intent(snapshot, reads, writes);
  }

  private static ByteBuffer resetTo(ByteBuffer in) {
    in.reset();
    return in;
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static Cf cf(ByteBuffer in) {
    int ordinal = in.get() & 0xff;
    if (ordinal >= Cf.values().length) throw corrupt("unknown column family " + ordinal);
    return Cf.values()[ordinal];
  }

  private static int count(ByteBuffer in, int max) {
    int n = in.getInt();
    if (n < 0 || n > max) throw corrupt("count " + n + " outside 0.." + max);
    return n;
  }

  private static byte[] bytes(ByteBuffer in, int max) {
    int n = count(in, max);
    if (n > in.remaining()) throw corrupt("truncated");
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }

  private static IllegalArgumentException corrupt(String why) {
    return new IllegalArgumentException("corrupt log entry: " + why);
  }
}
