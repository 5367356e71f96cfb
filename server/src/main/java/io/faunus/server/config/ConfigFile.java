package io.faunus.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code faunus.yml} read and checked: every key known, every value of its key's type. The result maps
 * each key set in the file to the text its flag would take on the command line, so that the file, the
 * environment and the flags all reach the options through one parser (picocli's).
 */
public final class ConfigFile {
  private ConfigFile() {}

  /** A configuration file is a few KiB; anything much larger is a mistake (a data file given by error). */
  static final long FILE_BYTES_MAX = 1 << 20;
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Reads and checks {@code file}; a problem is a {@link ConfigException} naming the file and the key. */
  public static Map<String, String> read(Path file) {
    String where = file.toString();
    JsonNode root;
    try {
      if (Files.size(file) > FILE_BYTES_MAX) throw new ConfigException(where + ": larger than " + FILE_BYTES_MAX + " bytes");
      root = YAML.readTree(file.toFile());
    } catch (NoSuchFileException e) {
      throw new ConfigException(where + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(where + ": not valid YAML: " + firstLine(e.getMessage()));
    }
    return parse(where, root);
  }

  /** Checks a YAML text (tests; {@code where} names it in errors). */
  public static Map<String, String> parse(String where, String yaml) {
    try {
      return parse(where, YAML.readTree(yaml));
    } catch (IOException e) {
      throw new ConfigException(where + ": not valid YAML: " + firstLine(e.getMessage()));
    }
  }

  private static Map<String, String> parse(String where, JsonNode root) {
    Map<String, String> out = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) return out; // an empty file sets nothing
    if (!root.isObject()) throw new ConfigException(where + ": expected a map of settings at the top");
    List<String> problems = new ArrayList<>();
    walk(where, "", root, out, problems);
    if (!problems.isEmpty()) throw new ConfigException(String.join("\n", problems));
    return out;
  }

  private static void walk(String where, String prefix, JsonNode node, Map<String, String> out, List<String> problems) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      var known = ConfigKeys.byKey(key);
      if (known.isPresent()) {
        try {
          out.put(key, Values.fromYaml(known.get(), e.getValue()));
        } catch (ConfigException bad) {
          problems.add(where + ": " + key + ": " + bad.getMessage());
        }
      } else if (ConfigKeys.isSection(key) && e.getValue().isObject()) {
        walk(where, key, e.getValue(), out, problems);
      } else if (ConfigKeys.isSection(key)) {
        problems.add(where + ": " + key + ": expected a map of settings (a section), got " + Values.describe(e.getValue()));
      } else {
        String hint = DidYouMean.closest(key, ConfigKeys.ALL.stream().map(ConfigKey::key).toList())
            .map(s -> "; did you mean " + s + "?").orElse("");
        problems.add(where + ": " + key + ": unknown key" + hint);
      }
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
