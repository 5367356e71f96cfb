package io.faunus.model.db;

import io.faunus.model.doc.Keys;
import io.faunus.fql.Span;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Member;
import io.faunus.model.stdlib.Args;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kind of named schema document (Collection, Function, Database, Role): one create / update / replace /
 * delete flow, with the kind supplying validation and its hidden fields. Renaming moves the document to
 * its new name key. Hidden fields (keys starting with NUL) are never rendered nor taken from users.
 */
abstract class NamedKind {
  final String coll;
  final long nativeId;

  NamedKind(String coll, long nativeId) {
    this.coll = coll;
    this.nativeId = nativeId;
  }

  /** Checks a whole definition (create, or the merged result of an update); returns what to store. */
  abstract Map<String, Value> validate(DbContext ctx, ObjectV def, Failures f, String currentName);

  /** {@link #validate} as a function, for the kinds that need nothing else. */
  @FunctionalInterface
  interface Validator {
    Map<String, Value> validate(DbContext ctx, ObjectV def, Failures f, String currentName);
  }

  /** A kind whose documents only need {@code validator}: no hidden fields, nothing to do after a delete. */
  static NamedKind of(String coll, long nativeId, Validator validator) {
    return new NamedKind(coll, nativeId) {
      @Override
      Map<String, Value> validate(DbContext ctx, ObjectV def, Failures f, String currentName) {
        return validator.validate(ctx, def, f, currentName);
      }
    };
  }

  /**
   * Completes a validated definition before it is stored: hidden fields (fresh ones on create, with
   * {@code old} null; carried over on update) and derived work such as index builds.
   */
  void complete(DbContext ctx, Interp in, Map<String, Value> def, ObjectV old, Span site) {}

  void afterDelete(DbContext ctx, ObjectV old) {}

  /**
   * Refuses fields the user may not write (kept by the database, such as a constraint's status). Checked on
   * what the user sent, not on the definition merged with the stored one, which carries those fields.
   */
  void checkReadonly(ObjectV input, Failures f) {}

  Value create(DbContext ctx, Interp in, ObjectV obj, Span site) {
    Writes.checkPersistable(in, obj, site);
    Failures f = new Failures();
    checkReadonly(obj, f);
    Map<String, Value> def = validate(ctx, obj, f, null);
    f.throwIfAny(in, "Failed to create " + coll + ".", site);
    complete(ctx, in, def, null, site);
    String name = SchemaView.str(def.get("name"));
    NamedDocs.put(ctx, nativeId, name, new ObjectV(def));
    return DocV.byName(coll, name);
  }

  Member member(DbContext ctx, DocV doc, String method) {
    return switch (method) {
      case "update", "replace" -> new Member.Method(method, Arity.exactly(1), (in, self, args, site) ->
          write(ctx, in, doc, Args.object(in, args, 0, "data", site), method.equals("replace"), site));
      case "delete" -> new Member.Method(method, Arity.exactly(0), (in, self, args, site) -> {
        Writes.checkWritable(ctx, in, coll, Action.DELETE, site);
        DocState old = NamedDocs.read(ctx, nativeId, doc.name());
        if (old == null) throw ctx.notFound(in, doc, site);
        if (whileStaged(ctx)) {
          Failures f = new Failures();
          f.add(List.of(), "Cannot delete a " + coll + " when schema is staged");
          f.throwIfAny(in, "Failed to delete " + coll + " `" + doc.name() + "`.", site);
        }
        NamedDocs.delete(ctx, nativeId, doc.name());
        afterDelete(ctx, old.data());
        return doc;
      });
      default -> null;
    };
  }

  private Value write(DbContext ctx, Interp in, DocV doc, ObjectV patch, boolean replace, Span site) {
    Writes.checkWritable(ctx, in, coll, Action.WRITE, site);
    Writes.checkPersistable(in, patch, site);
    DocState old = NamedDocs.read(ctx, nativeId, doc.name());
    if (old == null) throw ctx.notFound(in, doc, site);
    Map<String, Value> merged = new LinkedHashMap<>();
    merged.put("name", new StrV(doc.name())); // replace without a name keeps the name
    merged.putAll((replace ? patch : UserDocs.merge(visible(old.data()), patch)).fields());
    Failures f = new Failures();
    checkReadonly(patch, f);
    Map<String, Value> def = validate(ctx, new ObjectV(merged), f, doc.name());
    if (def.get("name") instanceof StrV n && !n.value().equals(doc.name()) && whileStaged(ctx)) {
      f.add(List.of("name"), "Cannot rename a " + coll + " when schema is staged");
    }
    f.throwIfAny(in, "Failed to update " + coll + " `" + doc.name() + "`.", site);
    complete(ctx, in, def, old.data(), site);
    String newName = SchemaView.str(def.get("name"));
    if (!newName.equals(doc.name())) NamedDocs.delete(ctx, nativeId, doc.name());
    NamedDocs.put(ctx, nativeId, newName, new ObjectV(def));
    return DocV.byName(coll, newName);
  }

  /**
   * Schema as code: creates the definition, or replaces it keeping the user {@code data} it had (FSL has no
   * {@code data}). Fails as {@code create}/{@code replace} do.
   */
  void define(DbContext ctx, Interp in, ObjectV def, Span site) {
    String name = SchemaView.str(def.get("name"));
    DocState old = NamedDocs.read(ctx, nativeId, name);
    if (old == null) {
      create(ctx, in, def, site);
      return;
    }
    Map<String, Value> patch = new LinkedHashMap<>(def.fields());
    if (old.data().fields().containsKey("data")) patch.put("data", old.data().get("data"));
    write(ctx, in, DocV.byName(coll, name), new ObjectV(patch), true, site);
  }

  /** Schema as code: deletes the definition (as {@code delete()} does). */
  void remove(DbContext ctx, String name) {
    DocState old = NamedDocs.read(ctx, nativeId, name);
    if (old == null) return;
    NamedDocs.delete(ctx, nativeId, name);
    afterDelete(ctx, old.data());
  }

  /**
   * True for a schema item (collection, function, role, access provider) of a database with a staged schema:
   * the staged files may name it, so FQL may not delete or rename it until commit or abandon (schema-v10.md §1.4).
   */
  private boolean whileStaged(DbContext ctx) {
    boolean schemaItem = nativeId == Keys.COLLECTION || nativeId == Keys.FUNCTION || nativeId == Keys.ROLE
        || nativeId == Keys.ACCESS_PROVIDER;
    return schemaItem && SchemaStore.staged(ctx);
  }

  /** The user-visible fields of a stored definition. */
  static ObjectV visible(ObjectV stored) {
    Map<String, Value> m = new LinkedHashMap<>();
    stored.fields().forEach((k, v) -> {
      if (!k.startsWith("\u0000")) m.put(k, v);
    });
    return new ObjectV(m);
  }
}
