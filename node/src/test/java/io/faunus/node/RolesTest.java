package io.faunus.node;

import static io.faunus.node.FqlNode.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.query.QueryOutcome.Failure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Built-in key roles (spec §7.3) and database isolation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolesTest {
  private static final String OK = "ok", DENIED = "permission_denied";
  private static final List<String> ROLES = List.of("admin", "server", "server-readonly", "client");
  private FqlNode fql;

  @BeforeAll
  void setUp() {
    fql = new FqlNode();
    fql.data("Collection.create({ name: 'Users' }); Function.create({ name: 'double', body: 'x => x * 2' }); "
        + "Database.create({ name: 'Child' }); Role.create({ name: 'Reader' }); 1");
    fql.data("Users.create({ name: 'a' }); 1");
  }

  @AfterAll
  void tearDown() {
    fql.close();
  }

  private String as(String role) {
    return ROOT + ":" + role;
  }

  /** Expected outcome per role, in ROLES order. */
  private static Map.Entry<String, List<String>> row(String fql, String admin, String server, String readonly, String client) {
    return Map.entry(fql, List.of(admin, server, readonly, client));
  }

  @Test
  void roleMatrix() {
    List<Map.Entry<String, List<String>>> rows = List.of(
        row("Users.all().count()", OK, OK, OK, DENIED),
        row("Users.where(.name == 'a').first()!.name", OK, OK, OK, DENIED),
        row("Users.create({ name: 'b' }); 1", OK, OK, DENIED, DENIED),
        row("Users.all().first()!.update({ n: 1 }); 1", OK, OK, DENIED, DENIED),
        row("double(2)", OK, OK, DENIED, DENIED),
        row("Function('double')(2)", OK, OK, DENIED, DENIED),
        row("Collection.all().count()", OK, OK, OK, DENIED),
        row("Function.all().count()", OK, OK, OK, DENIED),
        row("Collection.create({ name: 'C' + newId().toString() }); 1", OK, OK, DENIED, DENIED),
        row("Function.create({ name: 'F' + newId().toString(), body: 'x => x' }); 1", OK, OK, DENIED, DENIED),
        row("Key.all().count()", OK, DENIED, DENIED, DENIED),
        row("Key.create({ role: 'client' }); 1", OK, DENIED, DENIED, DENIED),
        row("Database.all().count()", OK, DENIED, DENIED, DENIED),
        row("Database.create({ name: 'D' + newId().toString() }); 1", OK, DENIED, DENIED, DENIED),
        row("Role.all().count()", OK, DENIED, DENIED, DENIED),
        row("Role.create({ name: 'R' + newId().toString() }); 1", OK, DENIED, DENIED, DENIED),
        row("1 + 1", OK, OK, OK, OK));
    List<String> mismatches = new ArrayList<>();
    for (var r : rows) {
      for (int i = 0; i < ROLES.size(); i++) {
        String got = fql.outcome(as(ROLES.get(i)), r.getKey());
        if (!got.equals(r.getValue().get(i))) {
          mismatches.add(ROLES.get(i) + ": " + r.getKey() + " -> " + got + " (want " + r.getValue().get(i) + ")");
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void deniedFailuresCarryTheSpecMessage() {
    Failure f = fql.failure(as("server-readonly"), "double(2)");
    assertThat(f.code().wire()).isEqualTo(DENIED);
    assertThat(f.message()).isEqualTo("Insufficient privileges to perform the action.");
    assertThat(fql.failure(as("client"), "Users.all().count()").message())
        .isEqualTo("Insufficient privileges to perform the action.");
  }

  @Test
  void logsOnlyForRolesWithLogRights() {
    Map<String, Boolean> logged = new LinkedHashMap<>();
    for (String role : ROLES) {
      var out = fql.run(as(role), "log('hello'); 1");
      assertThat(out).isInstanceOf(io.faunus.model.query.QueryOutcome.Success.class);
      logged.put(role, ((io.faunus.model.query.QueryOutcome.Success) out).summary().contains("hello"));
    }
    assertThat(logged).containsExactly(Map.entry("admin", true), Map.entry("server", true),
        Map.entry("server-readonly", true), Map.entry("client", false));
  }

  @Test
  void serverMayNotGiveAFunctionTheAdminRole() {
    Failure create = fql.failure(as("server"), "Function.create({ name: 'Boss', body: 'x => x', role: 'admin' })");
    assertThat(create.code().wire()).isEqualTo("constraint_failure");
    assertThat(create.constraintFailures()).extracting(c -> c.message())
        .containsExactly("Cannot create a function with admin permissions using the server role.");
    assertThat(fql.data(as("server"), "Function.create({ name: 'Plain', body: 'x => x', role: 'server' }); 1"))
        .isNotNull();
    Failure grant = fql.failure(as("server"), "Function.byName('Plain')!.update({ role: 'admin' })");
    assertThat(grant.code().wire()).isEqualTo("constraint_failure");
    assertThat(grant.constraintFailures()).extracting(c -> c.message())
        .containsExactly("Cannot grant a function admin permissions using the server role.");
    assertThat(fql.outcome(as("admin"), "Function.create({ name: 'Boss', body: 'x => x', role: 'admin' }); 1"))
        .isEqualTo(OK);
  }

  @Test
  void siblingAndNestedDatabasesAreIsolated() {
    fql.data("Database.create({ name: 'S1' }); Database.create({ name: 'S2' }); 1");
    fql.data(ROOT + ":S1:admin", "Database.create({ name: 'N' }); 1");
    for (String db : List.of("S1", "S2", "S1/N")) {
      fql.data(ROOT + ":" + db + ":admin", "Collection.create({ name: 'Things' }); 1");
    }
    for (String db : List.of("S1", "S2", "S1/N")) {
      fql.data(ROOT + ":" + db + ":admin", "Things.create({ where: '" + db + "' }); 1");
    }
    for (String db : List.of("S1", "S2", "S1/N")) {
      assertThat(fql.data(ROOT + ":" + db + ":server", "Things.all().map(.where).toArray()"))
          .isEqualTo(io.faunus.model.value.Value.ArrayV.of(new io.faunus.model.value.Value.StrV(db)));
      assertThat(FqlNode.num(fql.data(ROOT + ":" + db + ":server", "Things.all().count()"))).isEqualTo(1);
    }
    assertThat(fql.outcome(ROOT, "Things.all().count()")).isNotEqualTo(OK);
    assertThat(fql.outcome(ROOT + ":Child:admin", "Things.all().count()")).isNotEqualTo(OK);
    assertThat(fql.outcome(ROOT + ":S1:admin", "Users.all().count()")).isNotEqualTo(OK);
    // Database.all() lists direct children only.
    assertThat(FqlNode.num(fql.data(ROOT + ":S1:admin", "Database.all().count()"))).isEqualTo(1);
    assertThat(FqlNode.num(fql.data(ROOT + ":S2:admin", "Database.all().count()"))).isZero();
  }
}
