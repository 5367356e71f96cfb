package io.faunus.model.db;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.doc.Keys;
import io.faunus.model.doc.Txn;
import io.faunus.model.eval.Interp;
import io.faunus.model.schema.CollectionDef;
import io.faunus.model.schema.IndexDef;
import io.faunus.model.value.Meter;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.storage.Cf;
import io.faunus.storage.KeyElement;
import io.faunus.storage.Tuple;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Index builds (spec §5.3): indexes added or redefined on a collection of at most
 * {@link #SYNC_BUILD_DOCS_MAX} documents are built inside the defining transaction and are queryable at
 * once; on larger collections they are stored with {@code status: "building"} (not queryable) and a
 * background builder fills them chunk by chunk, each chunk an ordinary transaction through the log, then
 * flips them to {@code "complete"}. While building, every document write maintains the index too, and a
 * chunk reads the documents it indexes, so a concurrent update makes the chunk retry: no stale entries.
 * Unique constraints are always built synchronously (they must hold from the moment they exist), up to
 * {@link #SYNC_UNIQUE_DOCS_MAX} documents.
 */
public final class IndexBuilds {
  private IndexBuilds() {}

  static final int SYNC_BUILD_DOCS_MAX = 128;
  static final int SYNC_UNIQUE_DOCS_MAX = 16_000;
  /** Documents indexed per background transaction. */
  public static final int CHUNK_DOCS = 500;

  static final String BUILDING = "building", COMPLETE = "complete";

  /** After a definition change: builds new indexes now, or marks them building; returns true if a build is due. */
  static boolean onDefinitionChange(DbContext ctx, Interp in, ObjectV old, Map<String, Value> stored, Span site) {
    CollectionDef before = SchemaView.collectionDef(old);
    CollectionDef after = SchemaView.collectionDef(new ObjectV(stored));
    // Already built: the live indexes, and staged ones whose build finished (a commit adopts them as they are).
    Set<Long> existing = Stream.concat(Stream.concat(before.indexes().stream(), before.uniques().stream()).map(IndexDef::id),
        StagedIndexes.builtIds(old).stream()).collect(Collectors.toSet());
    List<IndexDef> fresh = after.maintained().stream().filter(i -> !existing.contains(i.id())).toList();
    if (fresh.isEmpty()) return false;
    long docs = countUpTo(ctx, after, SYNC_UNIQUE_DOCS_MAX + 1);
    boolean async = docs > SYNC_BUILD_DOCS_MAX;
    for (IndexDef idx : fresh) {
      if (idx.unique() && docs > SYNC_UNIQUE_DOCS_MAX) {
        throw in.error(ErrorCode.INVALID_REQUEST, "Unique constraints on collections of more than " + SYNC_UNIQUE_DOCS_MAX
            + " documents are not supported yet.", site);
      }
      if (idx.unique() || !async) indexRange(ctx, after, List.of(idx), -1, Long.MAX_VALUE, false);
    }
    if (!async || fresh.stream().allMatch(IndexDef::unique)) return false;
    setStatus(stored, "indexes", fresh.stream().filter(i -> !i.unique()).map(IndexDef::name).collect(Collectors.toSet()), BUILDING);
    return true;
  }

  private static long countUpTo(DbContext ctx, CollectionDef def, long max) {
    long n = 0;
    for (Iterator<Txn.Entry> it = ctx.txn().scan(Cf.VERSIONS, Keys.collectionPrefix(ctx.db, def.id()), false,
        ctx.txn().snapshotMicros()); it.hasNext() && n < max; it.next()) n++;
    return n;
  }

  /**
   * Writes the entries of {@code idxs} for the documents with afterId < id (at most {@code limit} of them);
   * returns the last id indexed, or -1 when none was left. With {@code readDocs}, each document's key joins
   * the read set (background chunks must not index a version that changed meanwhile).
   */
  private static long indexRange(DbContext ctx, CollectionDef def, List<IndexDef> idxs, long afterId, long limit,
                                 boolean readDocs) {
    long last = -1, n = 0;
    for (Iterator<Txn.Entry> it = ctx.txn().scan(Cf.VERSIONS, Keys.collectionPrefix(ctx.db, def.id()), false,
        ctx.txn().snapshotMicros()); it.hasNext() && n < limit; ) {
      Txn.Entry e = it.next();
      Tuple key = Tuple.decode(e.key());
      long docId = ((KeyElement.Int) key.get(key.size() - 1)).value();
      if (docId <= afterId) continue; // TODO: seek instead of skipping once Mvcc cursors can seek
      if (readDocs) ctx.txn().recordRead(Cf.VERSIONS, e.key(), def.name() + "(" + docId + ")");
      DocState s = DocState.decode(e.value(), e.pending() ? -1 : e.tsMicros());
      for (IndexDef idx : idxs) {
        for (IndexEntries.Entry entry : IndexEntries.of(idx, docId, s.data(), Meter.NONE)) {
          Tuple partition = Keys.indexPartition(ctx.db, def.id(), idx.id(), entry.terms());
          ctx.txn().put(Cf.INDEX, Keys.indexEntry(partition, entry.values(), idx.descFlags(), docId), new byte[0]);
          ctx.txn().touchIndexPartition(Keys.partitionTs(partition));
        }
      }
      last = docId;
      n++;
    }
    return last;
  }

  /** Sets {@code status} of the named indexes in {@code field} of a stored definition (and their queryability). */
  private static void setStatus(Map<String, Value> stored, String field, Set<String> names, String status) {
    ObjectV indexes = (ObjectV) stored.get(field);
    Map<String, Value> out = new LinkedHashMap<>(indexes.fields());
    for (String n : names) {
      Map<String, Value> spec = new LinkedHashMap<>(((ObjectV) out.get(n)).fields());
      spec.put("status", new StrV(status));
      out.put(n, new ObjectV(spec));
    }
    stored.put(field, new ObjectV(out));
  }

  /** The collections of {@code ctx}'s database that have indexes (live or staged) still building. */
  public static List<String> pending(DbContext ctx) {
    return ctx.schema().collections().stream()
        .filter(c -> !Building.of(NamedDocs.read(ctx, Keys.COLLECTION, c.name())).none()).map(CollectionDef::name).toList();
  }

  /** The building indexes of a stored definition: live ones (by {@code indexes.*.status}) and staged ones. */
  private record Building(Set<String> live, Set<String> staged) {
    static Building of(DocState s) {
      if (s == null) return new Building(Set.of(), Set.of());
      Set<String> live = s.data().get("indexes") instanceof ObjectV idx ? idx.fields().entrySet().stream()
          .filter(e -> e.getValue() instanceof ObjectV o && o.get("status") instanceof StrV st && st.value().equals(BUILDING))
          .map(Map.Entry::getKey).collect(Collectors.toSet()) : Set.of();
      Set<String> staged = s.data().get(SchemaView.HIDDEN_STAGED) instanceof ObjectV st ? StagedIndexes.building(st) : Set.of();
      return new Building(live, staged);
    }

    boolean none() {
      return live.isEmpty() && staged.isEmpty();
    }
  }

  /**
   * One background step for collection {@code coll}: indexes the next chunk after {@code afterId}, or,
   * when none is left, marks the building indexes complete. Returns the new position, or -1 when the
   * build is finished (or there is nothing to build any more: an abandoned staged schema, a redefinition).
   */
  public static long step(DbContext ctx, String coll, long afterId) {
    CollectionDef def = ctx.schema().collection(coll);
    Building names = Building.of(NamedDocs.read(ctx, Keys.COLLECTION, coll));
    if (def == null || names.none()) return -1;
    List<IndexDef> idxs = Stream.concat(def.indexes().stream().filter(i -> names.live().contains(i.name())),
        def.staged().stream().filter(i -> names.staged().contains(i.name()))).toList();
    long last = indexRange(ctx, def, idxs, afterId, CHUNK_DOCS, true);
    if (last >= 0) return last;
    DocState s = NamedDocs.read(ctx, Keys.COLLECTION, coll); // read: a concurrent redefinition conflicts
    Map<String, Value> stored = new LinkedHashMap<>(s.data().fields());
    if (!names.live().isEmpty()) setStatus(stored, "indexes", names.live(), COMPLETE);
    if (!names.staged().isEmpty()) setStatus(stored, SchemaView.HIDDEN_STAGED, names.staged(), COMPLETE);
    NamedDocs.put(ctx, Keys.COLLECTION, coll, new ObjectV(stored));
    return -1;
  }
}
