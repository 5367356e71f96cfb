package io.faunus.model.typer;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The types of the names a query can use without binding them: the standard library's modules (only the
 * members whose signatures are modelled; the rest are {@link Type.Unknown}) and the user schema's
 * collections. A user collection's members are all known (the runtime's {@code UserCollection} answers
 * these and its indexes, nothing else), so a misspelt member is a type error as in Fauna.
 */
final class Globals {
  /** {@code Collection.create}'s parameter, as Fauna prints it (corpus FQL2CollectionsSpec#57). */
  static final String COLLECTION_CREATE = "{ name: String, alias: String | Null, computed_fields: { *: { body: String,"
      + " signature: String | Null } } | Null, fields: { *: { signature: String, default: String | Null } } | Null,"
      + " migrations: Array<{ backfill: { field: String, value: String } } | { drop: { field: String } }"
      + " | { split: { field: String, to: Array<String> } } | { move: { field: String, to: String } }"
      + " | { add: { field: String } } | { move_conflicts: { into: String } } | { move_wildcard: { into: String } }"
      + " | { add_wildcard: {} }> | Null, wildcard: String | Null, history_days: Number | Null,"
      + " ttl_days: Number | Null, document_ttls: Boolean | Null, indexes: { *: { terms: Array<{ field: String,"
      + " mva: Boolean | Null }> | Null, values: Array<{ field: String, mva: Boolean | Null,"
      + " order: \"asc\" | \"desc\" | Null }> | Null, queryable: Boolean | Null } } | Null,"
      + " constraints: Array<{ unique: Array<String> | Array<{ field: String, mva: Boolean | Null }> }"
      + " | { check: { name: String, body: String } }> | Null, data: { *: Any } | Null }";
  /** {@code Function.create}'s parameter, fields in FaunaDB core's order (stdlib Functions {@code docCreateType}). */
  static final String FUNCTION_CREATE = "{ name: String, alias: String | Null, signature: String | Null,"
      + " role: String | Null, body: String, data: { *: Any } | Null }";

  private static final Map<String, Type> LIBRARY = library();

  private final Map<String, Type> collections = new HashMap<>();

  Globals(List<TypeCheck.Collection> schema) {
    for (TypeCheck.Collection c : schema) {
      Type t = collection(c);
      collections.put(c.name(), t);
      if (c.alias() != null) collections.putIfAbsent(c.alias(), t);
    }
  }

  /** The type of a free name; Unknown when it is not modelled (UDFs, most of the library, arguments). */
  Type lookup(String name) {
    Type t = collections.get(name);
    if (t != null) return t;
    return LIBRARY.getOrDefault(name, Type.UNKNOWN);
  }

  private static Type collection(TypeCheck.Collection c) {
    Type doc = new Type.Named(c.name());
    Map<String, Type> m = new LinkedHashMap<>();
    m.put("all", fn(Type.set(doc)));
    m.put("where", fn(Type.set(doc)));
    m.put("firstWhere", fn(Type.nullable(doc)));
    m.put("byId", fn(Type.UNKNOWN)); // a reference: the document or its Null stand-in, not modelled
    m.put("create", fn(doc));
    m.put("createData", fn(doc));
    m.put("definition", Type.UNKNOWN);
    m.put("toString", fn(Type.STRING));
    for (String index : c.indexes()) m.put(index, fn(Type.set(doc)));
    return new Type.Module(c.name() + "Collection", m, true);
  }

  /** A member whose parameters are not modelled (never checked) and whose result is known. */
  private static Type fn(Type ret) {
    return new Type.Fn(List.of(Type.UNKNOWN), null, ret);
  }

  private static Map<String, Type> library() {
    Map<String, Type> lib = new HashMap<>();
    lib.put("Collection", new Type.Module("CollectionCollection",
        Map.of("create", create(COLLECTION_CREATE)), false));
    lib.put("Function", new Type.Module("FunctionCollection", Map.of("create", create(FUNCTION_CREATE)), false));
    lib.put("Math", new Type.Module("MathModule", Map.of(), false));
    lib.put("Time", new Type.Module("TimeModule", Map.of("now", new Type.Fn(List.of(), null, Type.TIME)), false));
    return Map.copyOf(lib);
  }

  private static Type create(String param) {
    return new Type.Fn(List.of(TypeText.parse(param, n -> false)), List.of("data"), Type.UNKNOWN);
  }
}
