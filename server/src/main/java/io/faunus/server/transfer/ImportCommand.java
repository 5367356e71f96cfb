package io.faunus.server.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faunus.server.client.DatabaseOptions;
import io.faunus.server.client.NodeClient;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code faunus import}: an export directory into a database. The schema is pushed first (as FSL, so
 * collections, indexes, constraints, computed fields, functions, roles and access providers come back as
 * they were), then each collection's documents in batches, one transaction each, creating only ids not
 * there yet. Progress is saved after every batch ({@link ImportProgress}): re-running after a kill or an
 * error continues, and never duplicates a document.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Load a directory written by faunus export into a database: its schema, then its documents "
            + "with their ids (document timestamps are new).",
        "The database must be empty or already hold the export's schema.",
        "Re-run the same command after an interruption: it continues where it stopped, without duplicates.",
        "--secret: an admin secret of the database, or of its parent with --database."})
public final class ImportCommand implements Callable<Integer> {
  static final int BATCH_DOCUMENTS_MAX = 1000;
  /** A batch's request stays well under the node's 8 MiB body limit. */
  static final int BATCH_BYTES_MAX = 2 << 20;

  @Mixin
  DatabaseOptions target;

  @Option(names = "--from", required = true, paramLabel = "DIR", description = "A directory written by faunus export.")
  Path from;

  @Option(names = "--batch-size", defaultValue = "100",
      description = "Documents per transaction, 1.." + BATCH_DOCUMENTS_MAX + " (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--progress", paramLabel = "FILE",
      description = "Where progress is saved for a re-run (default: DIR/" + ImportProgress.DEFAULT_FILE + ").")
  Path progressFile;

  /** What an import did: documents created, and those already there (from an earlier, interrupted run). */
  record Outcome(long created, long present) {}

  @Override
  public Integer call() {
    try {
      if (batchSize < 1 || batchSize > BATCH_DOCUMENTS_MAX) throw new IllegalArgumentException("--batch-size must be 1.." + BATCH_DOCUMENTS_MAX);
      Path progress = progressFile != null ? progressFile : from.resolve(ImportProgress.DEFAULT_FILE);
      Outcome o = run(target.client(), target.describe(), from, progress, batchSize, Progress.forStderr());
      System.out.printf("faunus: imported %s into %s: %d documents created, %d already there%n", from, target.describe(),
          o.created(), o.present());
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("faunus: import failed: " + e.getMessage());
      System.err.println("faunus: run the same command again to continue where it stopped");
      return 1;
    }
  }

  static Outcome run(NodeClient node, String targetName, Path from, Path progressFile, int batchSize, Progress progress)
      throws IOException {
    ExportLayout layout = ExportLayout.read(from);
    ImportProgress state = ImportProgress.load(progressFile, targetName, layout.exportedAtTs());
    if (!state.schemaDone()) {
      pushSchema(node, from, layout);
      state = state.withSchemaDone();
      state.save(progressFile);
    }
    long created = 0;
    long total = 0;
    for (ExportLayout.CollectionFile c : layout.collections()) {
      long skip = state.done(c.name());
      Progress.Bar bar = progress.bar(c.name(), c.documents(), "documents");
      bar.advance(skip);
      try (BufferedReader in = Files.newBufferedReader(from.resolve(c.file()))) {
        for (long i = 0; i < skip; i++) {
          if (in.readLine() == null) throw new IOException(c.file() + " has fewer lines than the progress file says");
        }
        long done = skip;
        ArrayNode batch = NodeClient.JSON.createArrayNode();
        long batchBytes = 0;
        for (String line; (line = in.readLine()) != null; ) {
          if (line.isBlank()) continue;
          batch.add(NodeClient.JSON.readTree(line));
          batchBytes += line.length();
          if (batch.size() >= batchSize || batchBytes >= BATCH_BYTES_MAX) {
            created += commit(node, c.name(), batch, bar);
            done += batch.size();
            state = state.with(c.name(), done);
            state.save(progressFile);
            batch = NodeClient.JSON.createArrayNode();
            batchBytes = 0;
          }
        }
        if (!batch.isEmpty()) {
          created += commit(node, c.name(), batch, bar);
          state = state.with(c.name(), done + batch.size());
          state.save(progressFile);
        }
      }
      bar.done();
      total += c.documents() - skip;
    }
    return new Outcome(created, total - created);
  }

  /** Sends one batch and counts it on the bar; answers how many documents it created. */
  private static long commit(NodeClient node, String collection, ArrayNode batch, Progress.Bar bar) throws IOException {
    long made = createMissing(node, collection, batch);
    bar.advance(batch.size());
    return made;
  }

  /** One transaction: creates the batch's documents whose id is absent; answers how many it created. */
  private static long createMissing(NodeClient node, String collection, ArrayNode docs) throws IOException {
    ObjectNode args = NodeClient.JSON.createObjectNode();
    args.set("docs", docs);
    JsonNode made = node.query("docs.map(d => if (" + collection + ".byId(d.id) == null) " + collection
        + ".create(d) != null else false)", args);
    long n = 0;
    for (JsonNode b : made) if (b.asBoolean()) n++;
    return n;
  }

  /**
   * Makes the database's schema the export's. Refuses a database that holds another schema: a push with
   * override would delete its definitions. An empty database, or one that holds this schema already (an
   * earlier run of this import), is fine.
   */
  private static void pushSchema(NodeClient node, Path from, ExportLayout layout) throws IOException {
    if (layout.schemaFiles().isEmpty()) return;
    String boundary = "faunus-import-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    byte[] body = multipart(from, layout, boundary);
    String type = "multipart/form-data; boundary=" + boundary;
    boolean empty = node.expectOk("GET", "/schema/1/files", null).json().path("files").isEmpty();
    if (!empty) {
      String diff = node.expectOk("POST", "/schema/1/diff?force=true", body, type).json().path("diff").asText("");
      if (!diff.isBlank()) {
        throw new IOException("the target database already has a different schema; import into an empty database. "
            + "Differences:\n" + diff);
      }
    }
    node.expectOk("POST", "/schema/1/update?force=true", body, type);
  }

  private static byte[] multipart(Path from, ExportLayout layout, String boundary) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String name : layout.schemaFiles()) {
      // The file name is the form field's name (schema-v10.md §1.0); names are checked by ExportLayout.
      out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name
          + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.write(Files.readAllBytes(from.resolve(ExportLayout.SCHEMA_DIR).resolve(name)));
      out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
