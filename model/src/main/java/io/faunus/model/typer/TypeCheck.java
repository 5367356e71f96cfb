package io.faunus.model.typer;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.Source;
import io.faunus.fql.ast.Expr;
import io.faunus.model.db.SchemaView;
import io.faunus.model.schema.CollectionDef;
import java.util.List;

/**
 * The static phase of a typechecked query (schema-v10.md §6.1): infer the query's type against the
 * database's schema before anything runs. {@link Checked} carries the {@code static_type} display;
 * {@link Rejected} the diagnostics of an {@code invalid_query} answer.
 */
public sealed interface TypeCheck {
  record Checked(String staticType) implements TypeCheck {}

  record Rejected(List<Diagnostic> diagnostics) implements TypeCheck {}

  /** What the typechecker needs of a user collection: the names it answers to and its index names. */
  record Collection(String name, String alias, List<String> indexes) {
    public Collection {
      indexes = List.copyOf(indexes);
    }

    static Collection of(CollectionDef def) {
      return new Collection(def.name(), def.alias(), def.indexes().stream().map(i -> i.name()).toList());
    }
  }

  /**
   * @param schema    the database's collections and functions at the query's snapshot (null: none)
   * @param arguments names bound by the request's {@code arguments}, which are untyped here
   */
  static TypeCheck run(Source source, Expr query, SchemaView schema, List<String> arguments) {
    return run(source, query, GlobalsCache.of(schema), arguments);
  }

  /** A schema body (UDF, computed field, check, predicate): nothing bound but the schema's names. */
  static TypeCheck run(Source source, Expr body, List<Collection> collections) {
    return run(source, body, collections, List.of());
  }

  /** {@code collections}: the user collections the query (or schema body) may name. */
  static TypeCheck run(Source source, Expr query, List<Collection> collections, List<String> arguments) {
    return run(source, query, new Globals(collections), arguments);
  }

  private static TypeCheck run(Source source, Expr query, Globals globals, List<String> arguments) {
    Typer typer = new Typer(source, globals);
    Type t = typer.infer(query, arguments);
    if (!typer.errors.isEmpty()) return new Rejected(List.copyOf(typer.errors));
    return new Checked(TypeDisplay.show(t));
  }
}
