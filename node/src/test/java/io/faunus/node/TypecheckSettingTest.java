package io.faunus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryOutcome.Failure;
import io.faunus.model.query.QueryOutcome.Success;
import io.faunus.model.query.QueryRequest;
import io.faunus.log.CommitClock;
import io.faunus.model.db.Auth;
import io.faunus.model.db.DocState;
import io.faunus.model.doc.Keys;
import io.faunus.model.doc.Txn;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.KeyElement;
import io.faunus.storage.Mvcc;
import io.faunus.storage.RocksEngine;
import io.faunus.storage.Tuple;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which queries are typechecked (schema-v10.md §6.1): the x-typecheck header, else the database's
 * {@code typechecked} setting, inherited from the nearest ancestor that sets it, true at the root.
 */
class TypecheckSettingTest {
  final FqlNode fql = new FqlNode();

  @AfterEach
  void close() {
    fql.close();
  }

  private QueryOutcome run(String secret, String query, Boolean typecheck) {
    return fql.node.execute(new QueryRequest(secret, query, List.of(), null, QueryRequest.Format.TAGGED, typecheck,
        System.nanoTime(), QueryRequest.DEFAULT_TIMEOUT_MS, Long.MIN_VALUE,
        QueryRequest.DEFAULT_MAX_CONTENTION_RETRIES, false, false, null));
  }

  private QueryOutcome run(String query, com.fasterxml.jackson.databind.JsonNode arguments) {
    return fql.node.execute(new QueryRequest(FqlNode.ROOT, query, List.of(), arguments, QueryRequest.Format.TAGGED, true,
        System.nanoTime(), QueryRequest.DEFAULT_TIMEOUT_MS, Long.MIN_VALUE,
        QueryRequest.DEFAULT_MAX_CONTENTION_RETRIES, false, false, null));
  }

  /** The static type, or null when the query ran untyped. */
  private String staticType(String secret, Boolean typecheck) {
    QueryOutcome out = run(secret, "if (true) 42 else 41", typecheck);
    assertThat(out).isInstanceOf(Success.class);
    return ((Success) out).staticType();
  }

  @Test
  void headerElseNearestSettingElseTrue() {
    assertThat(staticType(FqlNode.ROOT, null)).as("root: typechecked by default").isEqualTo("42 | 41");
    assertThat(staticType(FqlNode.ROOT, false)).as("the header wins").isNull();
    fql.data("Database.create({ name: 'loose', typechecked: false }); Database.create({ name: 'strict' }); 1");
    fql.data("secret:loose:admin", "Database.create({ name: 'inner' }); 1");
    assertThat(staticType("secret:loose:admin", null)).isNull();
    assertThat(staticType("secret:loose/inner:admin", null)).as("inherited from its parent").isNull();
    assertThat(staticType("secret:loose:admin", true)).isEqualTo("42 | 41");
    assertThat(staticType("secret:strict:admin", null)).isEqualTo("42 | 41");
    fql.data("Database.byName('loose')!.update({ typechecked: true }); 1");
    assertThat(staticType("secret:loose/inner:admin", null)).as("an update changes the inherited value").isEqualTo("42 | 41");
  }

  /**
   * A data directory from before the registry carried {@code typechecked}: the entry of a database created with
   * {@code typechecked: false} lacks the setting (written here as such a node left it), and the start-up
   * backfill copies it from the definition, so the database stays untyped.
   */
  @Test
  void startUpBackfillsTheRegistryOfOlderDataDirectories(@TempDir Path dir) {
    try (FqlNode old = new FqlNode(new NodeConfig(dir, false, FqlNode.ROOT))) {
      old.data("Database.create({ name: 'loose', typechecked: false }); 1");
    }
    try (RocksEngine engine = RocksEngine.open(dir)) {
      long now = CommitClock.nowMicros();
      Batch b = new Batch();
      try (Txn txn = new Txn(engine.snapshot(), now, true)) {
        Iterator<Txn.Entry> it = txn.scan(Cf.VERSIONS, Keys.collectionPrefix(Auth.ROOT_DB, Keys.DB_REGISTRY), false, now);
        Txn.Entry e = it.next();
        ObjectV entry = DocState.decode(e.value(), e.tsMicros()).data();
        assertThat(entry.get("typechecked")).isEqualTo(BoolV.FALSE);
        Map<String, Value> stripped = new LinkedHashMap<>(entry.fields());
        stripped.remove("typechecked");
        Mvcc.putVersion(b, Cf.VERSIONS, e.key(), now + 1, new DocState(new ObjectV(stripped), TxnTimeV.INSTANCE, null).encode());
        assertThat(it.hasNext()).isFalse();
      }
      engine.write(b, true);
      try (Txn txn = new Txn(engine.snapshot(), now + 2, true)) {
        Txn.Entry e = txn.scan(Cf.VERSIONS, Keys.collectionPrefix(Auth.ROOT_DB, Keys.DB_REGISTRY), false, now + 2).next();
        Tuple key = Tuple.decode(e.key());
        long id = ((KeyElement.Int) key.get(key.size() - 1)).value();
        assertThat(Auth.typechecked(txn, id)).as("without the backfill the database would be typechecked").isTrue();
      }
    }
    try (FqlNode restarted = new FqlNode(new NodeConfig(dir, false, FqlNode.ROOT))) {
      QueryOutcome out = restarted.run("secret:loose:admin", "if (true) 42 else 41");
      assertThat(out).isInstanceOf(Success.class);
      assertThat(((Success) out).staticType()).isNull();
    }
  }

  /** A verdict is kept with the parsed text (Node.typeCheck): it must follow schema changes and the arguments. */
  @Test
  void aKeptVerdictFollowsTheSchemaAndTheArgumentNames() {
    fql.data("Collection.create({ name: 'Later' }); 1");
    String text = "Later.byK(1).count()";
    assertThat(run(text, null)).as("no such index yet").isInstanceOf(Failure.class)
        .extracting(o -> ((Failure) o).code()).isEqualTo(ErrorCode.INVALID_QUERY);
    assertThat(run(text, null)).as("the kept verdict").isInstanceOf(Failure.class)
        .extracting(o -> ((Failure) o).code()).isEqualTo(ErrorCode.INVALID_QUERY);
    fql.data("Collection.byName('Later')!.update({ indexes: { byK: { terms: [{ field: 'k' }] } } }); 1");
    assertThat(run(text, null)).as("judged again against the new schema").isInstanceOf(Success.class);
    var json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    var args = json.objectNode().set("x", json.objectNode().put("@int", "1"));
    assertThat(run("x + 1", args)).isInstanceOf(Success.class);
    assertThat(run("x + 1", null)).as("x is unbound without arguments").isInstanceOf(Failure.class);
    assertThat(run("x + 1", args)).isInstanceOf(Success.class);
  }

  @Test
  void aRejectedQueryRunsNothing() {
    QueryOutcome out = run(FqlNode.ROOT, "Collection.create({ name: 'Made' })\nFunction.create({ name: 'f', body: x => x })", true);
    assertThat(out).isInstanceOf(Failure.class);
    Failure f = (Failure) out;
    assertThat(f.code()).isEqualTo(ErrorCode.INVALID_QUERY);
    assertThat(f.message()).isEqualTo("The query failed 1 validation check");
    assertThat(f.summary()).startsWith("error: Type `A => A` is not a subtype of `String`\nat *query*:2:36");
    assertThat(fql.data("Collection.byName('Made').exists()").toString()).contains("false");
  }
}
