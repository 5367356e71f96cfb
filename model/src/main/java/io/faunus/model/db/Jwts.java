package io.faunus.model.db;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.faunus.model.doc.Keys;
import io.faunus.model.doc.Txn;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.storage.Cf;
import java.security.Key;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;

/**
 * JWT bearer tokens from access providers (spec §7.1): the {@code aud} names the database, whose access
 * provider with the token's {@code iss} supplies the JWKS that must verify the signature; {@code exp} must
 * be in the future and {@code nbf}, if present, past. The request then acts with the provider's roles.
 * Role entries with a predicate over the token are not granted yet (they would need the evaluator here).
 * Anything wrong is a plain 401, as for keys.
 */
final class Jwts {
  private Jwts() {}

  private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();

  static Auth.Scope resolve(Txn txn, Instant now, String jwt, Jwks jwks) {
    try {
      SignedJWT token = SignedJWT.parse(jwt);
      JWTClaimsSet claims = token.getJWTClaimsSet();
      if (claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().isAfter(now)) return null;
      Date nbf = claims.getNotBeforeTime();
      if (nbf != null && nbf.toInstant().isAfter(now)) return null;
      for (String aud : claims.getAudience()) {
        if (!aud.startsWith(AccessProviderDocs.AUDIENCE_PREFIX)) continue;
        long db = Long.parseLong(aud.substring(AccessProviderDocs.AUDIENCE_PREFIX.length()));
        if (!Auth.live(txn, db)) continue;
        ObjectV provider = provider(txn, db, claims.getIssuer());
        if (provider == null || !(provider.get("jwks_uri") instanceof StrV uri)) continue;
        JWKSet keys = jwks.keysFor(uri.value());
        if (keys == null || !verified(token, keys)) return null;
        List<String> roles = roles(provider.get("roles"));
        return new Auth.Scope(db, roles.isEmpty() ? "client" : "@role/" + String.join(",", roles));
      }
      return null;
    } catch (ParseException | NumberFormatException | JOSEException e) {
      return null;
    }
  }

  /** The database's access provider whose issuer is {@code iss}, or null. */
  private static ObjectV provider(Txn txn, long db, String iss) {
    if (iss == null) return null;
    for (Iterator<Txn.Entry> it = txn.scan(Cf.VERSIONS, Keys.collectionPrefix(db, Keys.ACCESS_PROVIDER), false,
        txn.snapshotMicros()); it.hasNext(); ) {
      Txn.Entry e = it.next();
      ObjectV data = DocState.decode(e.value(), e.tsMicros()).data();
      if (data.get("issuer") instanceof StrV i && i.value().equals(iss)) return data;
    }
    return null;
  }

  /** A key of the set (by key id when the token names one) that verifies the signature. */
  private static boolean verified(SignedJWT token, JWKSet keys) throws JOSEException {
    String kid = token.getHeader().getKeyID();
    for (JWK jwk : keys.getKeys()) {
      if (kid != null && !kid.equals(jwk.getKeyID())) continue;
      Key key = jwk instanceof AsymmetricJWK a ? a.toPublicKey() : jwk instanceof OctetSequenceKey o ? o.toSecretKey() : null;
      if (key == null) continue;
      JWSVerifier verifier;
      try {
        verifier = VERIFIERS.createJWSVerifier(token.getHeader(), key);
      } catch (JOSEException wrongKind) {
        continue; // a key of another type or algorithm
      }
      if (token.verify(verifier)) return true;
    }
    return false;
  }

  /** Role names granted without a predicate. */
  private static List<String> roles(Value v) {
    List<String> out = new ArrayList<>();
    for (Value r : v instanceof ArrayV a ? a.elems() : v == null || v instanceof NullV ? List.<Value>of() : List.of(v)) {
      if (r instanceof StrV s) out.add(s.value());
      else if (r instanceof ObjectV o && o.get("role") instanceof StrV s && (o.get("predicate") == null || o.get("predicate") instanceof NullV)) {
        out.add(s.value());
      }
    }
    return out;
  }
}
