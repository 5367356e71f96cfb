package io.faunus.node;

import static io.faunus.node.FqlNode.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.value.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Custom roles (spec §7.5): privileges with boolean and predicate actions, for keys and UDFs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomRolesTest {
  private static final String OK = "ok", DENIED = "permission_denied";
  private FqlNode fql;
  private String clerk, auditor, nobody;

  @BeforeAll
  void setUp() {
    fql = new FqlNode();
    fql.data("Collection.create({ name: 'Orders' }); Collection.create({ name: 'Secrets' }); "
        + "Function.create({ name: 'countSecrets', body: '() => Secrets.all().count()', role: 'admin' }); "
        + "Function.create({ name: 'plain', body: '() => Secrets.all().count()' }); "
        + "Function.create({ name: 'double', body: 'x => x * 2' }); 1");
    fql.data("Orders.create({ id: '1', owner: 'ann', total: 10 }); Orders.create({ id: '2', owner: 'bob', total: 20 }); "
        + "Secrets.create({ s: 1 }); 1");
    // A clerk reads only ann's orders, creates orders for ann only, may update them but never raise the
    // total above 100, may not delete, and may call countSecrets (which runs as admin) but not plain.
    fql.data("Role.create({ name: 'Clerk', privileges: ["
        + "{ resource: 'Orders', actions: { read: \"doc => doc.owner == 'ann'\", create: \"doc => doc.owner == 'ann'\","
        + "  write: '(old, neu) => neu.total <= 100', delete: false } },"
        + "{ resource: 'countSecrets', actions: { call: true } },"
        + "{ resource: 'double', actions: { call: 'x => x < 10' } } ] }); 1");
    fql.data("Role.create({ name: 'Auditor', privileges: { resource: 'Orders', actions: { read: true } } }); "
        + "Role.create({ name: 'Nobody' }); 1");
    fql.data("Role.create({ name: 'Historian', privileges: { resource: 'Orders', actions: { read: true, "
        + "history_read: \"doc => doc.owner == 'ann'\" } } }); 1");
    clerk = fql.newKey(ROOT, "role: 'Clerk'");
    auditor = fql.newKey(ROOT, "role: 'Auditor'");
    nobody = fql.newKey(ROOT, "role: 'Nobody'");
  }

  @AfterAll
  void tearDown() {
    fql.close();
  }

  @Test
  void readPredicatesTurnOtherDocumentsIntoNullDocuments() {
    assertThat(fql.data(clerk, "Orders.byId('1')!.total")).isEqualTo(new Value.IntV(10));
    assertThat(fql.data(clerk, "Orders.byId('2')").toString()).contains("cause=permission denied");
    assertThat(fql.data(clerk, "Orders.byId('3')").toString()).contains("cause=not found");
    assertThat(fql.outcome(clerk, "Orders.byId('2')!.total")).isEqualTo("document_not_found");
    assertThat(fql.data(clerk, "Orders.all().map(o => o?.owner).toArray()").toString()).contains("ann").doesNotContain("bob");
    assertThat(fql.data(auditor, "Orders.all().map(.owner).toArray()").toString()).contains("ann").contains("bob");
    assertThat(fql.outcome(clerk, "Secrets.all().count()")).isEqualTo(DENIED);
    assertThat(fql.outcome(nobody, "Orders.all().count()")).isEqualTo(DENIED);
  }

  @Test
  void readsInsideAtNeedHistoryRead() {
    String historian = fql.newKey(ROOT, "role: 'Historian'");
    // The auditor may read today's orders but not their past versions; the historian may read both, the past
    // only for ann's orders.
    assertThat(fql.data(auditor, "at (Time.now()) { Orders.byId('1') }").toString()).contains("cause=permission denied");
    assertThat(fql.outcome(auditor, "at (Time.now()) { Orders.all().count() }")).isEqualTo(DENIED);
    assertThat(fql.data(historian, "at (Time.now()) { Orders.byId('1')!.owner }")).isEqualTo(new Value.StrV("ann"));
    assertThat(fql.data(historian, "at (Time.now()) { Orders.byId('2') }").toString()).contains("cause=permission denied");
    assertThat(fql.data(historian, "Orders.byId('2')!.owner")).isEqualTo(new Value.StrV("bob"));
    assertThat(fql.data(historian, "at (Time.now()) { Orders.all().map(o => o?.owner).toArray() }").toString())
        .contains("ann").doesNotContain("bob");
    // Built-in roles read history wherever they read.
    assertThat(fql.data(ROOT, "at (Time.now()) { Orders.byId('2')!.owner }")).isEqualTo(new Value.StrV("bob"));
  }

  @Test
  void aPredicateThatRunsPastItsBudgetDeniesWithoutTakingTheQuerysDeadline() {
    fql.data("Role.create({ name: 'Looper', privileges: { resource: 'Orders', actions: { read: "
        + "'doc => Set.sequence(0, 100000000).fold(0, (a, i) => a + i) > 0' } } }); 1");
    String looper = fql.newKey(ROOT, "role: 'Looper'");
    // The default deadline is 120 s; each of these answers after one budget (about a million steps) per document.
    assertThat(fql.data(looper, "Orders.byId('1')").toString()).contains("cause=permission denied");
    assertThat(fql.data(looper, "Orders.all().map(o => o?.owner).toArray()").toString()).doesNotContain("ann");
  }

  @Test
  void rolesOfAChildDatabaseActThereOnly() {
    fql.data("Database.create({ name: 'Shop' }); 1");
    String shop = ROOT + ":Shop:admin";
    fql.data(shop, "Collection.create({ name: 'Orders' }); 1");
    fql.data(shop, "Orders.create({ id: '7', owner: 'cy', total: 5 }); Orders.create({ id: '8', owner: 'cy', total: 50 }); 1");
    // Small orders may be deleted; ids may be chosen only for cy's orders; creates without an id are not allowed.
    fql.data(shop, "Role.create({ name: 'Pruner', privileges: { resource: 'Orders', actions: { read: true, "
        + "delete: 'doc => doc.total < 10', create_with_id: \"doc => doc.owner == 'cy'\" } } }); "
        + "Role.create({ name: 'Importer', privileges: { resource: 'Orders', actions: { create: true, history_write: true } } }); 1");
    String pruner = fql.newKey(shop, "role: 'Pruner'");
    String importer = fql.newKey(shop, "role: 'Importer'");
    assertThat(fql.outcome(pruner, "Orders.byId('8')!.delete(); 1")).isEqualTo(DENIED);
    assertThat(fql.outcome(pruner, "Orders.byId('7')!.delete(); 1")).isEqualTo(OK);
    assertThat(fql.outcome(pruner, "Orders.create({ id: '9', owner: 'cy', total: 1 }); 1")).isEqualTo(OK);
    assertThat(fql.outcome(pruner, "Orders.create({ id: '10', owner: 'dee', total: 1 }); 1")).isEqualTo(DENIED);
    assertThat(fql.outcome(pruner, "Orders.create({ owner: 'cy', total: 1 }); 1")).isEqualTo(DENIED);
    // create + history_write choose ids too, as in FaunaDB.
    assertThat(fql.outcome(importer, "Orders.create({ id: '11', owner: 'eve', total: 1 }); 1")).isEqualTo(OK);
    // The child's role means nothing in the parent: the parent has no role of that name, and its Orders differ.
    assertThat(fql.outcome(ROOT + ":@role/Pruner", "1")).isEqualTo("protocol unauthorized");
    assertThat(fql.data(pruner, "Orders.all().map(.id).toArray()").toString()).contains("8").contains("9")
        .doesNotContain("\"1\"").doesNotContain("\"2\"");
    assertThat(fql.data(ROOT, "Orders.byId('1')!.owner")).isEqualTo(new Value.StrV("ann"));
  }

  @Test
  void writesFollowTheirActions() {
    assertThat(fql.outcome(clerk, "Orders.create({ owner: 'ann', total: 5 }); 1")).isEqualTo(OK);
    assertThat(fql.outcome(clerk, "Orders.create({ owner: 'bob', total: 5 }); 1")).isEqualTo(DENIED);
    assertThat(fql.outcome(clerk, "Orders.byId('1')!.update({ total: 50 }); 1")).isEqualTo(OK);
    assertThat(fql.outcome(clerk, "Orders.byId('1')!.update({ total: 500 }); 1")).isEqualTo(DENIED);
    assertThat(fql.outcome(clerk, "Orders.byId('1')!.delete(); 1")).isEqualTo(DENIED);
    assertThat(fql.outcome(auditor, "Orders.create({ owner: 'ann', total: 5 }); 1")).isEqualTo(DENIED);
    assertThat(fql.outcome(auditor, "Collection.create({ name: 'X' }); 1")).isEqualTo(DENIED);
    assertThat(fql.data(ROOT, "Orders.byId('1')!.total")).isEqualTo(new Value.IntV(50));
  }

  @Test
  void callsFollowTheirPrivilegeAndAFunctionRoleRunsTheBody() {
    assertThat(fql.data(clerk, "countSecrets()")).isEqualTo(new Value.IntV(1));
    assertThat(fql.outcome(clerk, "plain()")).isEqualTo(DENIED);
    assertThat(fql.data(clerk, "double(3)")).isEqualTo(new Value.IntV(6));
    assertThat(fql.outcome(clerk, "double(30)")).isEqualTo(DENIED);
    // The function's role covers its body only: the caller is back to its own rights after it.
    assertThat(fql.outcome(clerk, "countSecrets(); Secrets.all().count()")).isEqualTo(DENIED);
  }

  @Test
  void predicatesCannotWrite() {
    fql.data("Role.create({ name: 'Sneaky', privileges: { resource: 'Orders', actions: "
        + "{ read: \"doc => { Secrets.create({ s: 2 }); true }\" } } }); 1");
    String sneaky = fql.newKey(ROOT, "role: 'Sneaky'");
    assertThat(fql.outcome(sneaky, "Orders.byId('1')?.total")).isEqualTo(OK);
    assertThat(fql.data(sneaky, "Orders.byId('1')").toString()).as("the write fails, so the read is denied")
        .contains("cause=permission denied");
    assertThat(fql.data(ROOT, "Secrets.all().count()")).isEqualTo(new Value.IntV(1));
  }
}
