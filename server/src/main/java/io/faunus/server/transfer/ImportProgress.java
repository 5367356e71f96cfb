package io.faunus.server.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faunus.server.client.NodeClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far an import got, saved after every committed batch so a re-run after a kill continues where it
 * stopped. Losing the last save costs nothing but time: a batch re-sent creates only the documents whose id
 * is still absent, so there are never duplicates.
 *
 * @param target       which node and database it imports into (a progress file serves one target)
 * @param exportedAtTs the export it reads (a new export needs a new progress file)
 * @param schemaDone   the export's schema was pushed
 * @param linesDone    per collection, how many lines of its file are committed
 */
record ImportProgress(String target, long exportedAtTs, boolean schemaDone, Map<String, Long> linesDone) {
  static final String DEFAULT_FILE = "import-progress.json";

  ImportProgress {
    linesDone = Map.copyOf(linesDone);
  }

  static ImportProgress start(String target, long exportedAtTs) {
    return new ImportProgress(target, exportedAtTs, false, Map.of());
  }

  long done(String collection) {
    return linesDone.getOrDefault(collection, 0L);
  }

  ImportProgress withSchemaDone() {
    return new ImportProgress(target, exportedAtTs, true, linesDone);
  }

  ImportProgress with(String collection, long lines) {
    Map<String, Long> m = new LinkedHashMap<>(linesDone);
    m.put(collection, lines);
    return new ImportProgress(target, exportedAtTs, schemaDone, m);
  }

  /** The saved progress of this import, or a fresh one; refuses a file saved for another target or export. */
  static ImportProgress load(Path file, String target, long exportedAtTs) throws IOException {
    if (!Files.exists(file)) return start(target, exportedAtTs);
    JsonNode o = NodeClient.JSON.readTree(file.toFile());
    if (!o.path("target").asText().equals(target) || o.path("exported_at_ts").asLong() != exportedAtTs) {
      throw new IOException(file + " records an import of another export or into another target ("
          + o.path("target").asText() + "); pass another --progress file");
    }
    Map<String, Long> lines = new LinkedHashMap<>();
    o.path("lines_done").fields().forEachRemaining(e -> lines.put(e.getKey(), e.getValue().asLong()));
    return new ImportProgress(target, exportedAtTs, o.path("schema_done").asBoolean(), lines);
  }

  /** Through a temporary file and a rename: a kill mid-write leaves the previous save. */
  void save(Path file) throws IOException {
    ObjectNode o = NodeClient.JSON.createObjectNode().put("target", target).put("exported_at_ts", exportedAtTs)
        .put("schema_done", schemaDone);
    ObjectNode lines = o.putObject("lines_done");
    linesDone.forEach(lines::put);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, NodeClient.JSON.writeValueAsBytes(o));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
