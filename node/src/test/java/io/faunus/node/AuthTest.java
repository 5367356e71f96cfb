package io.faunus.node;

import io.faunus.model.query.ErrorCode;
import static io.faunus.node.FqlNode.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.value.Value.BoolV;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Secrets and scoped secrets (spec §7.1-§7.2) through the whole query path. */
class AuthTest {
  private FqlNode fql;

  @BeforeEach
  void setUp() {
    fql = new FqlNode();
    fql.data("Database.create({ name: 'Child' }); Database.create({ name: 'A' }); 'ok'");
    fql.data(ROOT + ":A:admin", "Database.create({ name: 'B' }); 'ok'");
    fql.data(ROOT + ":Child:admin", "Collection.create({ name: 'InChild' }); 'ok'");
    fql.data(ROOT + ":A/B:admin", "Collection.create({ name: 'InB' }); 'ok'");
  }

  @AfterEach
  void tearDown() {
    fql.close();
  }

  /** True when {@code secret} acts in the database that holds collection {@code coll}. */
  private boolean actsIn(String secret, String coll) {
    return fql.data(secret, "Collection.byName('" + coll + "') != null") == BoolV.TRUE;
  }

  @Test
  void rootSecretAndUnknownSecrets() {
    assertThat(fql.authenticates(ROOT)).isTrue();
    assertThat(fql.run("wrong", "1")).isEqualTo(new io.faunus.model.query.QueryOutcome.ProtocolError(
        io.faunus.model.query.ErrorCode.UNAUTHORIZED, "Access token required"));
    assertThat(fql.authenticates("")).isFalse();
    assertThat(fql.authenticates(null)).isFalse();
    assertThat(fql.authenticates("fnAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).isFalse();
  }

  @Test
  void scopedSecretsSelectChildDatabases() {
    assertThat(actsIn(ROOT + ":Child:admin", "InChild")).isTrue();
    assertThat(actsIn(ROOT, "InChild")).isFalse();
    assertThat(actsIn(ROOT + ":A/B:server", "InB")).isTrue();
    assertThat(actsIn(ROOT + ":A:admin", "InB")).isFalse();
    assertThat(fql.outcome(ROOT + ":A/B:server", "Key.all().toArray()")).isEqualTo("permission_denied");
    assertThat(fql.authenticates(ROOT + ":Missing:admin")).isFalse();
    assertThat(fql.authenticates(ROOT + ":A/Missing:admin")).isFalse();
    assertThat(fql.authenticates(ROOT + ":B:admin")).as("B is a grandchild, not a child").isFalse();
    assertThat(fql.authenticates(ROOT + "::admin")).isFalse();
  }

  /**
   * Issue 18, defect 1: FaunaDB ignores a scope that does not parse and acts as the key's own database and
   * role; Faunus refuses it, so a miscased or unknown role never runs in another database.
   */
  @Test
  void scopesThatAreNotExactlyARoleAreRejected() {
    fql.data(ROOT + ":Child:admin", "Role.create({ name: 'Reader' }); 1");
    for (String scope : new String[] {"foo", "Admin", "superuser", "Child:Admin", "Child:superuser",
        "NoSuchDb:superuser", "Child:nonsense", "adminx", "serverx", "Child:admin:x", "@role/Nope",
        "Child:@role/Nope", "Child:@role/reader", "", "Child:", "SERVER", "Child:server-readonlyx"}) {
      assertThat(fql.authenticates(ROOT + ":" + scope)).as(scope).isFalse();
    }
    assertThat(fql.authenticates(ROOT + ":Child:@role/Reader")).isTrue();
    assertThat(fql.authenticates(ROOT + ":Child:server-readonly")).isTrue();
    assertThat(fql.authenticates(ROOT + ":Child:client")).isTrue();
  }

  @Test
  void aRejectedScopeDoesNotWriteAnywhere() {
    assertThat(fql.run(ROOT + ":Child:Admin", "Collection.create({ name: 'Leak' }); 1"))
        .isEqualTo(new io.faunus.model.query.QueryOutcome.ProtocolError(io.faunus.model.query.ErrorCode.UNAUTHORIZED, "Access token required"));
    assertThat(actsIn(ROOT, "Leak")).isFalse();
    assertThat(actsIn(ROOT + ":Child:admin", "Leak")).isFalse();
  }

  @Test
  void roleScopeOnRootSecret() {
    assertThat(fql.outcome(ROOT + ":server", "Key.all().toArray()")).isEqualTo("permission_denied");
    assertThat(fql.outcome(ROOT + ":admin", "Key.all().toArray(); 1")).isEqualTo("ok");
    fql.data("Role.create({ name: 'Reader' }); 1");
    assertThat(fql.authenticates(ROOT + ":@role/Reader")).isTrue();
  }

  @Test
  void onlyAdminKeysMayScope() {
    String admin = fql.newKey(ROOT, "role: 'admin'");
    String server = fql.newKey(ROOT, "role: 'server'");
    assertThat(actsIn(admin + ":Child:admin", "InChild")).isTrue();
    assertThat(fql.outcome(admin + ":server", "Key.all().toArray()")).isEqualTo("permission_denied");
    assertThat(fql.authenticates(server)).isTrue();
    assertThat(fql.authenticates(server + ":server")).isFalse();
    assertThat(fql.authenticates(server + ":Child:admin")).isFalse();
    assertThat(fql.authenticates(server + ":client")).isFalse();
    assertThat(fql.authenticates(server + ":foo")).as("not a scope: refused").isFalse();
  }

  @Test
  void keysForAChildDatabaseAndKeysCreatedInsideIt() {
    String forChild = fql.newKey(ROOT, "role: 'admin', database: 'Child'");
    assertThat(actsIn(forChild, "InChild")).isTrue();
    String inB = fql.newKey(ROOT + ":A/B:admin", "role: 'server'");
    assertThat(actsIn(inB, "InB")).isTrue();
    assertThat(fql.failure(ROOT, "Key.create({ role: 'admin', database: 'Nope' })").code().wire()).isEqualTo("constraint_failure");
  }

  @Test
  void deletingAKeyRevokesIt() {
    String s = fql.newKey(ROOT, "role: 'server', data: { tag: 'x' }");
    assertThat(fql.authenticates(s)).isTrue();
    fql.data("Key.where(.data?.tag == 'x').forEach(k => k.delete())");
    assertThat(fql.authenticates(s)).isFalse();
  }

  @Test
  void deletingAChildDatabaseRevokesItsKeys() {
    String inside = fql.newKey(ROOT + ":Child:admin", "role: 'admin'");
    String forChild = fql.newKey(ROOT, "role: 'server', database: 'Child'");
    String inGrandchild = fql.newKey(ROOT + ":A/B:admin", "role: 'admin'");
    assertThat(fql.authenticates(inside)).isTrue();
    assertThat(fql.authenticates(forChild)).isTrue();
    assertThat(fql.authenticates(inGrandchild)).isTrue();
    fql.data("Database.byName('Child')!.delete(); Database.byName('A')!.delete(); 1");
    assertThat(fql.authenticates(inside)).isFalse();
    assertThat(fql.authenticates(forChild)).isFalse();
    assertThat(fql.authenticates(inGrandchild)).isFalse();
    assertThat(fql.authenticates(ROOT + ":Child:admin")).isFalse();
    // A new database with the same name is a different database: old keys stay revoked.
    fql.data("Database.create({ name: 'Child' }); 1");
    assertThat(fql.authenticates(inside)).isFalse();
    assertThat(actsIn(ROOT + ":Child:admin", "InChild")).isFalse();
  }

  @Test
  void keyTtlExpires() throws InterruptedException {
    // A key created with a ttl in the past is gone at once: even its creating query cannot read it.
    assertThat(fql.failure(ROOT, "Key.create({ role: 'server', ttl: Time.now().subtract(1, 'second') }).secret")
        .code().wire()).isEqualTo("document_not_found");
    String soon = fql.newKey(ROOT, "role: 'server', ttl: Time.now().add(1, 'second')");
    assertThat(fql.authenticates(soon)).isTrue();
    Thread.sleep(1_200);
    assertThat(fql.authenticates(soon)).isFalse();
  }

  @Test
  void aForgedSecretForARealKeyIdIsRejected() {
    String s = fql.newKey(ROOT, "role: 'admin'");
    char last = s.charAt(s.length() - 1);
    String forged = s.substring(0, s.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThat(fql.authenticates(forged)).isFalse();
  }
}
