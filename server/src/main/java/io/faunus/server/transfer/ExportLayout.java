package io.faunus.server.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faunus.server.client.NodeClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An export directory: {@code export.json} (this record), {@code schema/*.fsl} (the database's schema as
 * FSL files, whether it was pushed as files or made with FQL), and {@code data/<Collection>.jsonl} (one
 * document per line in the tagged format, without {@code coll}, {@code ts} and computed fields, so each
 * line is what {@code Collection.create} takes back). {@code export.json} is written last: a directory
 * without one is an unfinished export.
 *
 * @param format        {@link #FORMAT}
 * @param exportedAtTs  the commit time (µs) every collection was read at
 * @param schemaFiles   the FSL file names under {@code schema/}
 * @param collections   one entry per collection, in the order they are imported
 */
record ExportLayout(int format, long exportedAtTs, List<String> schemaFiles, List<CollectionFile> collections) {
  static final int FORMAT = 1;
  static final String FILE_NAME = "export.json";
  static final String SCHEMA_DIR = "schema";
  static final String DATA_DIR = "data";
  /** Collection and FSL file names go into paths and FQL text: only these shapes are accepted. */
  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
  static final Pattern FSL_FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,250}\\.fsl");

  /** @param documents how many lines its file holds */
  record CollectionFile(String name, long documents) {
    CollectionFile {
      if (!IDENTIFIER.matcher(name).matches()) throw new IllegalArgumentException("bad collection name: " + name);
    }

    String file() {
      return DATA_DIR + "/" + name + ".jsonl";
    }
  }

  ExportLayout {
    schemaFiles = List.copyOf(schemaFiles);
    collections = List.copyOf(collections);
    for (String f : schemaFiles) {
      if (!FSL_FILE.matcher(f).matches()) throw new IllegalArgumentException("bad schema file name: " + f);
    }
  }

  void write(Path dir) throws IOException {
    ObjectNode o = NodeClient.JSON.createObjectNode().put("format", format).put("exported_at_ts", exportedAtTs);
    schemaFiles.forEach(o.putArray("schema_files")::add);
    var list = o.putArray("collections");
    for (CollectionFile c : collections) list.addObject().put("name", c.name()).put("documents", c.documents()).put("file", c.file());
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    Files.write(tmp, NodeClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
    Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static ExportLayout read(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) throw new IOException(file + " is missing: not an export, or one that did not finish");
    JsonNode o = NodeClient.JSON.readTree(file.toFile());
    if (o.path("format").asInt(-1) != FORMAT) {
      throw new IOException("export format " + o.path("format") + " is not supported (this version reads " + FORMAT + ")");
    }
    List<String> files = new ArrayList<>();
    o.path("schema_files").forEach(f -> files.add(f.asText()));
    List<CollectionFile> colls = new ArrayList<>();
    for (JsonNode c : o.path("collections")) colls.add(new CollectionFile(c.path("name").asText(), c.path("documents").asLong()));
    return new ExportLayout(FORMAT, o.path("exported_at_ts").asLong(), files, colls);
  }
}
