package io.faunus.model.db;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Key secrets: {@code fn} + url-safe base64 of (database id, key id, 20 random bytes). Only a SHA-256 hash
 * is stored. A slow password hash (bcrypt) protects low-entropy passwords; these secrets carry 160 random
 * bits, for which a fast hash is as safe and keeps authentication off the hot path. The alphabet never
 * contains the scope delimiters {@code : / , ( ) & =} (spec §7.1).
 */
public final class Secrets {
  private Secrets() {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "fn";
  private static final int RANDOM_BYTES = 20;

  public record Parsed(long dbId, long keyId) {}

  static String generate(long dbId, long keyId) {
    ByteBuffer b = ByteBuffer.allocate(16 + RANDOM_BYTES);
    b.putLong(dbId).putLong(keyId);
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
      if (b.length != 16 + RANDOM_BYTES) return null;
      ByteBuffer buf = ByteBuffer.wrap(b);
      return new Parsed(buf.getLong(), buf.getLong());
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

  public static boolean matches(String secret, byte[] storedHash) {
    return storedHash != null && MessageDigest.isEqual(hash(secret), storedHash);
  }
}
