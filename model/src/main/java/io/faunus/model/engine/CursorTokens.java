package io.faunus.model.engine;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.doc.BoundedBytes;
import io.faunus.model.eval.Cursors;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryError;
import io.faunus.model.set.ArraySet;
import io.faunus.model.set.DropSet;
import io.faunus.model.set.LazySet;
import io.faunus.model.set.MappedSet;
import io.faunus.model.set.PagedSet;
import io.faunus.model.value.Value.SetV;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Self-contained set cursors (spec §4.3; conventions, Security): a cursor is the set itself, serialized
 * ({@link SetCodec}), with the position to continue from, signed with a key every node shares.
 *
 * <p>Token = base64url(version 1 | database id (8) | snapshot micros (8) | offset (8) | page size (4) |
 * encoded set | HMAC-SHA256 of everything before it (32)). A cursor is accepted when its MAC verifies, it
 * was issued in the database of the replaying query, and its snapshot is not older than
 * {@link #RETENTION_MICROS} (versions older than that may have been swept); otherwise
 * {@code invalid_cursor}. Nothing is kept in memory, so cursors survive restarts and work on every node
 * holding the key. The replay runs in the query that presents the cursor: its rights are checked again
 * when the set reads documents, and names (collections, UDFs, modules) resolve in it.
 *
 * <p>Tokens are at most {@link #TOKEN_CHARS_MAX} characters: a set whose cursor would be larger (an
 * array set of many large values) fails the query that returns it with {@code value_too_large} rather
 * than handing out a cursor no request could carry back.
 */
public final class CursorTokens {
  public static final int KEY_BYTES = 32;
  /** Encoded token length limit: 1 MiB, well inside the 8 MiB request body that must carry it back. */
  public static final int TOKEN_CHARS_MAX = 1 << 20;
  /** How old a cursor's snapshot may be: the version-GC window (tx.Sweeper keeps 30 minutes). */
  public static final long RETENTION_MICROS = 30L * 60 * 1_000_000;

  private static final byte VERSION = 1;
  private static final int HEADER_BYTES = 1 + 8 + 8 + 8 + 4;
  private static final int MAC_BYTES = 32;
  private static final int RAW_MAX = TOKEN_CHARS_MAX / 4 * 3;

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  public CursorTokens(byte[] key) {
    if (key == null || key.length != KEY_BYTES) throw new IllegalArgumentException("cursor key must be 32 bytes");
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** A fresh random key, generated once per deployment and kept in replicated metadata. */
  public static byte[] newKey() {
    byte[] k = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(k);
    return k;
  }

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** The cursors of queries running in database {@code dbId}. */
  public Cursors forDatabase(long dbId) {
    return new Cursors() {
      @Override
      public String issue(Interp in, SetV set, long offset, int pageSize, long snapshotMicros) {
        return CursorTokens.this.issue(in, dbId, (LazySet) set, offset, pageSize, snapshotMicros);
      }

      @Override
      public Position resolve(Interp in, String cursor, Span site) {
        return CursorTokens.this.resolve(in, dbId, cursor, site);
      }

      @Override
      public String issueSource(Interp in, SetV set, List<String> watched, long createdMicros) {
        return CursorTokens.this.issueSource(in, dbId, (LazySet) set, watched, createdMicros);
      }

      @Override
      public SourceToken resolveSource(Interp in, String token) {
        return CursorTokens.this.resolveSource(in, dbId, token);
      }
    };
  }

  // ---- event-source tokens (spec §4.12): version 2 | db (8) | created micros (8) | watched paths | set | MAC

  private static final byte SOURCE_VERSION = 2;
  private static final int SOURCE_HEADER_BYTES = 1 + 8 + 8;
  /** Watched field paths of one source, at most (each a short path text). */
  private static final int WATCHED_MAX = 64;

  private String issueSource(Interp in, long db, LazySet set, List<String> watched, long createdMicros) {
    java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(head)) {
      out.writeByte(SOURCE_VERSION);
      out.writeLong(db);
      out.writeLong(createdMicros);
      out.writeInt(watched.size());
      for (String w : watched) out.writeUTF(w);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    byte[] body;
    try {
      body = SetCodec.encode(in, head.toByteArray(), set, RAW_MAX - MAC_BYTES);
    } catch (BoundedBytes.Full e) {
      throw Interp.fail(ErrorCode.VALUE_TOO_LARGE, "Value too large: the event source's token would exceed "
          + TOKEN_CHARS_MAX + " characters.");
    } catch (SetCodec.Unencodable e) {
      throw Interp.fail(ErrorCode.INVALID_TYPE, "An event source over a set that captures " + e.getMessage()
          + " cannot be issued.");
    }
    in.chargeBytes(body.length);
    return sign(body);
  }

  private String sign(byte[] body) {
    Mac mac = macs.get();
    mac.update(body);
    byte[] token = Arrays.copyOf(body, body.length + MAC_BYTES);
    System.arraycopy(mac.doFinal(), 0, token, body.length, MAC_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  /** The signed body of a token (MAC checked), or null when it is not one of ours. */
  private byte[] verified(String token, byte version) {
    if (token == null || token.length() > TOKEN_CHARS_MAX) return null;
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (raw.length < 1 + MAC_BYTES || raw[0] != version) return null;
    int bodyLength = raw.length - MAC_BYTES;
    Mac mac = macs.get();
    mac.update(raw, 0, bodyLength);
    if (!MessageDigest.isEqual(mac.doFinal(), Arrays.copyOfRange(raw, bodyLength, raw.length))) return null;
    return Arrays.copyOf(raw, bodyLength);
  }

  private Cursors.SourceToken resolveSource(Interp in, long db, String token) {
    byte[] body = verified(token, SOURCE_VERSION);
    if (body == null || body.length < SOURCE_HEADER_BYTES + 4) throw invalidSource();
    java.io.DataInputStream data = new java.io.DataInputStream(new java.io.ByteArrayInputStream(body));
    long tokenDb, created;
    List<String> watched = new java.util.ArrayList<>();
    int setOffset;
    try {
      data.readByte();
      tokenDb = data.readLong();
      created = data.readLong();
      int n = data.readInt();
      if (n < 0 || n > WATCHED_MAX) throw invalidSource();
      for (int i = 0; i < n; i++) watched.add(data.readUTF());
      setOffset = body.length - data.available();
    } catch (java.io.IOException e) {
      throw invalidSource();
    }
    if (tokenDb != db) throw invalidSource();
    LazySet set;
    try {
      set = SetCodec.decode(in, body, setOffset, body.length - setOffset, null);
    } catch (QueryError e) {
      if (e.protocol()) throw e;
      throw invalidSource();
    } catch (RuntimeException e) {
      throw invalidSource(); // a name that no longer resolves, a format from another version
    }
    return new Cursors.SourceToken(set, List.copyOf(watched), created);
  }

  private static QueryError invalidSource() {
    return QueryError.protocol(ErrorCode.INVALID_REQUEST, "Invalid request body: invalid event source provided");
  }

  private String issue(Interp in, long db, LazySet set, long offset, int pageSize, long snapshotMicros) {
    Trimmed t = trim(set, offset);
    byte[] header = ByteBuffer.allocate(HEADER_BYTES).put(VERSION).putLong(db).putLong(snapshotMicros)
        .putLong(t.offset).putInt(pageSize).array();
    byte[] body;
    try {
      body = SetCodec.encode(in, header, t.set, RAW_MAX - MAC_BYTES);
    } catch (BoundedBytes.Full e) {
      throw Interp.fail(ErrorCode.VALUE_TOO_LARGE, "Value too large: the set's cursor would exceed " + TOKEN_CHARS_MAX
          + " characters.");
    } catch (SetCodec.Unencodable e) {
      throw Interp.fail(ErrorCode.INVALID_TYPE, "A set that captures " + e.getMessage() + " cannot be paginated.");
    }
    in.chargeBytes(body.length); // encoded, signed and copied: a cursor may be a megabyte
    Mac mac = macs.get();
    mac.update(body);
    byte[] token = Arrays.copyOf(body, body.length + MAC_BYTES);
    System.arraycopy(mac.doFinal(), 0, token, body.length, MAC_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  private Cursors.Position resolve(Interp in, long db, String cursor, Span site) {
    if (cursor.length() > TOKEN_CHARS_MAX) throw invalid();
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (raw.length < HEADER_BYTES + MAC_BYTES || raw[0] != VERSION) throw invalid();
    int bodyLength = raw.length - MAC_BYTES;
    Mac mac = macs.get();
    mac.update(raw, 0, bodyLength);
    if (!MessageDigest.isEqual(mac.doFinal(), Arrays.copyOfRange(raw, bodyLength, raw.length))) throw invalid();
    ByteBuffer b = ByteBuffer.wrap(raw, 1, HEADER_BYTES - 1);
    long cursorDb = b.getLong(), snapshot = b.getLong(), offset = b.getLong();
    int pageSize = b.getInt();
    if (cursorDb != db || snapshot < micros(in.ctx().snapshotTime()) - RETENTION_MICROS) throw invalid();
    LazySet set;
    try {
      set = SetCodec.decode(in, raw, HEADER_BYTES, bodyLength - HEADER_BYTES, site);
    } catch (QueryError e) {
      if (e.protocol()) throw e; // a deadline met while resolving names
      throw invalid();
    } catch (RuntimeException e) {
      throw invalid(); // a name that no longer resolves, a format from another version
    }
    return new Cursors.Position(set, offset, pageSize, snapshot);
  }

  private static QueryError invalid() {
    return Interp.fail(ErrorCode.INVALID_CURSOR, "Cursor cursor is invalid or expired.");
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  private record Trimmed(LazySet set, long offset) {}

  /**
   * Drops what a cursor can never read again: elements of an array set before the position, through the
   * sets that pass their offset straight to their source. Keeps later pages' cursors smaller.
   */
  private static Trimmed trim(LazySet set, long offset) {
    return switch (set) {
      case ArraySet a when offset > 0 -> {
        int from = (int) Math.min(offset, a.elems().size());
        yield new Trimmed(new ArraySet(a.elems().subList(from, a.elems().size())), 0);
      }
      case MappedSet m -> {
        Trimmed t = trim(m.source(), offset);
        yield t.set == m.source() ? new Trimmed(set, offset) : new Trimmed(new MappedSet(t.set, m.fn(), null), t.offset);
      }
      case PagedSet p -> {
        Trimmed t = trim(p.source(), offset);
        yield t.set == p.source() ? new Trimmed(set, offset) : new Trimmed(new PagedSet(t.set, p.pageSize()), t.offset);
      }
      case DropSet d -> {
        long skip = d.count() + offset;
        yield skip < 0 ? new Trimmed(set, offset) : trim(d.source(), skip);
      }
      default -> new Trimmed(set, offset);
    };
  }
}
