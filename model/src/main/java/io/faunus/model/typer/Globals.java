package io.faunus.model.typer;

import io.faunus.model.db.SchemaView;
import io.faunus.model.stdlib.Builtins;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The types of the names a query can use without binding them: the standard library's modules (only the
 * members whose signatures are modelled; the rest are {@link Type.Unknown}), the native collections, and the
 * user schema's collections and functions. A user collection's members are all known (the runtime's
 * {@code UserCollection} answers these and its indexes, nothing else), so a misspelt member is a type error as
 * in Fauna. A name that is none of these is unbound ({@link #lookup} answers null), exactly the names the
 * runtime would answer {@code unbound_variable} for ({@code Interp.ident}).
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
  private final Map<String, Type> functions = new HashMap<>();
  private final Set<String> documents = new HashSet<>();
  private final Map<String, TypeCheck.Collection> byName = new HashMap<>();

  Globals(TypeCheck.Schema schema) {
    for (TypeCheck.Collection c : schema.collections()) {
      Type t = collection(c);
      collections.put(c.name(), t);
      if (c.alias() != null) collections.putIfAbsent(c.alias(), t);
    }
    for (TypeCheck.Collection c : schema.collections()) {
      documents.add(c.name());
      byName.put(c.name(), c);
    }
    for (TypeCheck.Function f : schema.functions()) {
      Type t = udf(f, documents::contains);
      functions.put(f.name(), t);
      if (f.alias() != null) functions.putIfAbsent(f.alias(), t);
    }
  }

  /**
   * The type of a free name, in the runtime's order (fql-v10.md §3.9): the library, native collections, user
   * collections, user functions; Unknown when it exists but is not modelled; null when it is unbound.
   */
  Type lookup(String name) {
    Type t = LIBRARY.get(name);
    if (t != null) return t;
    // FQL: Fauna's name for the library itself (FQL.Math); the runtime lacks it, but Fauna binds it.
    if (Builtins.isGlobal(name) || name.equals("Query") || name.equals("FQL") || SchemaView.isNativeCollection(name)) {
      return Type.UNKNOWN;
    }
    t = collections.get(name);
    return t != null ? t : functions.get(name);
  }

  /**
   * Field {@code name} of a document of collection {@code doc}, or null when {@code doc} is not a user
   * collection's document type. Metadata as Fauna types it ({@code id: ID}, {@code ts: Time}), a defined field
   * as declared, anything else Unknown (computed fields, wildcard and untyped collections are not modelled).
   */
  Type documentField(String doc, String name) {
    TypeCheck.Collection c = byName.get(doc);
    if (c == null) return null;
    return switch (name) {
      case "id" -> Type.ID;
      case "ts" -> Type.TIME;
      case "coll" -> collections.get(doc);
      default -> c.fields().containsKey(name) ? TypeText.of(c.fields().get(name), documents::contains) : Type.UNKNOWN;
    };
  }

  /** FSL type text ({@code let} annotations, UDF parameters) read against this schema's document types. */
  Type typeText(String text) {
    return TypeText.parse(text, documents::contains);
  }

  /** A UDF with a signature is that function type (calls are checked against it); without one it is Unknown. */
  private static Type udf(TypeCheck.Function f, java.util.function.Predicate<String> isDocument) {
    if (f.signature() == null) return Type.UNKNOWN;
    // A stored signature the FSL type parser refuses parses as Unknown: unsure, so untyped.
    return TypeText.parse(f.signature(), isDocument) instanceof Type.Fn fn ? fn : Type.UNKNOWN;
  }

  private static Type collection(TypeCheck.Collection c) {
    Type doc = new Type.Named(c.name());
    Map<String, Type> m = new LinkedHashMap<>();
    m.put("all", fn(Type.set(doc)));
    m.put("where", fn(Type.set(doc)));
    m.put("firstWhere", fn(Type.nullable(doc)));
    m.put("byId", fn(new Type.Cons("Ref", List.of(doc)))); // the document, or its Null stand-in if missing
    m.put("create", fn(doc));
    m.put("createData", fn(doc));
    m.put("definition", Type.UNKNOWN);
    m.put("toString", fn(Type.STRING));
    for (String index : c.indexes()) m.put(index, fn(Type.set(doc)));
    return new Type.Module(c.name() + "Collection", m, true);
  }

  /** A member whose parameters are not modelled (never checked) and whose result is known. */
  private static Type fn(Type ret) {
    return new Type.Fn(List.of(Type.UNKNOWN), null, ret, false);
  }

  private static Map<String, Type> library() {
    Map<String, Type> lib = new HashMap<>();
    lib.put("Collection", new Type.Module("CollectionCollection",
        Map.of("create", create(COLLECTION_CREATE)), false));
    lib.put("Function", new Type.Module("FunctionCollection", Map.of("create", create(FUNCTION_CREATE)), false));
    lib.put("Math", new Type.Module("MathModule", math(), false));
    // Time's static functions as FaunaDB core declares them (stdlib Time.scala).
    lib.put("Time", new Type.Module("TimeModule", Map.of("now", new Type.Fn(List.of(), null, Type.TIME),
        "fromString", new Type.Fn(List.of(Type.STRING), List.of("time"), Type.TIME),
        "epoch", new Type.Fn(List.of(Type.NUMBER, Type.STRING), List.of("offset", "unit"), Type.TIME)), false));
    return Map.copyOf(lib);
  }

  /**
   * Math's members with one signature in FaunaDB core's stdlib ({@code Math.abs} is {@code (x: Number) => Number});
   * the overloaded ones ({@code mean}, {@code sum}) and those whose optional parameters are not modelled
   * ({@code round}, {@code trunc}) are left out, so they are Unknown.
   */
  private static Map<String, Type> math() {
    Map<String, Type> m = new HashMap<>();
    for (String c : List.of("NaN", "Infinity", "E", "PI")) m.put(c, Type.NUMBER);
    for (String f : List.of("abs", "acos", "asin", "atan", "ceil", "cos", "cosh", "degrees", "exp", "floor", "log",
        "log10", "radians", "sin", "sinh", "sqrt", "tan", "tanh")) {
      m.put(f, new Type.Fn(List.of(Type.NUMBER), List.of("x"), Type.NUMBER));
    }
    m.put("sign", new Type.Fn(List.of(Type.NUMBER), List.of("x"), Type.INT));
    for (String f : List.of("hypot", "max", "min")) {
      m.put(f, new Type.Fn(List.of(Type.NUMBER, Type.NUMBER), List.of("x", "y"), Type.NUMBER));
    }
    m.put("pow", new Type.Fn(List.of(Type.NUMBER, Type.NUMBER), List.of("x", "power"), Type.NUMBER));
    return Map.copyOf(m);
  }

  private static Type create(String param) {
    return new Type.Fn(List.of(TypeText.parse(param, n -> false)), List.of("data"), Type.UNKNOWN);
  }
}
