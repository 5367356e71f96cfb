package io.faunus.server.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faunus.server.client.Dirs;
import io.faunus.server.client.DatabaseOptions;
import io.faunus.server.client.NodeClient;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code faunus export}: one database's schema and documents into a directory ({@link ExportLayout}).
 * Every collection is read at one commit time (the first query's), through {@code at()}, and paged with set
 * cursors, so the export is a consistent picture of the data even while writes go on.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Write one database's schema (FSL files) and documents (JSON lines in the tagged format, one "
            + "file per collection) into a new directory, all read at one commit time.",
        "Keys, tokens, credentials and child databases are not exported. Progress goes to stderr (a bar on "
            + "a terminal).",
        "Import with: faunus import --from DIR",
        "--secret: an admin secret of the database, or of its parent with --database."})
public final class ExportCommand implements Callable<Integer> {
  /** Documents per page; bounded so one answer stays small whatever the documents' size. */
  static final int PAGE_SIZE_MAX = 1000;

  @Mixin
  DatabaseOptions target;

  @Option(names = "--to", required = true, paramLabel = "DIR", description = "Where to write the export; must not exist or be empty.")
  Path to;

  @Option(names = "--page-size", defaultValue = "200", description = "Documents read per request, 1.." + PAGE_SIZE_MAX + " (default: ${DEFAULT-VALUE}).")
  int pageSize;

  @Override
  public Integer call() {
    try {
      if (pageSize < 1 || pageSize > PAGE_SIZE_MAX) throw new IllegalArgumentException("--page-size must be 1.." + PAGE_SIZE_MAX);
      ExportLayout done = run(target.client(), to, pageSize, Progress.forStderr());
      long docs = done.collections().stream().mapToLong(ExportLayout.CollectionFile::documents).sum();
      System.out.printf("faunus: exported %s at commit time %d µs: %d schema files, %d collections, %d documents, to %s%n",
          target.describe(), done.exportedAtTs(), done.schemaFiles().size(), done.collections().size(), docs, to);
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("faunus: export failed: " + e.getMessage());
      return 1;
    }
  }

  static ExportLayout run(NodeClient node, Path to, int pageSize, Progress progress) throws IOException {
    Dirs.requireEmpty(to, "--to");
    Files.createDirectories(to.resolve(ExportLayout.SCHEMA_DIR));
    Files.createDirectories(to.resolve(ExportLayout.DATA_DIR));
    String at = node.query("Time.now()", null).path("@time").asText();
    Instant atInstant = Instant.parse(at);
    long atMicros = ChronoUnit.MICROS.between(Instant.EPOCH, atInstant);
    List<String> schemaFiles = exportSchema(node, to.resolve(ExportLayout.SCHEMA_DIR));
    List<ExportLayout.CollectionFile> colls = new ArrayList<>();
    String atExpr = "at(Time(\"" + at + "\")) ";
    JsonNode defs = node.query(atExpr + "{ Collection.all().map(c => { name: c.name, computed: c.computed_fields }).toArray() }", null);
    for (JsonNode def : defs) {
      String name = def.path("name").asText();
      Set<String> computed = new HashSet<>();
      def.path("computed").fieldNames().forEachRemaining(computed::add);
      if (def.path("computed").has("@object")) def.path("computed").path("@object").fieldNames().forEachRemaining(computed::add);
      var file = new ExportLayout.CollectionFile(name, 0);
      long total = number(node.query(atExpr + "{ " + name + ".all().count() }", null));
      long n = exportCollection(node, atExpr, name, computed, to.resolve(file.file()), pageSize, progress.bar(name, total, "documents"));
      colls.add(new ExportLayout.CollectionFile(name, n));
    }
    ExportLayout layout = new ExportLayout(ExportLayout.FORMAT, atMicros, schemaFiles, colls);
    layout.write(to);
    return layout;
  }

  /** A tagged-format number ({"@int": "5"} or {"@long": "5"}). */
  static long number(JsonNode tagged) {
    JsonNode n = tagged.has("@int") ? tagged.get("@int") : tagged.path("@long");
    return n.asLong(tagged.asLong());
  }

  /** The database's FSL files as the node shows them (generated from the definitions when none were pushed). */
  private static List<String> exportSchema(NodeClient node, Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    for (JsonNode f : node.expectOk("GET", "/schema/1/files", null).json().path("files")) {
      String name = f.path("filename").asText();
      if (!ExportLayout.FSL_FILE.matcher(name).matches()) throw new IOException("unexpected schema file name: " + name);
      String content = node.expectOk("GET", "/schema/1/files/" + URLEncoder.encode(name, StandardCharsets.UTF_8), null)
          .json().path("content").asText();
      Files.writeString(dir.resolve(name), content);
      names.add(name);
    }
    return names;
  }

  private static long exportCollection(NodeClient node, String atExpr, String name, Set<String> computed, Path file,
                                       int pageSize, Progress.Bar bar) throws IOException {
    long n = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      JsonNode page = page(node.query(atExpr + "{ " + name + ".all().pageSize(" + pageSize + ") }", null));
      while (true) {
        for (JsonNode d : page.path("data")) {
          out.write(NodeClient.JSON.writeValueAsString(line(d, computed)));
          out.write('\n');
          n++;
        }
        bar.advance(page.path("data").size());
        JsonNode after = page.path("after");
        if (after.isMissingNode() || after.isNull()) break;
        ObjectNode args = NodeClient.JSON.createObjectNode().put("after", after.asText());
        page = page(node.query("Set.paginate(after)", args));
      }
    }
    bar.done();
    return n;
  }

  /** A set's first page comes as {"@set": page}; Set.paginate answers the page itself. */
  private static JsonNode page(JsonNode answer) {
    return answer.has("@set") ? answer.get("@set") : answer;
  }

  /** A document as {@code create} takes it back: no coll, ts or computed fields; escaped if a field starts with @. */
  static JsonNode line(JsonNode tagged, Set<String> computed) throws IOException {
    JsonNode doc = tagged.path("@doc");
    if (!doc.isObject()) throw new IOException("expected a document, got " + tagged);
    ObjectNode fields = ((ObjectNode) doc).deepCopy();
    fields.remove("coll");
    fields.remove("ts");
    fields.remove(computed);
    boolean escape = false;
    for (var it = fields.fieldNames(); it.hasNext(); ) escape |= it.next().startsWith("@");
    return escape ? NodeClient.JSON.createObjectNode().set("@object", fields) : fields;
  }
}
