package io.faunus.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faunus.server.Main;
import io.faunus.server.client.NodeClient;
import io.faunus.server.e2e.E2E.InProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code faunus export} then {@code faunus import} into another node: the same schema and the same
 * documents (ids, every value type, refs, ttl, computed fields), and an import killed with SIGKILL and run
 * again ends with exactly the same documents, none twice.
 */
class ExportImportE2ETest {
  @TempDir
  Path dir;

  static final String SCHEMA = """
      Collection.create({ name: "Author", indexes: { byName: { terms: [{ field: ".name" }] } },
        constraints: [{ unique: ["name"] }] })
      Collection.create({ name: "Book", indexes: { byTitle: { terms: [{ field: ".title" }], values: [{ field: ".i" }] } },
        computed_fields: { shout: { body: "b => b.title.toUpperCase()" } } })
      Collection.create({ name: "Bulk" })
      Function.create({ name: "double", body: "x => x * 2" })
      Role.create({ name: "Reader", privileges: [{ resource: "Book", actions: { read: true } }] })
      """;

  static final String EVERY_TYPE = """
      Author.create({ id: "1", name: "Ann" })
      Author.create({ id: "2", name: "Bob" })
      Author.byId("2")!.delete()
      Book.create({ id: "10", title: "Types", i: 1, neg: -7, l: 10000000000, d: 1.5, tiny: 1.0e-300, dt: Date("2024-02-29"),
        t: Time("2024-01-02T03:04:05.123456Z"), b: Bytes.fromBase64("AAEC/w=="), s: "naïve ☃ \\"quoted\\" \\n line",
        empty: "", o: { a: [1, { b: null, c: [[], {}] }], "@x": 1, nested: { deep: { deeper: true } } },
        author: Author.byId("1"), gone: Author.byId("2"), nul: null, yes: true, no: false, arr: [1, "two", 3.0, null],
        ttl: Time.now().add(30, "days") })
      Book.create({ id: "11", title: "Plain" })
      Set.sequence(0, 150).forEach(i => Book.create({ title: "t" + i.toString(), i: i }))
      Set.sequence(0, 1000).forEach(i => Bulk.create({ n: i, pad: "x" + i.toString() }))
      """;

  @Test
  void exportImportRoundTripAndAKilledImportResumes() throws Exception {
    Path export = dir.resolve("export");
    try (InProcess src = InProcess.start(dir.resolve("src"));
         InProcess dst = InProcess.start(dir.resolve("dst"));
         InProcess dst2 = InProcess.start(dir.resolve("dst2"))) {
      for (String q : SCHEMA.split("\n(?=\\S)")) src.query(q).ok();
      for (String q : EVERY_TYPE.split("\n(?=\\S)")) src.query(q).ok();
      NodeClient source = client(src);

      assertThat(cli("export", "--url", url(src), "--to", export.toString(), "--page-size", "100")).isZero();
      // Writes after the export started are not in it: every collection was read at one commit time.
      src.query("Book.create({ id: \"999\", title: \"late\" })").ok();
      assertThat(Files.readAllLines(export.resolve("data/Book.jsonl"))).hasSize(152);
      assertThat(Files.readString(export.resolve("data/Book.jsonl"))).doesNotContain("\"late\"");
      src.query("Book.byId(\"999\")!.delete()").ok();

      assertThat(cli("import", "--url", url(dst), "--from", export.toString())).isZero();
      assertSameData(source, client(dst));
      assertThat(dst.query("double(21)").ok().data().asInt()).isEqualTo(42);
      assertThat(dst.query("Book.byTitle(\"t7\").first()!.i").ok().data().asInt()).isEqualTo(7);
      assertThat(dst.query("Author.create({ name: \"Ann\" })").status()).isEqualTo(400); // the unique constraint came back
      assertThat(dst.query("Book.byId(\"10\")!.shout").ok().data().asText()).isEqualTo("TYPES");
      // A second run of a finished import changes nothing.
      assertThat(cli("import", "--url", url(dst), "--from", export.toString())).isZero();
      assertThat(dst.query("Bulk.all().count()").ok().data().asInt()).isEqualTo(1000);
      // A database with another schema is refused rather than overwritten.
      dst.query("Database.create({ name: \"Other\" })").ok();
      dst.as(E2E.ROOT + ":Other:admin").query("Collection.create({ name: \"Mine\" })").ok();
      Path other = dir.resolve("other-progress.json");
      assertThat(cli("import", "--url", url(dst), "--from", export.toString(), "--progress", other.toString(),
          "--database", "Other")).isEqualTo(1);
      assertThat(dst.as(E2E.ROOT + ":Other:admin").query("Collection.all().map(.name).toArray()").ok().data().toString())
          .isEqualTo("[\"Mine\"]");

      // Killed mid-way (SIGKILL), then run again: the same documents, none twice.
      Path progress = dir.resolve("progress.json");
      Process p = new ProcessBuilder(java(), "-cp", classPath(), Main.class.getName(), "import", "--url", url(dst2),
          "--secret", E2E.ROOT, "--from", export.toString(), "--progress", progress.toString(), "--batch-size", "10")
          .redirectErrorStream(true).redirectOutput(dir.resolve("import.log").toFile()).start();
      long bulkDone = waitForProgress(progress, "Bulk", p);
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      assertThat(bulkDone).as("killed mid-way").isBetween(1L, 999L);
      int before = dst2.query("Bulk.all().count()").ok().data().asInt();
      assertThat(before).isBetween(1, 999);
      // As if the kill came between a batch's commit and the save of its progress: those batches are sent
      // again, and only absent ids are created.
      ObjectNode saved = (ObjectNode) E2E.JSON.readTree(progress.toFile());
      ((ObjectNode) saved.get("lines_done")).put("Bulk", 0);
      Files.writeString(progress, saved.toString());
      assertThat(cli("import", "--url", url(dst2), "--from", export.toString(), "--progress", progress.toString())).isZero();
      assertSameData(source, client(dst2));
    }
  }

  /** Polls the progress file until the collection has committed lines; fails if the import ended first. */
  private static long waitForProgress(Path progress, String collection, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (Files.exists(progress)) {
        try {
          long done = E2E.JSON.readTree(progress.toFile()).path("lines_done").path(collection).asLong();
          if (done > 0) return done;
        } catch (java.io.IOException partial) {
          // the file is replaced by a rename, but a read may still race with it; look again
        }
      }
      assertThat(p.isAlive()).as("the import is still running").isTrue();
      Thread.sleep(2);
    }
    throw new AssertionError("the import made no progress in 120 s");
  }

  /**
   * The same schema (each node's FSL files, diffed against the other: definitions pushed as FSL are stored in
   * canonical form, so a definition made with FQL compares equal by meaning, not by its document), and the
   * same documents (all but their ts).
   */
  private static void assertSameData(NodeClient a, NodeClient b) throws Exception {
    assertThat(schemaDiff(a, b)).isEmpty();
    assertThat(schemaDiff(b, a)).isEmpty();
    assertThat(b.query("[Collection.all().count(), Function.all().count(), Role.all().count()]", null))
        .isEqualTo(a.query("[Collection.all().count(), Function.all().count(), Role.all().count()]", null));
    for (String coll : List.of("Author", "Book", "Bulk")) {
      JsonNode want = withoutTs(a.query(coll + ".all().toArray()", null));
      JsonNode got = withoutTs(b.query(coll + ".all().toArray()", null));
      assertThat(got.size()).as(coll).isEqualTo(want.size());
      assertThat(got).as(coll).isEqualTo(want);
    }
  }

  /** The diff of {@code to}'s schema against {@code from}'s files, as /schema/1/diff words it. */
  private static String schemaDiff(NodeClient from, NodeClient to) throws Exception {
    StringBuilder body = new StringBuilder();
    for (JsonNode f : from.expectOk("GET", "/schema/1/files", null).json().path("files")) {
      String name = f.path("filename").asText();
      String content = from.expectOk("GET", "/schema/1/files/" + name, null).json().path("content").asText();
      body.append("--B\r\nContent-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n").append(content).append("\r\n");
    }
    body.append("--B--\r\n");
    return to.expectOk("POST", "/schema/1/diff", body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "multipart/form-data; boundary=B").json().path("diff").asText();
  }

  /** Drops every document's ts (an import writes new versions) and index build status. */
  private static JsonNode withoutTs(JsonNode v) {
    JsonNode copy = v.deepCopy();
    List<JsonNode> stack = new ArrayList<>(List.of(copy));
    while (!stack.isEmpty()) {
      JsonNode n = stack.remove(stack.size() - 1);
      if (n instanceof ObjectNode o) {
        o.remove("ts");
        o.remove("status");
      }
      n.forEach(stack::add);
    }
    return copy;
  }

  private static NodeClient client(InProcess n) {
    return new NodeClient(url(n), E2E.ROOT);
  }

  private static String url(InProcess n) {
    return "http://127.0.0.1:" + n.server.port();
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String classPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  private static int cli(String... args) {
    return new CommandLine(new Main()).execute(args);
  }
}
