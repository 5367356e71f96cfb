package io.faunus.model.engine;

import io.faunus.model.eval.Cursors;
import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value.SetV;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Set cursors held in memory: a cursor is a 128-bit random token naming a (set, offset, page size,
 * snapshot) position, bound to the database that issued it. Tokens cannot be forged or guessed, so no MAC
 * is needed while positions live in this node's memory.
 *
 * <p>Bounded: at most {@link #ENTRIES_MAX} cursors, least recently used evicted first, each valid for
 * {@link #TTL_MS}. TODO(cluster, issue step 4): cursors must work on every node and survive restarts;
 * serialize the set expression and HMAC it with a key in replicated metadata (conventions.md).
 */
public final class CursorRegistry {
  public static final int ENTRIES_MAX = 100_000;
  public static final long TTL_MS = 30 * 60 * 1000L;

  private record Slot(long dbId, Cursors.Position position, long expiresAtMs) {}

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Slot> entries = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
      return size() > ENTRIES_MAX;
    }
  };

  /** The cursor view for one database. */
  public Cursors forDatabase(long dbId) {
    return new Cursors() {
      @Override
      public String issue(SetV set, long offset, int pageSize, long snapshotMicros) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Slot e = new Slot(dbId, new Position(set, offset, pageSize, snapshotMicros),
            System.currentTimeMillis() + TTL_MS);
        synchronized (entries) {
          entries.put(token, e);
        }
        return token;
      }

      @Override
      public Position resolve(String cursor) {
        Slot e;
        synchronized (entries) {
          e = entries.get(cursor);
        }
        if (e == null || e.dbId != dbId || e.expiresAtMs < System.currentTimeMillis()) {
          throw Interp.fail("invalid_cursor", "Cursor cursor is invalid or expired.");
        }
        return e.position;
      }
    };
  }
}
