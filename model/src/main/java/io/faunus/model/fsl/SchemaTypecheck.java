package io.faunus.model.fsl;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.fsl.CollectionItem;
import io.faunus.fql.fsl.Fql;
import io.faunus.fql.fsl.FslType;
import io.faunus.fql.fsl.FunctionItem;
import io.faunus.fql.fsl.RoleItem;
import io.faunus.model.typer.TypeCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typechecking at schema update (schema-v10.md §6.2), in typechecked databases: UDF bodies, computed fields,
 * check constraints and role predicates are typed against the schema being pushed (its collections and
 * indexes), and any error fails the push with diagnostics that point into the FSL files
 * ({@code at functions.fsl:12:5}). The typechecker is conservative, so this rejects only bodies that would
 * certainly fail when run (a misspelt index, an index out of a literal array's bounds, a
 * {@code Collection.create} argument its signature refuses).
 */
final class SchemaTypecheck {
  private SchemaTypecheck() {}

  /** Throws a 400 {@link SchemaFailure} listing every diagnostic of every body. */
  static void check(FileSchema schema) {
    List<TypeCheck.Collection> collections = new ArrayList<>();
    List<TypeCheck.Function> functions = new ArrayList<>();
    for (Located l : schema.items) {
      if (l.item() instanceof CollectionItem c) {
        Map<String, FslType> fields = new LinkedHashMap<>();
        for (CollectionItem.Field f : c.fields()) if (f.type() != null) fields.put(f.name().text(), f.type());
        collections.add(new TypeCheck.Collection(c.name().text(), c.alias() == null ? null : c.alias().text(),
            c.indexes().stream().map(i -> i.name().text()).toList(), fields));
      } else if (l.item() instanceof FunctionItem f) {
        functions.add(new TypeCheck.Function(f.name().text(), f.alias() == null ? null : f.alias().text(),
            f.typed() ? ToDefinition.signature(f).display() : null));
      }
    }
    TypeCheck.Schema types = new TypeCheck.Schema(collections, functions);
    List<Diagnostic> errors = new ArrayList<>();
    for (Located l : schema.items) {
      Map<String, String> params = new LinkedHashMap<>();
      if (l.item() instanceof FunctionItem f) {
        for (FunctionItem.Param p : f.params()) params.put(p.name().text(), p.type() == null || p.variadic() ? null : p.type().display());
      }
      for (Fql body : bodies(l)) {
        if (body != null && TypeCheck.run(body.source(), body.expr(), types, params) instanceof TypeCheck.Rejected r) {
          errors.addAll(r.diagnostics());
        }
      }
    }
    if (!errors.isEmpty()) throw SchemaFailure.badRequest(FileSchema.render(errors));
  }

  private static List<Fql> bodies(Located l) {
    List<Fql> out = new ArrayList<>();
    switch (l.item()) {
      case FunctionItem f -> out.add(f.body());
      case CollectionItem c -> {
        for (CollectionItem.Computed cf : c.computed()) out.add(cf.body());
        for (CollectionItem.Constraint k : c.constraints()) if (k instanceof CollectionItem.Check ch) out.add(ch.body());
      }
      case RoleItem r -> {
        for (RoleItem.Privileges p : r.privileges()) for (RoleItem.Action a : p.actions()) out.add(a.predicate());
        for (RoleItem.Membership m : r.membership()) out.add(m.predicate());
      }
      default -> {}
    }
    return out;
  }
}
