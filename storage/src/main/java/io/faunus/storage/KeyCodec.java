package io.faunus.storage;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * Order-preserving, self-delimiting byte encoding of {@link Tuple}s.
 *
 * <p>Layout of one element: a type tag, then a body. Every element encoding is prefix-free (a decoder
 * knows where it ends without outside help); that is what makes both concatenation and complement work:
 * <ul>
 *   <li>null, false, true: the tag alone;
 *   <li>int: tag, 8 bytes big-endian with the sign bit flipped;
 *   <li>real: tag, 8 bytes: the IEEE bits (NaN canonicalized) with the sign bit flipped for positives
 *       and all bits flipped for negatives, so -0.0 &lt; 0.0 and NaN sorts last, as {@link Double#compare};
 *   <li>text (UTF-8) and bytes: tag, the bytes with 0x00 escaped as 0x00 0xFF, then the terminator
 *       0x00 0x00. A shorter string therefore sorts first ("a" &lt; "a\0" &lt; "a\1" &lt; "ab"), and the
 *       terminator never appears inside a body, so no string is a byte prefix of another element;
 *   <li>nested tuple: tag, the elements, then 0x00 (no tag is 0x00, so the end is unambiguous and a
 *       shorter tuple sorts before its extensions);
 *   <li>descending: the bitwise complement of the whole inner encoding, tag included. Ascending tags are
 *       all below 0x80, so a complemented tag is at least 0x80 and the decoder recognizes it. Complement
 *       reverses the order of prefix-free encodings exactly.
 * </ul>
 * A top-level tuple is the plain concatenation of its elements, with no terminator, so a tuple's
 * encoding is a byte prefix of its extensions' encodings.
 */
public final class KeyCodec {
  /** Nesting limit for tuples inside tuples; bounds recursion when decoding untrusted bytes. */
  public static final int MAX_DEPTH = 32;

  static final int TAG_NULL = 0x05;
  static final int TAG_FALSE = 0x06;
  static final int TAG_TRUE = 0x07;
  static final int TAG_INT = 0x10;
  static final int TAG_REAL = 0x11;
  static final int TAG_TEXT = 0x20;
  static final int TAG_BYTES = 0x21;
  static final int TAG_NESTED = 0x30;
  static final int END = 0x00;
  static final int ESCAPE = 0xFF;
  private static final int DESC_TAG_MIN = 0x80;

  private KeyCodec() {}

  public static byte[] encode(Tuple tuple) {
    var out = new Sink(64); // a document or index key of the root database fits without growing
    for (KeyElement e : tuple.elements()) encode(out, e, 0, 0);
    return out.toArray();
  }

  public static Tuple decode(byte[] encoded) {
    var in = new Source(encoded);
    var elements = new ArrayList<KeyElement>();
    while (in.pos < encoded.length) elements.add(decodeElement(in, 0, 0));
    return new Tuple(elements);
  }

  /**
   * The smallest key greater than every key that starts with {@code prefix}, for use as an exclusive
   * range end; {@code null} (unbounded) when no such key exists (empty prefix, or all 0xFF bytes).
   */
  public static byte[] prefixEnd(byte[] prefix) {
    int i = prefix.length - 1;
    while (i >= 0 && prefix[i] == (byte) 0xFF) i--;
    if (i < 0) return null;
    byte[] end = Arrays.copyOf(prefix, i + 1);
    end[i]++;
    return end;
  }

  /** Element order as documented on {@link KeyElement}, defined independently of the encoding. */
  static int compare(KeyElement a, KeyElement b) {
    if (a instanceof KeyElement.Desc da) {
      return b instanceof KeyElement.Desc db ? compare(db.inner(), da.inner()) : 1;
    }
    if (b instanceof KeyElement.Desc) return -1;
    int c = Integer.compare(tag(a), tag(b));
    if (c != 0) return c;
    return switch (a) {
      case KeyElement.Int x -> Long.compare(x.value(), ((KeyElement.Int) b).value());
      case KeyElement.Real x -> Double.compare(x.value(), ((KeyElement.Real) b).value());
      case KeyElement.Text x -> compareCodePoints(x.value(), ((KeyElement.Text) b).value());
      case KeyElement.Bytes x -> Arrays.compareUnsigned(x.value(), ((KeyElement.Bytes) b).value());
      case KeyElement.Nested x -> x.tuple().compareTo(((KeyElement.Nested) b).tuple());
      case KeyElement.Null x -> 0;
      case KeyElement.Bool x -> 0; // the tag already separates false from true
      case KeyElement.Desc x -> throw new AssertionError("handled above");
    };
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0, j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i), cb = b.codePointAt(j);
      if (ca != cb) return Integer.compare(ca, cb);
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  static void requireWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(ch)) {
        // UTF-8 cannot carry it; encoding it as '?' would silently merge distinct keys.
        throw new IllegalArgumentException("text key has an unpaired surrogate at index " + i);
      }
    }
  }

  private static int tag(KeyElement e) {
    return switch (e) {
      case KeyElement.Null x -> TAG_NULL;
      case KeyElement.Bool x -> x.value() ? TAG_TRUE : TAG_FALSE;
      case KeyElement.Int x -> TAG_INT;
      case KeyElement.Real x -> TAG_REAL;
      case KeyElement.Text x -> TAG_TEXT;
      case KeyElement.Bytes x -> TAG_BYTES;
      case KeyElement.Nested x -> TAG_NESTED;
      case KeyElement.Desc x -> throw new AssertionError("desc has no tag of its own");
    };
  }

  /** {@code mask} is 0x00 for ascending and 0xFF inside a descending element: every byte is XORed. */
  private static void encode(Sink out, KeyElement e, int mask, int depth) {
    if (e instanceof KeyElement.Desc d) {
      encode(out, d.inner(), mask ^ 0xFF, depth);
      return;
    }
    int tag = tag(e);
    assert tag > END && tag < DESC_TAG_MIN;
    out.put(tag ^ mask);
    switch (e) {
      case KeyElement.Int x -> out.putLong(x.value() ^ Long.MIN_VALUE, mask);
      case KeyElement.Real x -> out.putLong(sortableBits(x.value()), mask);
      case KeyElement.Text x -> putEscaped(out, x.value().getBytes(StandardCharsets.UTF_8), mask);
      case KeyElement.Bytes x -> putEscaped(out, x.value(), mask);
      case KeyElement.Nested x -> {
        if (depth + 1 > MAX_DEPTH) throw new IllegalArgumentException("key nests deeper than " + MAX_DEPTH);
        for (KeyElement child : x.tuple().elements()) encode(out, child, mask, depth + 1);
        out.put(END ^ mask);
      }
      case KeyElement.Null x -> {}
      case KeyElement.Bool x -> {}
      case KeyElement.Desc x -> throw new AssertionError("handled above");
    }
  }

  private static long sortableBits(double d) {
    long bits = Double.doubleToLongBits(d); // canonical NaN: one NaN, one position
    return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
  }

  private static double fromSortableBits(long sortable) {
    long bits = sortable < 0 ? sortable ^ Long.MIN_VALUE : ~sortable;
    return Double.longBitsToDouble(bits);
  }

  private static void putEscaped(Sink out, byte[] bytes, int mask) {
    int zeros = 0;
    for (byte b : bytes) if (b == 0) zeros++;
    out.reserve(bytes.length + zeros + 2);
    if (mask == 0) {
      // Ascending (every key head, see Mvcc): copy the runs between zero bytes, each zero followed by its escape.
      int from = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] != 0) continue;
        out.putReserved(bytes, from, i + 1 - from);
        out.putReserved(ESCAPE);
        from = i + 1;
      }
      out.putReserved(bytes, from, bytes.length - from);
    } else {
      for (byte b : bytes) {
        out.putReserved(b ^ mask);
        if (b == 0) out.putReserved(ESCAPE ^ mask);
      }
    }
    out.putReserved(END ^ mask);
    out.putReserved(END ^ mask);
  }

  private static KeyElement decodeElement(Source in, int mask, int depth) {
    int at = in.pos;
    int tag = in.next(mask);
    if (tag >= DESC_TAG_MIN) {
      return new KeyElement.Desc(decodeBody(in, tag ^ 0xFF, mask ^ 0xFF, depth, at));
    }
    return decodeBody(in, tag, mask, depth, at);
  }

  private static KeyElement decodeBody(Source in, int tag, int mask, int depth, int at) {
    return switch (tag) {
      case TAG_NULL -> KeyElement.NULL;
      case TAG_FALSE -> KeyElement.FALSE;
      case TAG_TRUE -> KeyElement.TRUE;
      case TAG_INT -> new KeyElement.Int(in.nextLong(mask) ^ Long.MIN_VALUE);
      case TAG_REAL -> new KeyElement.Real(fromSortableBits(in.nextLong(mask)));
      case TAG_TEXT -> new KeyElement.Text(utf8(in.nextEscaped(mask), at));
      case TAG_BYTES -> new KeyElement.Bytes(in.nextEscaped(mask));
      case TAG_NESTED -> {
        if (depth + 1 > MAX_DEPTH) throw in.malformed("nesting deeper than " + MAX_DEPTH, at);
        var children = new ArrayList<KeyElement>();
        while (in.peek(mask) != END) children.add(decodeElement(in, mask, depth + 1));
        in.next(mask);
        yield new KeyElement.Nested(new Tuple(children));
      }
      default -> throw in.malformed("unknown tag 0x" + Integer.toHexString(tag), at);
    };
  }

  private static String utf8(byte[] bytes, int at) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("malformed key: invalid UTF-8 in text at offset " + at, e);
    }
  }

  /** Escapes raw bytes and terminates them: the same self-delimiting form text and bytes use. */
  static byte[] escapeTerminated(byte[] raw) {
    var out = new Sink(raw.length + 4);
    putEscaped(out, raw, 0);
    return out.toArray();
  }

  /** Inverse of {@link #escapeTerminated} for {@code escaped[from, to)}, which includes the terminator. */
  static byte[] unescapeTerminated(byte[] escaped, int from, int to) {
    var in = new Source(Arrays.copyOfRange(escaped, from, to));
    byte[] raw = in.nextEscaped(0);
    if (in.pos != to - from) throw in.malformed("trailing bytes after terminator", in.pos);
    return raw;
  }

  private static final class Sink {
    private byte[] buf;
    private int len;

    Sink(int capacity) { buf = new byte[capacity]; }

    void put(int b) {
      reserve(1);
      buf[len++] = (byte) b;
    }

    /** Room for {@code n} more bytes, so that the {@code putReserved} methods need no check of their own. */
    void reserve(int n) {
      if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(Math.max(16, buf.length * 2), len + n));
    }

    void putReserved(int b) {
      buf[len++] = (byte) b;
    }

    void putReserved(byte[] bytes, int from, int n) {
      System.arraycopy(bytes, from, buf, len, n);
      len += n;
    }

    void putLong(long v, int mask) {
      reserve(Long.BYTES);
      long masked = mask == 0 ? v : ~v; // mask is 0x00 or 0xFF: every byte or none flipped
      for (int shift = 56; shift >= 0; shift -= 8) buf[len++] = (byte) (masked >>> shift);
    }

    byte[] toArray() { return Arrays.copyOf(buf, len); }
  }

  private static final class Source {
    private final byte[] buf;
    int pos;

    Source(byte[] buf) { this.buf = buf; }

    int peek(int mask) {
      if (pos >= buf.length) throw malformed("truncated", pos);
      return (buf[pos] & 0xFF) ^ mask;
    }

    int next(int mask) {
      int b = peek(mask);
      pos++;
      return b;
    }

    long nextLong(int mask) {
      long v = 0;
      for (int i = 0; i < 8; i++) v = v << 8 | next(mask);
      return v;
    }

    /** An escaped, terminated body: found in one pass, copied without its escapes in a second. */
    byte[] nextEscaped(int mask) {
      int i = pos, zeros = 0;
      for (;;) {
        if (i >= buf.length) throw malformed("truncated", i);
        if (((buf[i] & 0xFF) ^ mask) != 0) {
          i++;
          continue;
        }
        if (i + 1 >= buf.length) throw malformed("truncated", i + 1);
        int after = (buf[i + 1] & 0xFF) ^ mask;
        if (after == END) break;
        if (after != ESCAPE) throw malformed("bad escape 0x00 0x" + Integer.toHexString(after), i);
        zeros++;
        i += 2;
      }
      byte[] out = new byte[i - pos - zeros];
      int n = 0;
      for (int j = pos; j < i; j++) {
        byte b = (byte) (buf[j] ^ mask);
        out[n++] = b;
        if (b == 0) j++; // its escape
      }
      assert n == out.length : "every escape was counted";
      pos = i + 2;
      return out;
    }

    IllegalArgumentException malformed(String what, int at) {
      return new IllegalArgumentException("malformed key: " + what + " at offset " + at + " of " + buf.length);
    }
  }
}
