package io.faunus.node;

import static io.faunus.node.FqlNode.ROOT;
import static io.faunus.node.FqlNode.str;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.faunus.model.db.Jwks;
import io.faunus.model.value.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access providers (spec §7): JWTs verified by signature, issuer, audience and expiry, acting with roles. */
class AccessProvidersTest {
  static final String ISSUER = "https://idp.example/", JWKS_URI = "https://idp.example/.well-known/jwks.json";
  @TempDir Path dir;
  private FqlNode fql;
  private RSAKey key, stranger;
  private String audience;

  @BeforeEach
  void setUp() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
    fql = new FqlNode(new NodeConfig(null, true, ROOT, null, new Jwks(Map.of(JWKS_URI, jwks))));
    fql.data("Collection.create({ name: 'Notes' }); 1");
    fql.data("Notes.create({ text: 'hi' }); Role.create({ name: 'Reader', privileges: { resource: 'Notes', actions: { read: true } } }); 1");
    audience = str(fql.data("AccessProvider.create({ name: 'idp', issuer: '" + ISSUER + "', jwks_uri: '" + JWKS_URI
        + "', roles: ['Reader'] }).audience"));
  }

  @AfterEach
  void tearDown() {
    fql.close();
  }

  private String jwt(RSAKey signer, String issuer, String aud, long expiresInSeconds) throws Exception {
    return jwt(signer, issuer, aud, expiresInSeconds, "user-1");
  }

  private String jwt(RSAKey signer, String issuer, String aud, long expiresInSeconds, String scope) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(aud).subject("user-1")
        .claim("scope", scope).claim("level", 3)
        .expirationTime(new Date(System.currentTimeMillis() + expiresInSeconds * 1000)).build();
    SignedJWT t = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(), claims);
    t.sign(new RSASSASigner(signer));
    return t.serialize();
  }

  @Test
  void aValidJwtActsWithTheProvidersRoles() throws Exception {
    String token = jwt(key, ISSUER, audience, 60);
    assertThat(fql.data(token, "Notes.all().map(.text).toArray()").toString()).contains("hi");
    assertThat(fql.outcome(token, "Notes.create({ text: 'x' }); 1")).isEqualTo("permission_denied");
    assertThat(fql.outcome(token, "Key.all().count()")).isEqualTo("permission_denied");
    assertThat(fql.data(ROOT, "AccessProvider.byName('idp')!.issuer")).isEqualTo(new Value.StrV(ISSUER));
  }

  @Test
  void rolesWithPredicatesHoldWhenThePredicateAcceptsTheClaims() throws Exception {
    fql.data("Role.create({ name: 'Writer', privileges: { resource: 'Notes', actions: { create: true, read: true } } }); "
        + "AccessProvider.create({ name: 'idp2', issuer: 'https://idp2.example/', jwks_uri: '" + JWKS_URI + "', "
        + "roles: [{ role: 'Writer', predicate: \"jwt => jwt.scope.includes('write') && jwt.level >= 3\" }] }); 1");
    String aud = str(fql.data("AccessProvider.byName('idp2')!.audience"));
    String writer = jwt(key, "https://idp2.example/", aud, 60, "read write");
    String reader = jwt(key, "https://idp2.example/", aud, 60, "read");
    assertThat(fql.outcome(writer, "Notes.create({ text: 'by jwt' }); 1")).isEqualTo("ok");
    assertThat(fql.outcome(reader, "Notes.create({ text: 'no' }); 1")).isEqualTo("permission_denied");
    assertThat(fql.outcome(reader, "Notes.all().count()")).isEqualTo("permission_denied");
    // Query.token() is the token's claims; a JWT has no identity document.
    assertThat(fql.data(writer, "Query.token().scope")).isEqualTo(new Value.StrV("read write"));
    assertThat(fql.data(writer, "Query.token().level")).isEqualTo(new Value.IntV(3));
    assertThat(fql.data(writer, "Query.identity()")).isEqualTo(Value.NullV.NULL);
  }

  @Test
  void anyWrongPartIsRefused() throws Exception {
    assertThat(fql.authenticates(jwt(stranger, ISSUER, audience, 60))).as("signed by another key").isFalse();
    assertThat(fql.authenticates(jwt(key, "https://other.example/", audience, 60))).as("issuer").isFalse();
    assertThat(fql.authenticates(jwt(key, ISSUER, "https://db.fauna.com/db/424242", 60))).as("audience").isFalse();
    assertThat(fql.authenticates(jwt(key, ISSUER, audience, -5))).as("expired").isFalse();
    String valid = jwt(key, ISSUER, audience, 60);
    assertThat(fql.authenticates(valid.substring(0, valid.length() - 4) + "AAAA")).as("tampered").isFalse();
    assertThat(fql.authenticates(valid)).isTrue();
    fql.data("AccessProvider.byName('idp')!.delete(); 1");
    assertThat(fql.authenticates(valid)).as("provider deleted").isFalse();
  }
}
