package io.faunus.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A setting's value, from YAML or from an environment variable, checked against its key's type and
 * written as its flag's argument would be (lists comma-separated, maps as {@code k=v,k2=v2}).
 */
final class Values {
  private Values() {}

  static String fromYaml(ConfigKey key, JsonNode v) {
    return switch (key.type()) {
      case INT, LONG -> {
        if (!v.isIntegralNumber() || (key.type() == ConfigKey.Type.INT && !v.canConvertToInt())) throw expected(key, v);
        yield v.asText();
      }
      case BOOL -> {
        if (!v.isBoolean()) throw expected(key, v);
        yield v.asText();
      }
      case STRING, PATH -> {
        if (!(v.isTextual() || (key.type() == ConfigKey.Type.STRING && v.isNumber())) || v.asText().isEmpty()) throw expected(key, v);
        yield v.asText();
      }
      case LIST -> {
        if (v.isTextual()) yield v.asText();
        if (!v.isArray()) throw expected(key, v);
        List<String> items = new ArrayList<>();
        for (JsonNode item : v) {
          if (!item.isTextual()) throw new ConfigException("expected " + key.type().expected + ", got an item " + describe(item));
          items.add(item.asText());
        }
        yield String.join(",", items);
      }
      case MAP -> {
        if (!v.isObject()) throw expected(key, v);
        List<String> pairs = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!e.getValue().isTextual()) throw new ConfigException("expected " + key.type().expected + ", got " + e.getKey() + ": " + describe(e.getValue()));
          pairs.add(e.getKey() + "=" + e.getValue().asText());
        }
        yield String.join(",", pairs);
      }
    };
  }

  /** An environment variable's text, checked like a YAML scalar. */
  static String fromEnv(ConfigKey key, String v) {
    String t = v.trim();
    switch (key.type()) {
      case INT, LONG -> {
        try {
          if (key.type() == ConfigKey.Type.INT) Integer.parseInt(t);
          else Long.parseLong(t);
        } catch (NumberFormatException e) {
          throw new ConfigException("expected " + key.type().expected + ", got \"" + v + "\"");
        }
      }
      case BOOL -> {
        if (!t.equals("true") && !t.equals("false")) throw new ConfigException("expected true or false, got \"" + v + "\"");
      }
      case STRING, PATH, LIST, MAP -> {
        if (t.isEmpty()) throw new ConfigException("expected " + key.type().expected + ", got an empty value");
      }
    }
    return t;
  }

  private static ConfigException expected(ConfigKey key, JsonNode v) {
    return new ConfigException("expected " + key.type().expected + ", got " + describe(v));
  }

  /** A value as an error message shows it: its kind and, for scalars, the value itself. */
  static String describe(JsonNode v) {
    if (v.isObject()) return "a map";
    if (v.isArray()) return "a list";
    if (v.isNull()) return "nothing (null)";
    if (v.isTextual()) return "\"" + v.asText() + "\"";
    return v.asText();
  }
}
