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
 * Role entries {@code { role, predicate }} hold when the predicate, given the token's claims, returns true;
 * the query's evaluator decides that when the role's rights are first needed ({@link RolePermissions}).
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
        List<Auth.ConditionalRole> conditional = conditionalRoles(provider.get("roles"));
        String role = roles.isEmpty() ? "client" : "@role/" + String.join(",", roles);
        return new Auth.Scope(db, role, null, null, new Auth.JwtGrant(claims(claims.toJSONObject()), conditional));
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
    for (Value r : entries(v)) {
      if (r instanceof StrV s) out.add(s.value());
      else if (r instanceof ObjectV o && o.get("role") instanceof StrV s && (o.get("predicate") == null || o.get("predicate") instanceof NullV)) {
        out.add(s.value());
      }
    }
    return out;
  }

  /** Role entries with a predicate over the token's claims. */
  private static List<Auth.ConditionalRole> conditionalRoles(Value v) {
    List<Auth.ConditionalRole> out = new ArrayList<>();
    for (Value r : entries(v)) {
      if (r instanceof ObjectV o && o.get("role") instanceof StrV s && o.get("predicate") instanceof StrV p) {
        out.add(new Auth.ConditionalRole(s.value(), p.value()));
      }
    }
    return out;
  }

  private static List<Value> entries(Value v) {
    return v instanceof ArrayV a ? a.elems() : v == null || v instanceof NullV ? List.of() : List.of(v);
  }

  /** The claims as FQL values, as Fauna gives them to {@code Query.token()} and to role predicates. */
  static ObjectV claims(java.util.Map<String, Object> json) {
    java.util.Map<String, Value> out = new java.util.LinkedHashMap<>();
    json.forEach((k, v) -> out.put(k, claim(v)));
    return new ObjectV(out);
  }

  @SuppressWarnings("unchecked")
  private static Value claim(Object v) {
    return switch (v) {
      case null -> NullV.NULL;
      case Boolean b -> BoolV.of(b);
      case Integer i -> new IntV(i);
      case Long l -> l == (int) (long) l ? new IntV((int) (long) l) : new LongV(l);
      case Number n -> new DoubleV(n.doubleValue());
      case String s -> new StrV(s);
      case java.util.Map<?, ?> m -> claims((java.util.Map<String, Object>) m);
      case java.util.List<?> l -> new ArrayV(l.stream().map(Jwts::claim).toList());
      default -> new StrV(v.toString());
    };
  }
}
