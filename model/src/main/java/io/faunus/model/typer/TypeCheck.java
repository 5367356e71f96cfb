package io.faunus.model.typer;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.Source;
import io.faunus.fql.ast.Expr;
import io.faunus.fql.fsl.FslType;
import io.faunus.model.db.SchemaView;
import io.faunus.model.schema.CollectionDef;
import io.faunus.model.schema.FunctionDef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The static phase of a typechecked query (schema-v10.md §6.1): infer the query's type against the
 * database's schema before anything runs. {@link Checked} carries the {@code static_type} display;
 * {@link Rejected} the diagnostics of an {@code invalid_query} answer.
 */
public sealed interface TypeCheck {
  /** {@code warnings}: diagnostics that do not stop the query ("Function is not called."), for its summary. */
  record Checked(String staticType, List<Diagnostic> warnings) implements TypeCheck {
    public Checked {
      warnings = List.copyOf(warnings);
    }
  }

  record Rejected(List<Diagnostic> diagnostics) implements TypeCheck {}

  /**
   * What the typechecker needs of a user collection: the names it answers to, its index names and its defined
   * fields' types (empty when it has none: its documents' fields are then untyped).
   */
  record Collection(String name, String alias, List<String> indexes, Map<String, FslType> fields) {
    public Collection {
      indexes = List.copyOf(indexes);
      fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public Collection(String name, String alias, List<String> indexes) {
      this(name, alias, indexes, Map.of());
    }

    static Collection of(CollectionDef def) {
      Map<String, FslType> fields = new LinkedHashMap<>();
      if (def.fields() != null) def.fields().fields().forEach((n, f) -> fields.put(n, f.type()));
      return new Collection(def.name(), def.alias(), def.indexes().stream().map(i -> i.name()).toList(), fields);
    }
  }

  /** What the typechecker needs of a user function: its names and its signature text (null when untyped). */
  record Function(String name, String alias, String signature) {
    static Function of(FunctionDef def) {
      return new Function(def.name(), def.alias(), def.signature());
    }
  }

  /** The user schema a query is typed against: every name it may use besides the library's. */
  record Schema(List<Collection> collections, List<Function> functions) {
    public Schema {
      collections = List.copyOf(collections);
      functions = List.copyOf(functions);
    }

    static final Schema NONE = new Schema(List.of(), List.of());

    static Schema of(SchemaView view) {
      if (view == null) return NONE;
      return new Schema(view.collections().stream().map(Collection::of).toList(),
          view.functions().stream().map(Function::of).toList());
    }
  }

  /**
   * @param schema    the database's collections and functions at the query's snapshot (null: none)
   * @param arguments names bound by the request's {@code arguments}, which are untyped here
   */
  static TypeCheck run(Source source, Expr query, SchemaView schema, List<String> arguments) {
    return run(source, query, GlobalsCache.of(schema), arguments);
  }

  /**
   * A schema body (UDF, computed field, check, predicate): bound are the schema's names and {@code params}, a
   * UDF's parameters (name → FSL type text, null when untyped; a variadic one is an array of that type).
   */
  static TypeCheck run(Source source, Expr body, Schema schema, Map<String, String> params) {
    Globals globals = new Globals(schema);
    Typer typer = new Typer(source, globals);
    Map<String, Type> locals = new LinkedHashMap<>();
    params.forEach((name, type) -> locals.put(name, type == null ? Type.UNKNOWN : globals.typeText(type)));
    return outcome(typer, typer.infer(body, locals));
  }

  /** {@code collections}: the user collections the query may name (and no user functions). */
  static TypeCheck run(Source source, Expr query, List<Collection> collections, List<String> arguments) {
    return run(source, query, new Globals(new Schema(collections, List.of())), arguments);
  }

  private static TypeCheck run(Source source, Expr query, Globals globals, List<String> arguments) {
    Typer typer = new Typer(source, globals);
    Map<String, Type> locals = new LinkedHashMap<>();
    for (String a : arguments) locals.put(a, Type.UNKNOWN);
    return outcome(typer, typer.infer(query, locals));
  }

  private static TypeCheck outcome(Typer typer, Type t) {
    if (!typer.errors.isEmpty()) return new Rejected(List.copyOf(typer.errors));
    return new Checked(TypeDisplay.show(t), List.copyOf(typer.warnings));
  }
}
