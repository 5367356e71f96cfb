package io.faunus.model.db;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.doc.BoundedBytes;
import io.faunus.model.doc.Keys;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryError;
import io.faunus.model.query.QueryOutcome.ConstraintFailure;
import io.faunus.model.schema.CollectionDef;
import io.faunus.model.schema.IndexDef;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import io.faunus.storage.Cf;
import io.faunus.storage.Tuple;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Every document write goes through {@link #put}: the new version, index entries added and removed,
 * partitions marked changed, unique constraints checked against the (merged) unique index partitions.
 */
final class Writes {
  private Writes() {}

  /** A write to a native collection (schema documents, keys): permissions by collection and action. */
  static void checkWritable(DbContext ctx, Interp in, String coll, Action action, Span site) {
    checkWritable(ctx, in, coll, action, List::of, site);
  }

  /**
   * Checks that the caller may do {@code action} ({@code args}: its predicate's arguments, built only if a
   * role predicate needs them) and that this query may write at all.
   */
  static void checkWritable(DbContext ctx, Interp in, String coll, Action action,
                            java.util.function.Supplier<List<io.faunus.model.value.Value>> args, Span site) {
    if (ctx.inPredicate()) throw in.error(ErrorCode.INVALID_EFFECT, "Role predicates cannot write.", site);
    ctx.perms.requireWrite(ctx, in, coll, action, args, site);
    if (ctx.historical()) throw in.error(ErrorCode.INVALID_WRITE, "Cannot write at a snapshot time in the past.", site);
    if (ctx.txn().readOnly()) {
      throw in.error(ErrorCode.INVALID_EFFECT, "Cannot write in a read-only transaction.", site);
    }
  }

  /** Fails with invalid_type when {@code v} cannot be stored (spec §6.2). */
  static void checkPersistable(Interp in, Value v, Span site) {
    if (Values.persistable(v)) return;
    String what = firstUnstorable(v);
    throw in.error(ErrorCode.INVALID_TYPE, what, site);
  }

  private static String firstUnstorable(Value v) {
    return switch (v) {
      case FuncV f -> "Anonymous functions cannot be stored. Use a string of FQL instead.";
      case SetV s -> "Sets cannot be stored. Use toArray() to store the elements.";
      case ModuleV m -> "Modules cannot be stored.";
      case EventSourceV e -> "Event sources cannot be stored.";
      case ArrayV a -> a.elems().stream().filter(x -> !Values.persistable(x)).findFirst().map(Writes::firstUnstorable).orElse("");
      case ObjectV o -> o.fields().values().stream().filter(x -> !Values.persistable(x)).findFirst().map(Writes::firstUnstorable).orElse("");
      default -> "Value of type " + Values.typeName(v) + " cannot be stored.";
    };
  }

  /**
   * Writes {@code neu} (null = delete) over {@code old} (null = absent) for a document of user collection
   * {@code def}; maintains indexes and checks unique constraints.
   */
  static void putUser(DbContext ctx, Interp in, CollectionDef def, DocV ref, DocState old, DocState neu,
                      String action, Span site) {
    byte[] key = Keys.doc(ctx.db, def.id(), ref.id());
    ctx.txn().writingDocument(key, () -> putVersionAndEntries(ctx, in, def, ref, key, old, neu, site));
  }

  private static void putVersionAndEntries(DbContext ctx, Interp in, CollectionDef def, DocV ref, byte[] key,
                                           DocState old, DocState neu, Span site) {
    in.chargeBytes(put(ctx, key, neu)); // encoding the version is work in proportion to its size
    ctx.txn().touchCollection(Keys.collectionTs(ctx.db, def.id()), ref.id());
    List<ConstraintFailure> failures = new ArrayList<>();
    for (IndexDef idx : def.maintained()) {
      Set<IndexEntries.Entry> before = IndexEntries.of(idx, ref.id(), old == null ? null : old.data(), in);
      Set<IndexEntries.Entry> after = IndexEntries.of(idx, ref.id(), neu == null ? null : neu.data(), in);
      for (IndexEntries.Entry e : before) {
        if (!after.contains(e)) indexEntry(ctx, def, idx, e, ref.id(), false);
      }
      for (IndexEntries.Entry e : after) {
        if (!before.contains(e)) indexEntry(ctx, def, idx, e, ref.id(), true);
        if (idx.unique() && duplicate(ctx, def, idx, e, ref.id())) {
          failures.add(new ConstraintFailure(idx.terms().stream()
              .map(t -> List.<Object>copyOf(t.path().segments())).toList(), "Failed unique constraint"));
        }
      }
    }
    if (!failures.isEmpty()) {
      throw in.error(ErrorCode.CONSTRAINT_FAILURE, "Failed unique constraint.", site).withConstraintFailures(failures);
    }
  }

  /** A native document (schema doc, key, database): the version and the partition touch only. */
  static void putNative(DbContext ctx, byte[] key, long nativeColl, DocState neu) {
    put(ctx, key, neu);
    ctx.txn().touch(Keys.collectionTs(ctx.db, nativeColl));
    if (nativeColl == Keys.COLLECTION || nativeColl == Keys.FUNCTION || nativeColl == Keys.ROLE
        || nativeColl == Keys.ACCESS_PROVIDER) {
      ctx.txn().touchSchema(ctx.db);
    }
  }

  /** Spec §8: one document version may not exceed 8 MiB. */
  static final int VERSION_BYTES_MAX = 8 * 1024 * 1024;
  static final long TXN_BYTES_MAX = io.faunus.model.eval.Limits.TXN_BYTES_MAX;

  /** Buffers the version (null: a deletion); returns its encoded size. */
  private static int put(DbContext ctx, byte[] key, DocState neu) {
    if (neu == null) {
      ctx.txn().delete(Cf.VERSIONS, key);
      return 0;
    }
    byte[] bytes;
    try {
      bytes = neu.encode(VERSION_BYTES_MAX);
    } catch (BoundedBytes.Full e) { // reports the size reached when encoding stopped
      throw QueryError.protocol(ErrorCode.INVALID_REQUEST, "Version bytes " + e.bytes()
          + " exceeds threshold " + VERSION_BYTES_MAX + ".");
    }
    ctx.txn().put(Cf.VERSIONS, key, bytes);
    // The commit refuses a transaction over the limit; checking as writes accumulate keeps a query that
    // writes in a loop from holding gigabytes in its overlay before it gets there.
    if (ctx.txn().writtenBytes() > TXN_BYTES_MAX) {
      throw QueryError.protocol(ErrorCode.INVALID_REQUEST, "Transaction exceeded limit: got "
          + ctx.txn().writtenBytes() + " bytes, limit is " + TXN_BYTES_MAX + " bytes.");
    }
    return bytes.length;
  }

  private static void indexEntry(DbContext ctx, CollectionDef def, IndexDef idx, IndexEntries.Entry e, long docId,
                                 boolean add) {
    Tuple partition = Keys.indexPartition(ctx.db, def.id(), idx.id(), e.terms());
    byte[] key = Keys.indexEntry(partition, e.values(), idx.descFlags(), docId);
    if (add) ctx.txn().put(Cf.INDEX, key, new byte[0]);
    else ctx.txn().delete(Cf.INDEX, key);
    ctx.txn().touchIndexPartition(Keys.partitionTs(partition));
  }

  /** True when another document holds the same unique terms (the partition is read, so races conflict). */
  private static boolean duplicate(DbContext ctx, CollectionDef def, IndexDef idx, IndexEntries.Entry e, long docId) {
    Tuple partition = Keys.indexPartition(ctx.db, def.id(), idx.id(), e.terms());
    ctx.txn().recordRead(Cf.PARTITION_LATEST, Keys.partitionTs(partition), "unique constraint");
    for (Iterator<io.faunus.model.doc.Txn.Entry> it = ctx.txn().scan(Cf.INDEX, partition.encode(), false,
        ctx.txn().snapshotMicros()); it.hasNext(); ) {
      Tuple t = Tuple.decode(it.next().key());
      long other = ((io.faunus.storage.KeyElement.Int) t.get(t.size() - 1)).value();
      if (other != docId) return true;
    }
    return false;
  }

  static QueryError constraint(Interp in, String message, Span site, List<ConstraintFailure> failures) {
    return in.error(ErrorCode.CONSTRAINT_FAILURE, message, site).withConstraintFailures(failures);
  }
}
