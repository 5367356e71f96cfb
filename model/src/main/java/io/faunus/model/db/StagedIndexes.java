package io.faunus.model.db;

import io.faunus.model.doc.Keys;
import io.faunus.model.doc.Txn;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import io.faunus.storage.Cf;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Index builds of a staged schema (schema-v10.md §1.4). A staged push that adds or redefines an index on a live
 * collection too large to index in one transaction records the index in the live Collection document, under a
 * hidden field ({@code {name: {id, terms, values, status}}}): writes maintain it and the background builder
 * fills it ({@link IndexBuilds}), while queries never see it. Status is {@code pending} until every such index is
 * complete; commit adopts the built indexes (same name and shape keep their storage id, so nothing is rebuilt)
 * and abandon drops them. Indexes on small collections and unique constraints are built at commit, in the
 * committing transaction, as an active push builds them.
 */
public final class StagedIndexes {
  private StagedIndexes() {}

  /** One staged index still building, as status reports it. */
  public record Pending(String collection, String index) {}

  /**
   * Records the indexes that {@code scratch} (the staged schema applied where nobody sees it, at the same
   * snapshot) marked {@code building} on {@code main}'s live collections; indexes already staged with the same
   * id keep their progress. Asks the node to build what is left.
   */
  public static void stage(DbContext main, DbContext scratch) {
    for (Map.Entry<String, ObjectV> live : rawCollections(main).entrySet()) {
      ObjectV before = live.getValue();
      DocState after = NamedDocs.read(scratch, Keys.COLLECTION, live.getKey());
      ObjectV staged = after == null ? ObjectV.EMPTY : stagedOf(before, after.data());
      if (Values.equal(staged, before.get(SchemaView.HIDDEN_STAGED) instanceof ObjectV o ? o : ObjectV.EMPTY)) continue;
      write(main, before, staged);
      if (!building(staged).isEmpty()) main.requestIndexBuild(live.getKey());
    }
  }

  /** Drops every staged index (abandon, and commit once the built ones are adopted). */
  public static void clear(DbContext ctx) {
    for (ObjectV def : rawCollections(ctx).values()) {
      if (def.get(SchemaView.HIDDEN_STAGED) != null) write(ctx, def, ObjectV.EMPTY);
    }
  }

  /** The staged indexes still building, by collection in storage order. */
  public static List<Pending> pending(DbContext ctx) {
    List<Pending> out = new ArrayList<>();
    rawCollections(ctx).forEach((coll, def) -> {
      if (def.get(SchemaView.HIDDEN_STAGED) instanceof ObjectV st) {
        for (String idx : building(st)) out.add(new Pending(coll, idx));
      }
    });
    return out;
  }

  /** Fauna's {@code pending_summary}: per collection its unfinished indexes ({@code ~ index byName: building}). */
  public static String summary(List<Pending> pending) {
    Map<String, List<String>> byColl = new LinkedHashMap<>();
    for (Pending p : pending) byColl.computeIfAbsent(p.collection(), c -> new ArrayList<>()).add(p.index());
    StringBuilder sb = new StringBuilder();
    byColl.forEach((coll, idxs) -> {
      sb.append("* Collection ").append(coll).append(':');
      for (String i : idxs) sb.append("\n  ~ index ").append(i).append(": ").append(IndexBuilds.BUILDING);
      sb.append('\n');
    });
    return sb.toString();
  }

  /** Names of the entries of a staged-index map whose status is building. */
  static Set<String> building(ObjectV staged) {
    return staged.fields().entrySet().stream()
        .filter(e -> e.getValue() instanceof ObjectV o && o.get("status") instanceof StrV s
            && s.value().equals(IndexBuilds.BUILDING))
        .map(Map.Entry::getKey).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  /** Ids of the staged indexes of a stored definition that are fully built (commit adopts them as they are). */
  static Set<Long> builtIds(ObjectV def) {
    if (!(def.get(SchemaView.HIDDEN_STAGED) instanceof ObjectV st)) return Set.of();
    return st.fields().values().stream()
        .filter(v -> v instanceof ObjectV o && o.get("status") instanceof StrV s && s.value().equals(IndexBuilds.COMPLETE))
        .map(v -> ((IdV) ((ObjectV) v).get("id")).value()).collect(Collectors.toSet());
  }

  /**
   * The staged entry named {@code name} with the same terms and values as {@code spec}, or null: a definition
   * that takes a staged index over keeps its storage id.
   */
  static Value adoptable(ObjectV old, String name, Value spec) {
    if (old == null || !(old.get(SchemaView.HIDDEN_STAGED) instanceof ObjectV st) || !(st.get(name) instanceof ObjectV s)
        || !(spec instanceof ObjectV sp)) return null;
    boolean same = Values.equal(s.get("terms"), sp.get("terms"))
        && Values.equal(s.get("values"), sp.get("values"));
    return same ? s.get("id") : null;
  }

  /**
   * A definition being rewritten keeps its staged indexes (an FQL update of a live collection while a schema is
   * staged must not lose the build), except those it now defines itself.
   */
  static void carry(ObjectV old, Map<String, Value> def) {
    if (old == null || !(old.get(SchemaView.HIDDEN_STAGED) instanceof ObjectV st)) return;
    Set<Value> adopted = def.get(SchemaView.HIDDEN_INDEXES) instanceof ObjectV ids ? Set.copyOf(ids.fields().values()) : Set.of();
    Map<String, Value> kept = new LinkedHashMap<>();
    st.fields().forEach((n, v) -> {
      if (!adopted.contains(((ObjectV) v).get("id"))) kept.put(n, v);
    });
    if (!kept.isEmpty()) def.put(SchemaView.HIDDEN_STAGED, new ObjectV(kept));
  }

  /**
   * The staged-index map a live definition {@code before} gets from its staged form {@code after}: the indexes
   * of {@code after} whose storage id is not one of {@code before}'s own indexes and that are building there, or
   * that were staged before under that id (they keep their status).
   */
  private static ObjectV stagedOf(ObjectV before, ObjectV after) {
    Set<Value> live = before.get(SchemaView.HIDDEN_INDEXES) instanceof ObjectV o ? Set.copyOf(o.fields().values()) : Set.of();
    Map<Value, ObjectV> earlier = new LinkedHashMap<>();
    if (before.get(SchemaView.HIDDEN_STAGED) instanceof ObjectV st) {
      st.fields().values().forEach(v -> earlier.put(((ObjectV) v).get("id"), (ObjectV) v));
    }
    ObjectV ids = after.get(SchemaView.HIDDEN_INDEXES) instanceof ObjectV o ? o : ObjectV.EMPTY;
    ObjectV indexes = after.get("indexes") instanceof ObjectV o ? o : ObjectV.EMPTY;
    Map<String, Value> out = new LinkedHashMap<>();
    indexes.fields().forEach((name, spec) -> {
      Value id = ids.get(name);
      if (id == null || live.contains(id)) return;
      ObjectV s = (ObjectV) spec;
      boolean building = s.get("status") instanceof StrV st && st.value().equals(IndexBuilds.BUILDING);
      String status = earlier.containsKey(id) && !building
          ? ((StrV) earlier.get(id).get("status")).value() : building ? IndexBuilds.BUILDING : null;
      if (status == null) return; // built in the staged transaction: small enough to build again at commit
      Map<String, Value> entry = new LinkedHashMap<>();
      entry.put("id", id);
      if (s.get("terms") != null) entry.put("terms", s.get("terms"));
      if (s.get("values") != null) entry.put("values", s.get("values"));
      entry.put("status", new StrV(status));
      out.put(name, new ObjectV(entry));
    });
    return new ObjectV(out);
  }

  private static void write(DbContext ctx, ObjectV def, ObjectV staged) {
    Map<String, Value> data = new LinkedHashMap<>(def.fields());
    if (staged.fields().isEmpty()) data.remove(SchemaView.HIDDEN_STAGED);
    else data.put(SchemaView.HIDDEN_STAGED, staged);
    NamedDocs.put(ctx, Keys.COLLECTION, SchemaView.str(def.get("name")), new ObjectV(data));
  }

  /** The live Collection documents as stored (hidden fields included), name → data. */
  private static Map<String, ObjectV> rawCollections(DbContext ctx) {
    Map<String, ObjectV> out = new LinkedHashMap<>();
    for (Iterator<Txn.Entry> it = ctx.txn().scan(Cf.VERSIONS, Keys.collectionPrefix(ctx.db, Keys.COLLECTION), false,
        ctx.txn().snapshotMicros()); it.hasNext(); ) {
      Txn.Entry e = it.next();
      ObjectV d = DocState.decode(e.value(), e.pending() ? -1 : e.tsMicros()).data();
      out.put(SchemaView.str(d.get("name")), d);
    }
    return out;
  }
}
