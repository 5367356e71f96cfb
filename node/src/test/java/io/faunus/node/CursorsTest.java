package io.faunus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryOutcome.Failure;
import io.faunus.model.query.QueryOutcome.Success;
import io.faunus.model.query.QueryRequest;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Set cursors through a node: self-contained, so they survive restarts; bound to their database and rights. */
class CursorsTest {
  static final String ROOT = "secret";

  static QueryOutcome run(Node node, String secret, String fql) {
    return node.execute(new QueryRequest(secret, fql, List.of(), null, QueryRequest.Format.TAGGED, null,
        System.nanoTime(), QueryRequest.DEFAULT_TIMEOUT_MS, Long.MIN_VALUE,
        QueryRequest.DEFAULT_MAX_CONTENTION_RETRIES, false, false, null));
  }

  static Value data(Node node, String secret, String fql) {
    QueryOutcome out = run(node, secret, fql);
    assertThat(out).as("outcome of %s", fql).isInstanceOf(Success.class);
    return ((Success) out).data();
  }

  static String failure(Node node, String secret, String fql) {
    QueryOutcome out = run(node, secret, fql);
    assertThat(out).as("outcome of %s", fql).isInstanceOf(Failure.class);
    return ((Failure) out).code().wire();
  }

  static List<Value> page(Value v) {
    return ((ArrayV) ((ObjectV) v).get("data")).elems();
  }

  static String after(Value v) {
    return ((ObjectV) v).get("after") instanceof StrV s ? s.value() : null;
  }

  static Node open(Path dir) {
    return Node.open(new NodeConfig(dir, false, ROOT));
  }

  @Test
  void aCursorIssuedBeforeARestartWorksAfterIt(@TempDir Path dir) {
    String cursor;
    try (Node node = open(dir)) {
      data(node, ROOT, "Collection.create({ name: 'Books', indexes: { byYear: { values: [{ field: '.year' }] } } }); 1");
      data(node, ROOT, "Set.sequence(0, 10).forEach(i => Books.create({ title: 'b' + i.toString(), year: 2000 + i })); 1");
      Value first = data(node, ROOT,
          "let suffix = '!'; Books.byYear({ from: 2002 }).map(b => b.title + suffix).paginate(3)");
      assertThat(page(first)).containsExactly(new StrV("b2!"), new StrV("b3!"), new StrV("b4!"));
      cursor = after(first);
      assertThat(cursor).isNotNull();
    }
    try (Node node = open(dir)) {
      // Written after the cursor's snapshot: not visible to the replay.
      data(node, ROOT, "Books.create({ title: 'late', year: 2005 }); 1");
      List<Value> rest = new ArrayList<>();
      for (String c = cursor; c != null; ) {
        Value p = data(node, ROOT, "Set.paginate('" + c + "')");
        rest.addAll(page(p));
        c = after(p);
      }
      assertThat(rest).containsExactly(new StrV("b5!"), new StrV("b6!"), new StrV("b7!"), new StrV("b8!"), new StrV("b9!"));
    }
  }

  @Test
  void theCursorKeyIsKeptInTheDataDirectory(@TempDir Path a, @TempDir Path b) {
    String cursor;
    try (Node node = open(a)) {
      cursor = after(data(node, ROOT, "Set.sequence(0, 10).paginate(2)"));
    }
    try (Node node = open(b)) {
      assertThat(failure(node, ROOT, "Set.paginate('" + cursor + "')")).isEqualTo("invalid_cursor");
    }
    try (Node node = open(a)) {
      assertThat(page(data(node, ROOT, "Set.paginate('" + cursor + "')"))).containsExactly(new IntV(2), new IntV(3));
    }
  }

  /**
   * Data directories from before the key went through the log kept it in META; a node opening one writes
   * that key through the log, so cursors issued before the upgrade stay valid.
   */
  @Test
  void aKeyFromAnOlderDataDirectoryIsAdopted(@TempDir Path dir) {
    byte[] legacy = io.faunus.model.engine.CursorTokens.newKey();
    try (var engine = io.faunus.storage.RocksEngine.open(dir)) {
      engine.write(new io.faunus.storage.Batch().put(io.faunus.storage.Cf.META, Node.LEGACY_CURSOR_KEY, legacy), true);
    }
    try (Node node = open(dir)) {
      assertThat(after(data(node, ROOT, "Set.sequence(0, 10).paginate(2)"))).isNotNull();
    }
    try (var engine = io.faunus.storage.RocksEngine.open(dir); var snap = engine.snapshot()) {
      var v = io.faunus.storage.Mvcc.readAt(snap, io.faunus.storage.Cf.VERSIONS,
          io.faunus.model.doc.Keys.setting(Node.CURSOR_KEY_SETTING), Long.MAX_VALUE);
      assertThat(((io.faunus.storage.Version.Live) v.orElseThrow()).value()).isEqualTo(legacy);
    }
  }

  @Test
  void aCursorIsBoundToItsDatabaseAndRechecksRights(@TempDir Path dir) {
    try (Node node = open(dir)) {
      data(node, ROOT, "Database.create({ name: 'Child' }); Collection.create({ name: 'Secrets' }); 1");
      data(node, ROOT, "Set.sequence(0, 5).forEach(i => Secrets.create({ n: i })); 1");
      String cursor = after(data(node, ROOT, "Secrets.all().map(.n).paginate(2)"));
      String inChild = ((StrV) data(node, ROOT,
          "Key.create({ role: 'admin', database: 'Child' }).secret")).value();
      assertThat(failure(node, inChild, "Set.paginate('" + cursor + "')")).isEqualTo("invalid_cursor");
      String client = ((StrV) data(node, ROOT, "Key.create({ role: 'client' }).secret")).value();
      assertThat(failure(node, client, "Set.paginate('" + cursor + "')")).isEqualTo("permission_denied");
      assertThat(page(data(node, ROOT, "Set.paginate('" + cursor + "')"))).containsExactly(new IntV(2), new IntV(3));
    }
  }
}
