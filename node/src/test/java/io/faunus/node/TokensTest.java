package io.faunus.node;

import static io.faunus.node.FqlNode.ROOT;
import static io.faunus.node.FqlNode.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.value.Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Credentials, login, tokens and identity-based roles (spec §7.4, §7.5 membership). */
class TokensTest {
  private FqlNode fql;

  @BeforeEach
  void setUp() {
    fql = new FqlNode();
    fql.data("Collection.create({ name: 'Users' }); Collection.create({ name: 'Orders' }); 1");
    fql.data("Users.create({ id: '1', name: 'ann', manager: true }); Users.create({ id: '2', name: 'bob', manager: false }); "
        + "Orders.create({ owner: Users.byId('1'), total: 1 }); Orders.create({ owner: Users.byId('2'), total: 2 }); 1");
    fql.data("Role.create({ name: 'Customer', membership: [{ resource: 'Users' }], privileges: [{ resource: 'Orders', "
        + "actions: { read: 'o => o.owner == Query.identity()', create: 'o => o.owner == Query.identity()' } }] }); "
        + "Role.create({ name: 'Manager', membership: { resource: 'Users', predicate: 'u => u.manager' }, "
        + "privileges: { resource: 'Users', actions: { read: true } } }); 1");
    fql.data("Credential.create({ document: Users.byId('1'), password: 'ann-pw' }); "
        + "Credential.create({ document: Users.byId('2'), password: 'bob-pw' }); 1");
  }

  @AfterEach
  void tearDown() {
    fql.close();
  }

  private String login(String user, String password) {
    return str(fql.data(ROOT, "Credential.byDocument(Users.byId('" + user + "'))!.login('" + password + "').secret"));
  }

  @Test
  void passwordsAreCheckedAndNeverShown() {
    assertThat(fql.data(ROOT, "Credential.byDocument(Users.byId('1'))!.verify('ann-pw')")).isEqualTo(Value.BoolV.TRUE);
    assertThat(fql.data(ROOT, "Credential.byDocument(Users.byId('1'))!.verify('bob-pw')")).isEqualTo(Value.BoolV.FALSE);
    assertThat(fql.data(ROOT, "Credential.byDocument(Users.byId('1'))").toString()).doesNotContain("ann-pw").doesNotContain("password");
    assertThat(fql.outcome(ROOT, "Credential.byDocument(Users.byId('1'))!.login('wrong')")).isEqualTo("invalid_secret");
    assertThat(fql.outcome(ROOT, "Credential.create({ document: Users.byId('1'), password: 'x', data: {} })"))
        .isEqualTo("constraint_failure");
    assertThat(fql.data(ROOT, "Credential.byDocument(Users.byId('99'))")).isEqualTo(Value.NullV.NULL);
  }

  @Test
  void aTokenActsAsItsIdentityWithTheRolesItIsAMemberOf() {
    String ann = login("1", "ann-pw"), bob = login("2", "bob-pw");
    assertThat(fql.data(ann, "Query.identity()!.name")).isEqualTo(new Value.StrV("ann"));
    assertThat(fql.data(ann, "Query.token()").toString()).contains("coll=Token"); // a Token the role may not read
    assertThat(fql.data(ROOT, "Query.identity()")).isEqualTo(Value.NullV.NULL);
    // Customer: own orders only; Manager (ann only, by predicate): may read users.
    assertThat(fql.data(ann, "Orders.all().map(o => o?.total).toArray()").toString()).contains("1").doesNotContain("2");
    assertThat(fql.data(bob, "Orders.all().map(o => o?.total).toArray()").toString()).contains("2").doesNotContain("1");
    assertThat(fql.outcome(ann, "Orders.create({ owner: Users.byId('1'), total: 5 }); 1")).isEqualTo("ok");
    assertThat(fql.outcome(ann, "Orders.create({ owner: Users.byId('2'), total: 5 }); 1")).isEqualTo("permission_denied");
    assertThat(fql.data(ann, "Users.byId('2')!.name")).isEqualTo(new Value.StrV("bob"));
    assertThat(fql.outcome(bob, "Users.byId('1')!.name")).isEqualTo("document_not_found");
    assertThat(fql.outcome(bob, "Key.all().count()")).isEqualTo("permission_denied");
    // A token ignores scopes: it is always its identity.
    assertThat(fql.data(ann + ":admin", "Query.identity()!.name")).isEqualTo(new Value.StrV("ann"));
    assertThat(fql.outcome(bob + ":admin", "Key.all().count()")).isEqualTo("permission_denied");
  }

  /** {@code secret:@doc/Coll/id}: an admin (or, without a database path, a server) key acting as a document. */
  @Test
  void docScopedSecretsActAsTheDocument() {
    assertThat(fql.data(ROOT + ":@doc/Users/1", "Query.identity()!.name")).isEqualTo(new Value.StrV("ann"));
    assertThat(fql.data(ROOT + ":collections/Users/1", "Query.identity()!.name")).isEqualTo(new Value.StrV("ann"));
    assertThat(fql.outcome(ROOT + ":@doc/Users/2", "Key.all().count()")).isEqualTo("permission_denied");
    assertThat(fql.authenticates(ROOT + ":@doc/Users/99")).isFalse();
    assertThat(fql.authenticates(ROOT + ":@doc/Nope/1")).isFalse();
    assertThat(fql.authenticates(ROOT + ":@doc/Users/x")).isFalse();
    String server = fql.newKey(ROOT, "role: 'server'"), readonly = fql.newKey(ROOT, "role: 'server-readonly'");
    assertThat(fql.data(server + ":@doc/Users/1", "Query.identity()!.name")).isEqualTo(new Value.StrV("ann"));
    assertThat(fql.authenticates(readonly + ":@doc/Users/1")).isFalse();
  }

  @Test
  void deletingTheTokenOrTheIdentityOrAnExpiredTtlRevokes() {
    String first = login("1", "ann-pw"), second = login("1", "ann-pw"), bob = login("2", "bob-pw");
    assertThat(fql.data(ROOT, "Token.byDocument(Users.byId('1')).count()")).isEqualTo(new Value.IntV(2));
    assertThat(fql.authenticates(first)).isTrue();
    fql.data(ROOT, "Token.byDocument(Users.byId('1')).first()!.delete(); 1");
    assertThat(fql.authenticates(first)).isFalse();
    assertThat(fql.authenticates(second)).isTrue();
    fql.data(ROOT, "Users.byId('2')!.delete(); 1");
    assertThat(fql.authenticates(bob)).isFalse();
    // A ttl in the future works; moved into the past (an update), the token stops working.
    String expiring = str(fql.data(ROOT, "Credential.byDocument(Users.byId('1'))!.login('ann-pw', Time.now().add(1, 'hour')).secret"));
    assertThat(fql.authenticates(expiring)).isTrue();
    fql.data(ROOT, "Token.byDocument(Users.byId('1')).forEach(t => t.update({ ttl: Time.now().subtract(1, 'second') })); 1");
    assertThat(fql.authenticates(expiring)).isFalse();
    assertThat(fql.authenticates(second)).isFalse();
    String viaLogin = login("1", "ann-pw");
    assertThat(fql.authenticates(viaLogin)).isTrue();
    fql.data(ROOT, "Credential.byDocument(Users.byId('1'))!.delete(); 1");
    assertThat(fql.authenticates(viaLogin)).as("its credential deleted").isFalse();
    String minted = str(fql.data(ROOT, "Token.create({ document: Users.byId('1') }).secret")); // no credential
    assertThat(fql.data(minted, "Query.identity()!.name")).isEqualTo(new Value.StrV("ann"));
    assertThat(fql.outcome(ROOT, "Token.create({ document: Users.byId('77') })")).isEqualTo("constraint_failure");
  }
}
