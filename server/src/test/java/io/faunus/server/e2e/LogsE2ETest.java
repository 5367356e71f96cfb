package io.faunus.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faunus.model.db.Secrets;
import io.faunus.server.e2e.E2E.Child;
import io.faunus.server.e2e.E2E.Client;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node with a log directory and the query log on: the query log has one line per query with who,
 * tags, duration, ops and result; the audit log has the schema, key and database changes; and no secret,
 * password or argument value appears in any log or in the node's output.
 */
class LogsE2ETest {
  @TempDir
  Path dir;

  @Test
  void queryAndAuditLogsHoldWhatTheyShouldAndNoSecret() throws Exception {
    String root = "root-" + UUID.randomUUID();
    String password = "pw-" + UUID.randomUUID();
    String wrong = "fn-wrong-" + UUID.randomUUID();
    Path logs = dir.resolve("logs");
    Path out = dir.resolve("node.out");
    List<String> secrets = new ArrayList<>(List.of(root, password, wrong));
    List<JsonNode> expected = new ArrayList<>(); // the answers, in order, to match with query.log
    try (Child node = Child.launchAs(root, dir.resolve("data"), out, "--log-dir", logs.toString(), "--log-queries",
        "--log-format", "json").await()) {
      Client admin = node.client;
      E2E.Resp key = admin.query("Key.create({ role: 'admin' }).secret", "x-query-tags", "app=logs_test");
      String keySecret = key.data().asText();
      secrets.add(keySecret);
      Client k = admin.as(keySecret);
      assertThat(k.query("Collection.create({ name: 'Users' })").status()).isEqualTo(200);
      String userId = k.query("Users.create({ name: 'ann' }).id").data().asText();
      assertThat(k.query("Credential.create({ document: Users.byId(id), password: pw }) != null",
          Map.of("id", userId, "pw", password)).status()).isEqualTo(200);
      String login = k.query("Credential.byDocument(Users.byId(id))!.login(pw).secret",
          Map.of("id", userId, "pw", password)).data().asText();
      secrets.add(login);
      String token = k.query("Token.create({ document: Users.byId(id) }).secret", Map.of("id", userId)).data().asText();
      secrets.add(token);
      assertThat(admin.as(login).query("Query.identity() != null").status()).isEqualTo(200);
      assertThat(admin.query("Database.create({ name: 'Kid' }) != null").status()).isEqualTo(200);
      assertThat(admin.as(root + ":Kid:admin").query("1 + 1").status()).isEqualTo(200);
      assertThat(admin.as(wrong).query("1").status()).isEqualTo(401);
      assertThat(k.query("abort('stop')").errorCode()).isEqualTo("abort");
      var files = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + k.port + "/schema/1/files"))
          .header("Authorization", "Bearer " + keySecret).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(files.statusCode()).isEqualTo(200);
      node.process.destroy(); // SIGTERM: a clean stop flushes the logs
      assertThat(node.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    List<JsonNode> queries = jsonLines(logs.resolve("query.log"));
    assertThat(queries).hasSize(12); // one per query sent above, and the schema call
    assertThat(queries).allSatisfy(q -> {
      assertThat(q.path("logger").asText()).isEqualTo("faunus.query");
      for (String field : List.of("database", "key", "duration_ms", "read_ops", "write_ops", "compute_ops", "code")) {
        assertThat(q.has(field)).as("%s in %s", field, q).isTrue();
      }
    });
    assertThat(queries.get(0).path("key").asText()).isEqualTo("root");
    assertThat(queries.get(0).path("database").asText()).isEqualTo("root");
    assertThat(queries.get(0).path("tags").asText()).isEqualTo("app=logs_test");
    assertThat(queries.get(0).path("write_ops").asLong()).isPositive();
    Secrets.Parsed parsed = Secrets.parse(secrets.get(3));
    assertThat(queries.get(1).path("key").asText()).isEqualTo("key:" + parsed.keyId());
    assertThat(queries.get(1).path("code").asText()).isEqualTo("ok");
    assertThat(queries.get(6).path("key").asText()).startsWith("token:");
    assertThat(queries.get(8).path("database").asText()).isEqualTo("root/Kid");
    assertThat(queries.get(8).path("key").asText()).isEqualTo("root as admin");
    assertThat(queries.get(9).path("key").asText()).isEqualTo("unknown");
    assertThat(queries.get(9).path("code").asText()).isEqualTo("unauthorized");
    assertThat(queries.get(10).path("code").asText()).isEqualTo("abort");
    assertThat(queries.get(10).path("endpoint").asText()).isEqualTo("query");
    assertThat(queries.get(11).path("endpoint").asText()).isEqualTo("schema");
    assertThat(queries.get(11).path("key").asText()).isEqualTo("key:" + parsed.keyId());
    assertThat(queries.get(11).path("code").asText()).isEqualTo("ok");

    List<JsonNode> audit = jsonLines(logs.resolve("audit.log"));
    assertThat(audit).extracting(a -> a.path("kind").asText())
        .contains("key", "collection", "credential", "database").doesNotContain("token");
    assertThat(audit).allSatisfy(a -> assertThat(a.path("txn_ts").asLong()).isPositive());
    // the query log's txn_ts says which key made an audited change
    long collectionTs = audit.stream().filter(a -> a.path("kind").asText().equals("collection")).findFirst()
        .orElseThrow().path("txn_ts").asLong();
    assertThat(queries.get(1).path("txn_ts").asLong()).isEqualTo(collectionTs);

    List<Path> files = new ArrayList<>(List.of(out));
    try (Stream<Path> all = Files.list(logs)) {
      all.forEach(files::add);
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(4); // faunus.log, query.log, audit.log, node.out
    for (Path f : files) {
      String text = Files.readString(f);
      for (String secret : secrets) assertThat(text).as("%s must not hold a secret", f.getFileName()).doesNotContain(secret);
      assertThat(text).as("%s holds no argument value", f.getFileName()).doesNotContain("ann");
    }
  }

  private static List<JsonNode> jsonLines(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) out.add(E2E.JSON.readTree(line));
    }
    return out;
  }
}
