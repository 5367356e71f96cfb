package io.faunus.model.db;

import io.faunus.model.stdlib.Builtins;
import java.util.Set;
import java.util.regex.Pattern;

/** Naming rules for schema items (spec §6.3). Each method returns an error text, or null when valid. */
final class Names {
  private Names() {}

  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final Set<String> KEYWORDS = Set.of("if", "else", "at", "match", "case", "let", "null", "true", "false",
      "isa", "join", "on", "of");
  private static final Set<String> TYPE_WORDS = Set.of("Any", "Never", "struct", "interface", "type", "function",
      "collection");
  static final Set<String> COLLECTION_MEMBERS = Set.of("all", "where", "firstWhere", "create", "createData",
      "createAll", "byId", "definition", "toString");
  static final Set<String> FIELD_RESERVED = Set.of("id", "coll", "ts", "ttl", "data", "exists", "update", "replace",
      "delete", "updateData", "replaceData");

  static String identifier(String name) {
    if (name == null || !IDENT.matcher(name).matches() || KEYWORDS.contains(name) || name.equals("_")) {
      return "Invalid identifier.";
    }
    return null;
  }

  /** Collections and UDFs, names and aliases: the reserved check runs before the identifier check. */
  static String collectionOrFunction(String name) {
    if (name != null && (name.equals("_") || name.equals("FQL") || KEYWORDS.contains(name) || TYPE_WORDS.contains(name)
        || Builtins.isGlobal(name) || Natives.isNativeName(name) || name.equals("Set") || name.equals("Query"))) {
      return "The identifier `" + name + "` is reserved.";
    }
    return identifier(name);
  }

  static String role(String name) {
    if ("admin".equals(name) || "server".equals(name)) return "The identifier `" + name + "` is reserved.";
    return identifier(name);
  }

  static String index(String name) {
    String e = identifier(name);
    if (e != null) return e;
    return COLLECTION_MEMBERS.contains(name) ? "The name '" + name + "' is reserved." : null;
  }

  static String field(String name) {
    String e = identifier(name);
    if (e != null) return e;
    return FIELD_RESERVED.contains(name) ? "The name '" + name + "' is reserved." : null;
  }
}
