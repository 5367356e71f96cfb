package io.faunus.model.doc;

import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.storage.KeyElement;
import io.faunus.storage.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Storage keys (architecture: storage layout). Every key starts with the database id so a partition id
 * can be prefixed later. FQL values inside index keys are encoded so that byte order equals
 * {@code Values.compare} order: a rank per kind, then the payload.
 */
public final class Keys {
  private Keys() {}

  /** Native (schema) collections get small fixed ids; user collections get generated ones. */
  public static final long COLLECTION = 1, FUNCTION = 2, DATABASE = 3, KEY = 4, ROLE = 5, TOKEN = 6,
      CREDENTIAL = 7, ACCESS_PROVIDER = 8;
  /** Registry of databases by global id (in the root's key space): id → parent, for liveness checks. */
  public static final long DB_REGISTRY = 9;
  /**
   * Node-wide settings that every replica must agree on, written through the log like any document (in the
   * root's key space): {@code (0, 10, name)} → raw bytes. {@code "cursor-key"} signs set cursors.
   */
  public static final long SETTINGS = 10;
  /**
   * Schema as code (schema-v10.md §1.4, §3.6): FSL files stored verbatim, {@code (db, 11, name)} active and
   * {@code (db, 12, name)} staged → UTF-8 text; {@code (db, 13, "staged")} exists while a schema is staged.
   */
  public static final long SCHEMA_FILES = 11, STAGED_FILES = 12, STAGED_SCHEMA = 13;

  public static byte[] setting(String name) {
    return namedDoc(0, SETTINGS, name);
  }

  public static byte[] doc(long db, long coll, long id) {
    return Tuple.of(db, coll, id).encode();
  }

  public static byte[] namedDoc(long db, long coll, String name) {
    return Tuple.of(db, coll, name).encode();
  }

  /** Prefix of every document of a collection (scan in id order). */
  public static byte[] collectionPrefix(long db, long coll) {
    return Tuple.of(db, coll).encode();
  }

  public static Tuple indexPartition(long db, long coll, long index, List<Value> terms) {
    return Tuple.of(db, coll, index, encodeValues(terms, null));
  }

  public static byte[] indexEntry(Tuple partition, List<Value> values, List<Boolean> desc, long docId) {
    return partition.append(encodeValues(values, desc), docId).encode();
  }

  /**
   * PARTITION_LATEST keys: the last commit time that changed an index partition, for OCC validation. The
   * {@code ("p")} prefix is also what {@code storage.FormatUpgrade} moves out of PARTITION_TS in old directories.
   */
  public static byte[] partitionTs(Tuple partition) {
    return Tuple.of("p").append(partition).encode();
  }

  /**
   * A collection's partition key: its newest version's time guards scans against phantoms; for a user
   * collection each version also lists the documents its transaction wrote ({@link ChangeLog}).
   */
  public static byte[] collectionTs(long db, long coll) {
    return Tuple.of("all", db, coll).encode();
  }

  /** Prefix of every {@link #collectionTs} key (the sweeper keeps their versions for the history window). */
  public static byte[] collectionTsPrefix() {
    return Tuple.of("all").encode();
  }

  /**
   * Prefixes of the other PARTITION_TS keys, whose older versions nobody reads (validation reads the newest).
   * Index-partition times ({@link #partitionTs}) are plain keys in PARTITION_LATEST since step 8 and need no sweep.
   */
  public static List<byte[]> partitionTsPrefixesNewestOnly() {
    return List.of(Tuple.of("schema").encode());
  }

  public static byte[] schemaTs(long db) {
    return Tuple.of("schema", db).encode();
  }

  /** A tuple of FQL values; {@code desc.get(i)} reverses element i's order. */
  public static Tuple encodeValues(List<Value> values, List<Boolean> desc) {
    List<Object> els = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      KeyElement e = new KeyElement.Nested(encode(values.get(i)));
      els.add(desc != null && desc.get(i) ? new KeyElement.Desc(e) : e);
    }
    return Tuple.of(els.toArray());
  }

  /**
   * Numbers compare across Int/Long/Double: the double gives the order, the long breaks ties exactly, and
   * numerically equal numbers (30, 30.0, -0.0 and 0) encode identically.
   */
  private static Tuple number(NumV n) {
    double d = n.asDouble() == 0.0 ? 0.0 : n.asDouble();
    if (Numbers.isIntegral(n)) return Tuple.of(0L, d, Numbers.asLong(n));
    // Longs just below 2^63 round to the double 2^63 and are all smaller than it.
    if (d == 0x1p63) return Tuple.of(0L, d, Long.MAX_VALUE, 0L);
    // Exact for integral doubles in long range; no long shares the double part of any other double.
    return Tuple.of(0L, d, (long) d);
  }

  /** One FQL value as (rank, payload…), ordered as Values.compare orders them. */
  static Tuple encode(Value v) {
    return switch (v) {
      case NumV n -> number(n);
      case BytesV b -> Tuple.of(1L, b.value());
      case StrV s -> Tuple.of(2L, s.value());
      case ArrayV a -> {
        List<Object> els = new ArrayList<>();
        els.add(3L);
        for (Value x : a.elems()) els.add(encode(x));
        yield Tuple.of(els.toArray());
      }
      case ObjectV o -> {
        List<Object> els = new ArrayList<>();
        els.add(4L);
        TreeMap<String, Value> sorted = new TreeMap<>(io.faunus.model.value.Values::compareStrings);
        sorted.putAll(o.fields());
        for (Map.Entry<String, Value> e : sorted.entrySet()) {
          els.add(e.getKey());
          els.add(encode(e.getValue()));
        }
        yield Tuple.of(els.toArray());
      }
      case IdV i -> Tuple.of(5L, i.value());
      case DocV d -> d.named() ? Tuple.of(6L, d.coll(), d.name()) : Tuple.of(6L, d.coll(), d.id());
      case TimeV t -> Tuple.of(7L, t.value().getEpochSecond(), (long) t.value().getNano());
      case TxnTimeV t -> Tuple.of(7L, Long.MAX_VALUE, 0L);
      case DateV d -> Tuple.of(8L, d.value().toEpochDay());
      // UUID.compareTo compares the two halves as signed longs.
      case UuidV u -> Tuple.of(9L, u.value().getMostSignificantBits(), u.value().getLeastSignificantBits());
      case BoolV b -> Tuple.of(10L, b.value());
      case NullV n -> Tuple.of(100L);
      default -> throw new IllegalArgumentException("not indexable: " + v.getClass().getSimpleName());
    };
  }
}
