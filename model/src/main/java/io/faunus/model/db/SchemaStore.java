package io.faunus.model.db;

import io.faunus.fql.Span;
import io.faunus.fql.fsl.Item;
import io.faunus.model.doc.Keys;
import io.faunus.model.doc.Txn;
import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value.*;
import io.faunus.storage.Cf;
import io.faunus.storage.KeyElement;
import io.faunus.storage.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What schema as code (schema-v10.md §1, §3.6) reads and writes in a database: FSL files stored verbatim
 * (active, and staged while a schema is staged), the staged marker, and the definition documents, which are
 * written through the same validation as FQL's {@code Collection.create} and friends. Every write marks the
 * database's schema changed (its schema version becomes the commit time); every operation reads the schema
 * version first, so concurrent schema changes conflict and retry.
 */
public final class SchemaStore {
  private SchemaStore() {}

  /** Where files live: the active schema, or the staged one. */
  public enum Area {
    ACTIVE(Keys.SCHEMA_FILES), STAGED(Keys.STAGED_FILES);

    final long id;

    Area(long id) {
      this.id = id;
    }
  }

  /** The schema version (µs of the last schema change, 0 if none), read so that a concurrent change conflicts. */
  public static long version(DbContext ctx) {
    ctx.txn().recordRead(Cf.PARTITION_TS, Keys.schemaTs(ctx.db), "schema");
    return SchemaView.version(ctx.db, ctx.txn());
  }

  /** File name → content, in name order. */
  public static Map<String, String> files(DbContext ctx, Area area) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Txn.Entry> it = ctx.txn().scan(Cf.VERSIONS, Keys.collectionPrefix(ctx.db, area.id), false,
        ctx.txn().snapshotMicros()); it.hasNext(); ) {
      Txn.Entry e = it.next();
      Tuple key = Tuple.decode(e.key());
      String name = ((KeyElement.Text) key.get(key.size() - 1)).value();
      out.put(name, new String(e.value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Replaces every file of {@code area} with {@code files}. */
  public static void replaceFiles(DbContext ctx, Area area, Map<String, String> files) {
    for (String old : files(ctx, area).keySet()) {
      if (!files.containsKey(old)) ctx.txn().delete(Cf.VERSIONS, Keys.namedDoc(ctx.db, area.id, old));
    }
    files.forEach((name, content) ->
        ctx.txn().put(Cf.VERSIONS, Keys.namedDoc(ctx.db, area.id, name), content.getBytes(StandardCharsets.UTF_8)));
    ctx.txn().touchSchema(ctx.db);
  }

  public static boolean staged(DbContext ctx) {
    return ctx.txn().get(Cf.VERSIONS, stagedKey(ctx), "staged schema") != null;
  }

  /** Clears the staged marker (commit, abandon). */
  public static void clearStaged(DbContext ctx) {
    ctx.txn().delete(Cf.VERSIONS, stagedKey(ctx));
    ctx.txn().touchSchema(ctx.db);
  }

  /**
   * Marks a schema staged, remembering which definitions were live then ({@code kind\tname} per line): a
   * definition made through FQL afterwards is not one the staged files meant to delete (see
   * {@link #stagedBase}).
   */
  public static void setStaged(DbContext ctx, java.util.Set<String> liveItems) {
    String text = STAGED_BASE_HEADER + String.join("", liveItems.stream().map(i -> "\n" + i).toList());
    ctx.txn().put(Cf.VERSIONS, stagedKey(ctx), text.getBytes(StandardCharsets.UTF_8));
    ctx.txn().touchSchema(ctx.db);
  }

  /** First line of a staged marker that lists the live items; markers written before it are empty. */
  private static final String STAGED_BASE_HEADER = "live-items";
  /** In {@link #stagedBase}: the marker predates the list, so every live item counts as live at staging. */
  public static final String EVERY_ITEM = "*";

  /**
   * The live definitions when the schema was staged ({@code kind\tname}), {@link #EVERY_ITEM} alone for a
   * marker that did not record them, or null when nothing is staged.
   */
  public static java.util.Set<String> stagedBase(DbContext ctx) {
    Txn.Read r = ctx.txn().get(Cf.VERSIONS, stagedKey(ctx), "staged schema");
    if (r == null) return null;
    String[] lines = new String(r.value(), StandardCharsets.UTF_8).split("\n");
    if (!lines[0].equals(STAGED_BASE_HEADER)) return java.util.Set.of(EVERY_ITEM);
    return java.util.Set.of(java.util.Arrays.copyOfRange(lines, 1, lines.length));
  }

  private static byte[] stagedKey(DbContext ctx) {
    return Keys.namedDoc(ctx.db, Keys.STAGED_SCHEMA, "staged");
  }

  /** The definitions of one kind, name → user-visible fields (read-only and hidden ones included as stored). */
  public static Map<String, ObjectV> definitions(DbContext ctx, Item.Kind kind) {
    Map<String, ObjectV> out = new LinkedHashMap<>();
    for (Iterator<Txn.Entry> it = ctx.txn().scan(Cf.VERSIONS, Keys.collectionPrefix(ctx.db, kind(kind).nativeId),
        false, ctx.txn().snapshotMicros()); it.hasNext(); ) {
      ObjectV d = NamedKind.visible(DocState.decode(it.next().value(), 0).data());
      out.put(SchemaView.str(d.get("name")), d);
    }
    return out;
  }

  /**
   * One definition as Fauna's items API shows it (simple format): {@code name}, {@code coll} (the native
   * collection's name), {@code ts}, then its fields; null when there is none.
   */
  public static ObjectV shown(DbContext ctx, Item.Kind kind, String name) {
    DocState s = NamedDocs.read(ctx, kind(kind).nativeId, name);
    return s == null ? null : shown(kind, NamedKind.visible(s.data()), s.ts());
  }

  /** A definition's fields with {@code name}, {@code coll} and (when known) {@code ts} in front. */
  public static ObjectV shown(Item.Kind kind, ObjectV fields, io.faunus.model.value.Value ts) {
    Map<String, io.faunus.model.value.Value> out = new LinkedHashMap<>();
    out.put("name", fields.get("name"));
    out.put("coll", new StrV(kind(kind).coll));
    if (ts != null) out.put("ts", ts);
    fields.fields().forEach((k, v) -> {
      if (!k.equals("name")) out.put(k, v);
    });
    return new ObjectV(out);
  }

  /** Creates or replaces a definition (keeping its user data); fails as FQL's schema writes do. */
  public static void define(DbContext ctx, Interp in, Item.Kind kind, ObjectV def) {
    kind(kind).define(ctx, in, def, Span.NONE);
  }

  public static void remove(DbContext ctx, Item.Kind kind, String name) {
    kind(kind).remove(ctx, name);
  }

  /** Calls {@code each} with the user fields of every live document of collection {@code name}. */
  public static void forEachDocument(DbContext ctx, String name, java.util.function.Consumer<ObjectV> each) {
    var def = ctx.schema().collection(name);
    if (def == null) return;
    for (Iterator<Txn.Entry> it = ctx.txn().scan(Cf.VERSIONS, Keys.collectionPrefix(ctx.db, def.id()), false,
        ctx.txn().snapshotMicros()); it.hasNext(); ) {
      Txn.Entry e = it.next();
      each.accept(DocState.decode(e.value(), e.pending() ? -1 : e.tsMicros()).data());
    }
  }

  /**
   * Rewrites every document of collection {@code name} whose user fields {@code migrate} changes, as an update
   * under the collection's current (just written) definition: versions, index entries and unique checks.
   */
  public static void migrateDocuments(DbContext ctx, Interp in, String name,
                                      java.util.function.UnaryOperator<ObjectV> migrate) {
    DocState stored = NamedDocs.read(ctx, Keys.COLLECTION, name);
    if (stored == null) return;
    var def = SchemaView.collectionDef(stored.data());
    java.util.List<Txn.Entry> docs = new java.util.ArrayList<>(); // read all first: the writes change the overlay
    ctx.txn().scan(Cf.VERSIONS, Keys.collectionPrefix(ctx.db, def.id()), false, ctx.txn().snapshotMicros())
        .forEachRemaining(docs::add);
    for (Txn.Entry e : docs) {
      Tuple key = Tuple.decode(e.key());
      long id = ((KeyElement.Int) key.get(key.size() - 1)).value();
      DocState old = DocState.decode(e.value(), e.pending() ? -1 : e.tsMicros());
      ObjectV data = migrate.apply(old.data());
      if (io.faunus.model.value.Values.equal(data, old.data())) continue;
      DocV ref = DocV.byId(name, id);
      ctx.txn().recordRead(Cf.VERSIONS, e.key(), DbContext.describe(ref));
      Writes.putUser(ctx, in, def, ref, old, new DocState(data, TxnTimeV.INSTANCE, old.ttl()), "update", Span.NONE);
    }
  }

  /** True when the user collection {@code name} holds at least one document. */
  public static boolean hasDocuments(DbContext ctx, String name) {
    var def = ctx.schema().collection(name);
    if (def == null) return false;
    return ctx.txn().scan(Cf.VERSIONS, Keys.collectionPrefix(ctx.db, def.id()), false, ctx.txn().snapshotMicros())
        .hasNext();
  }

  private static NamedKind kind(Item.Kind kind) {
    return switch (kind) {
      case COLLECTION -> CollectionDocs.KIND;
      case FUNCTION -> FunctionDocs.KIND;
      case ROLE -> RoleDocs.KIND;
      case ACCESS_PROVIDER -> AccessProviderDocs.KIND;
    };
  }
}
