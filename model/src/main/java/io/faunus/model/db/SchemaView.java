package io.faunus.model.db;

import io.faunus.model.doc.Keys;
import io.faunus.model.doc.Txn;
import io.faunus.model.schema.CollectionDef;
import io.faunus.model.schema.FieldPath;
import io.faunus.model.schema.FunctionDef;
import io.faunus.model.schema.IndexDef;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.storage.Cf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The collections and functions of one database at the query's snapshot. Loaded once per query: schema
 * changes made by the query itself are not visible to it (spec §4.1: a collection cannot be created and
 * used in the same query). Reading the schema puts the database's schema key in the read set, so a
 * concurrent schema change makes writers retry against the new schema.
 */
public final class SchemaView {
  /** Hidden definition fields (never rendered): internal ids of the collection and its indexes. */
  static final String HIDDEN_ID = "\u0000id", HIDDEN_INDEXES = "\u0000ix", HIDDEN_UNIQUES = "\u0000uq";
  /** The staged indexes of a live collection ({@link StagedIndexes}): name → {id, terms, values, status}. */
  static final String HIDDEN_STAGED = "\u0000st";

  private final Map<String, CollectionDef> collections = new HashMap<>();
  private final Map<String, FunctionDef> functions = new HashMap<>();
  private final List<CollectionDef> ordered = new ArrayList<>();
  private final List<FunctionDef> orderedFunctions = new ArrayList<>();
  /** The time of the last schema change at the snapshot it was loaded at (0: never changed). */
  private long version;

  /**
   * The schema of {@code db} at the transaction's snapshot, from {@code cache} when this schema version was
   * loaded before (schema views are immutable). Records the schema read either way.
   */
  public static SchemaView load(long db, Txn txn, Cache cache) {
    byte[] key = Keys.schemaTs(db);
    txn.recordRead(Cf.PARTITION_TS, key, "schema");
    Txn.Read version = txn.getAt(Cf.PARTITION_TS, key, txn.snapshotMicros());
    long ts = version == null ? 0 : version.tsMicros();
    return cache.get(db, ts, () -> load(db, txn, ts));
  }

  /** The schema version (time of the last schema change) of {@code db} at {@code txn}'s snapshot. */
  public static long version(long db, Txn txn) {
    Txn.Read version = txn.getAt(Cf.PARTITION_TS, Keys.schemaTs(db), txn.snapshotMicros());
    return version == null ? 0 : version.tsMicros();
  }

  /** Bounded cache of loaded schemas keyed by (database, schema version). Thread-safe. */
  public static final class Cache {
    public static final int ENTRIES_MAX = 1024;
    /** equals and hashCode written out: the generated ones go through method handles (see ParseCache.Key). */
    private record Key(long db, long version) {
      @Override
      public boolean equals(Object o) {
        return o instanceof Key k && db == k.db && version == k.version;
      }

      @Override
      public int hashCode() {
        return Long.hashCode(db) * 31 + Long.hashCode(version);
      }
    }

    private final Map<Key, SchemaView> entries = new java.util.LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, SchemaView> eldest) {
        return size() > ENTRIES_MAX;
      }
    };

    SchemaView get(long db, long version, java.util.function.Supplier<SchemaView> load) {
      Key k = new Key(db, version);
      synchronized (entries) {
        SchemaView v = entries.get(k);
        if (v != null) return v;
      }
      SchemaView v = load.get();
      synchronized (entries) {
        entries.put(k, v);
      }
      return v;
    }
  }

  /**
   * The schema version this view was loaded at: what {@link #version(long, Txn)} says at that snapshot, without
   * reading it again.
   */
  public long version() {
    return version;
  }

  private static SchemaView load(long db, Txn txn, long version) {
    SchemaView v = new SchemaView();
    v.version = version;
    for (Iterator<Txn.Entry> it = txn.scan(Cf.VERSIONS, Keys.collectionPrefix(db, Keys.COLLECTION), false,
        txn.snapshotMicros()); it.hasNext(); ) {
      CollectionDef c = collectionDef(DocState.decode(it.next().value(), 0).data());
      v.ordered.add(c);
      v.collections.put(c.name(), c);
      if (c.alias() != null) v.collections.putIfAbsent(c.alias(), c);
    }
    for (Iterator<Txn.Entry> it = txn.scan(Cf.VERSIONS, Keys.collectionPrefix(db, Keys.FUNCTION), false,
        txn.snapshotMicros()); it.hasNext(); ) {
      ObjectV d = DocState.decode(it.next().value(), 0).data();
      FunctionDef f = new FunctionDef(str(d.get("name")), str(d.get("alias")), str(d.get("body")), str(d.get("role")),
          str(d.get("signature")));
      v.orderedFunctions.add(f);
      v.functions.put(f.name(), f);
      if (f.alias() != null) v.functions.putIfAbsent(f.alias(), f);
    }
    return v;
  }

  public CollectionDef collection(String nameOrAlias) {
    return collections.get(nameOrAlias);
  }

  public FunctionDef function(String nameOrAlias) {
    return functions.get(nameOrAlias);
  }

  public List<CollectionDef> collections() {
    return ordered;
  }

  /** The user functions, each once (aliases are {@link FunctionDef#alias()}). */
  public List<FunctionDef> functions() {
    return orderedFunctions;
  }

  /** A name the runtime resolves to a native collection ({@code Collection}, {@code Key}, {@code Credentials}, …). */
  public static boolean isNativeCollection(String name) {
    return Natives.isNativeName(name);
  }

  /** The longest history_days of any collection of any live database (what version GC must keep). */
  public static long historyDaysMaxAll(Txn txn) {
    return Auth.liveDatabases(txn).stream().mapToLong(db -> load(db, txn, version(db, txn)).historyDaysMax()).max().orElse(0);
  }

  /** The longest history any collection keeps: how far back at() may read (spec §3.7). */
  public long historyDaysMax() {
    return ordered.stream().mapToLong(CollectionDef::historyDays).max().orElse(0);
  }

  static String str(Value v) {
    return v instanceof StrV s ? s.value() : null;
  }

  /** Builds the runtime definition from a stored (already validated) Collection document. */
  static CollectionDef collectionDef(ObjectV d) {
    long id = ((IdV) d.get(HIDDEN_ID)).value();
    ObjectV indexIds = d.get(HIDDEN_INDEXES) instanceof ObjectV o ? o : ObjectV.EMPTY;
    List<IndexDef> indexes = new ArrayList<>();
    if (d.get("indexes") instanceof ObjectV idx) {
      idx.fields().forEach((name, spec) -> {
        ObjectV s = (ObjectV) spec;
        boolean queryable = (!(s.get("queryable") instanceof BoolV b) || b.value())
            && !(s.get("status") instanceof StrV st && st.value().equals(IndexBuilds.BUILDING));
        indexes.add(new IndexDef(name, ((IdV) indexIds.get(name)).value(), terms(s.get("terms")),
            values(s.get("values")), queryable, false));
      });
    }
    List<IndexDef> uniques = new ArrayList<>();
    List<CollectionDef.Check> checks = new ArrayList<>();
    List<Value> uniqueIds = d.get(HIDDEN_UNIQUES) instanceof ArrayV a ? a.elems() : List.of();
    if (d.get("constraints") instanceof ArrayV cs) {
      for (Value c : cs.elems()) {
        ObjectV co = (ObjectV) c;
        if (co.get("unique") instanceof ArrayV u) {
          long uid = ((IdV) uniqueIds.get(uniques.size())).value();
          uniques.add(new IndexDef("unique" + uniques.size(), uid, terms(u), List.of(), true, true));
        } else if (co.get("check") instanceof ObjectV ch) {
          checks.add(new CollectionDef.Check(str(ch.get("name")), str(ch.get("body"))));
        }
      }
    }
    Map<String, String> computed = new LinkedHashMap<>();
    if (d.get("computed_fields") instanceof ObjectV cf) {
      cf.fields().forEach((k, v) -> computed.put(k, str(((ObjectV) v).get("body"))));
    }
    long historyDays = d.get("history_days") instanceof NumV n ? Numbers.asLong(n) : 0;
    Long ttlDays = d.get("ttl_days") instanceof NumV n ? Numbers.asLong(n) : null;
    List<IndexDef> staged = new ArrayList<>();
    if (d.get(HIDDEN_STAGED) instanceof ObjectV st) {
      st.fields().forEach((name, spec) -> staged.add(stagedIndex(name, (ObjectV) spec)));
    }
    return new CollectionDef(str(d.get("name")), str(d.get("alias")), id, indexes, uniques, checks, computed, historyDays,
        ttlDays, io.faunus.model.schema.DefinedFields.of(d.get("fields"), d.get("wildcard")), staged);
  }

  /** A staged index entry ({@code {id, terms, values, status}}) as the index it builds; never queryable. */
  static IndexDef stagedIndex(String name, ObjectV spec) {
    return new IndexDef(name, ((IdV) spec.get("id")).value(), terms(spec.get("terms")), values(spec.get("values")),
        false, false);
  }

  /** Terms or unique fields: {@code [{field, mva?}]} or plain path strings. */
  private static List<IndexDef.Term> terms(Value v) {
    List<IndexDef.Term> out = new ArrayList<>();
    if (v instanceof ArrayV a) {
      for (Value t : a.elems()) {
        if (t instanceof StrV s) out.add(new IndexDef.Term(FieldPath.parse(s.value()), false));
        else {
          ObjectV o = (ObjectV) t;
          out.add(new IndexDef.Term(FieldPath.parse(str(o.get("field"))), o.get("mva") instanceof BoolV b && b.value()));
        }
      }
    }
    return out;
  }

  private static List<IndexDef.Val> values(Value v) {
    List<IndexDef.Val> out = new ArrayList<>();
    if (v instanceof ArrayV a) {
      for (Value t : a.elems()) {
        ObjectV o = (ObjectV) t;
        out.add(new IndexDef.Val(FieldPath.parse(str(o.get("field"))), "desc".equals(str(o.get("order"))),
            o.get("mva") instanceof BoolV b && b.value()));
      }
    }
    return out;
  }
}
