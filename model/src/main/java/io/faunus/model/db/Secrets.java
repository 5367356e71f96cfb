package io.faunus.model.db;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Key secrets: {@code fn} + url-safe base64 of (database id, key id, 20 random bytes); token secrets the
 * same with a mark byte first. Only a SHA-256 hash
 * is stored. A slow password hash (bcrypt) protects low-entropy passwords; these secrets carry 160 random
 * bits, for which a fast hash is as safe and keeps authentication off the hot path. The alphabet never
 * contains the scope delimiters {@code : / , ( ) & =} (spec §7.1).
 */
public final class Secrets {
  private Secrets() {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "fn";
  private static final int RANDOM_BYTES = 20;

  /** Which kind of document a secret belongs to. */
  public enum Kind { KEY, TOKEN }

  /** A token secret carries one more byte before the ids, so key and token secrets never parse as each other. */
  private static final byte TOKEN_MARK = 't';

  public record Parsed(Kind kind, long dbId, long keyId) {}

  static String generate(long dbId, long keyId) {
    return generate(Kind.KEY, dbId, keyId);
  }

  static String generate(Kind kind, long dbId, long id) {
    ByteBuffer b = ByteBuffer.allocate((kind == Kind.TOKEN ? 1 : 0) + 16 + RANDOM_BYTES);
    if (kind == Kind.TOKEN) b.put(TOKEN_MARK);
    b.putLong(dbId).putLong(id);
    byte[] r = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(r);
    b.put(r);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /** The key a secret claims to be, or null when it is not a key secret at all. */
  public static Parsed parse(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) return null;
    try {
      byte[] b = Base64.getUrlDecoder().decode(secret.substring(PREFIX.length()));
      ByteBuffer buf = ByteBuffer.wrap(b);
      if (b.length == 16 + RANDOM_BYTES) return new Parsed(Kind.KEY, buf.getLong(), buf.getLong());
      if (b.length == 17 + RANDOM_BYTES && buf.get() == TOKEN_MARK) return new Parsed(Kind.TOKEN, buf.getLong(), buf.getLong());
      return null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Passwords are low-entropy: a slow salted hash (BCrypt, cost 10), checked in constant time. */
  static String hashPassword(String password) {
    return org.springframework.security.crypto.bcrypt.BCrypt.hashpw(password,
        org.springframework.security.crypto.bcrypt.BCrypt.gensalt(10, RANDOM));
  }

  static boolean passwordMatches(String password, String storedHash) {
    try {
      return storedHash != null && org.springframework.security.crypto.bcrypt.BCrypt.checkpw(password, storedHash);
    } catch (IllegalArgumentException e) {
      return false; // a password over BCrypt's 72 bytes, or a malformed hash
    }
  }

  public static boolean matches(String secret, byte[] storedHash) {
    return storedHash != null && MessageDigest.isEqual(hash(secret), storedHash);
  }
}
