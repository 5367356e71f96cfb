package io.faunus.model.db;

import com.nimbusds.jose.jwk.JWKSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a node finds the signing keys of access providers. The machines a node runs on may have no way to
 * reach an identity provider, so keys come from configuration: a JWKS URI (as an access provider names it)
 * mapped to a local JWKS file, re-read when the file changes (key rotation).
 */
public final class Jwks {
  /** No provider's keys: every JWT is refused. */
  public static final Jwks NONE = new Jwks(Map.of());

  private record Loaded(long modifiedMillis, JWKSet keys) {}

  private final Map<String, Path> files;
  private final Map<String, Loaded> cache = new ConcurrentHashMap<>();

  public Jwks(Map<String, Path> files) {
    this.files = Map.copyOf(files);
  }

  /** The keys for a provider's {@code jwks_uri}, or null when none are configured or the file is unreadable. */
  JWKSet keysFor(String jwksUri) {
    Path file = files.get(jwksUri);
    if (file == null) return null;
    try {
      long modified = Files.getLastModifiedTime(file).toMillis();
      Loaded l = cache.get(jwksUri);
      if (l == null || l.modifiedMillis() != modified) {
        l = new Loaded(modified, JWKSet.load(file.toFile()));
        cache.put(jwksUri, l);
      }
      return l.keys();
    } catch (java.io.IOException | java.text.ParseException e) {
      System.err.println("faunus: cannot read the JWKS for " + jwksUri + " from " + file + ": " + e.getMessage());
      return null;
    }
  }
}
