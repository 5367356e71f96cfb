package io.faunus.model.db;

import io.faunus.fql.Span;
import io.faunus.model.doc.Keys;
import io.faunus.model.doc.Txn;
import io.faunus.model.eval.Interp;
import io.faunus.model.schema.CollectionDef;
import io.faunus.model.schema.IndexDef;
import io.faunus.storage.Cf;
import io.faunus.storage.KeyElement;
import io.faunus.storage.Tuple;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the entries of indexes added or redefined on an existing collection, inside the defining
 * transaction, so the index is queryable as soon as the definition commits (spec §5.3).
 * TODO(step 2 follow-up): collections above {@link #SYNC_BUILD_DOCS_MAX} documents should build in the
 * background with {@code status: "building"}; until then the build fails with a clear error.
 */
final class IndexBuilds {
  private IndexBuilds() {}

  static final int SYNC_BUILD_DOCS_MAX = 16_000;

  static void build(DbContext ctx, Interp in, CollectionDef before, CollectionDef after, Span site) {
    Set<Long> existing = before.maintained().stream().map(IndexDef::id).collect(Collectors.toSet());
    for (IndexDef idx : after.maintained()) {
      if (existing.contains(idx.id())) continue;
      int docs = 0;
      for (Iterator<Txn.Entry> it = ctx.txn().scan(Cf.VERSIONS, Keys.collectionPrefix(ctx.db, after.id()), false,
          ctx.txn().snapshotMicros()); it.hasNext(); ) {
        Txn.Entry e = it.next();
        if (++docs > SYNC_BUILD_DOCS_MAX) {
          throw in.error("invalid_request", "Index builds over more than " + SYNC_BUILD_DOCS_MAX
              + " documents are not supported yet.", site);
        }
        Tuple key = Tuple.decode(e.key());
        long docId = ((KeyElement.Int) key.get(key.size() - 1)).value();
        DocState s = DocState.decode(e.value(), e.pending() ? -1 : e.tsMicros());
        for (IndexEntries.Entry entry : IndexEntries.of(idx, docId, s.data())) {
          Tuple partition = Keys.indexPartition(ctx.db, after.id(), idx.id(), entry.terms());
          ctx.txn().put(Cf.INDEX, Keys.indexEntry(partition, entry.values(), idx.descFlags(), docId), new byte[0]);
          ctx.txn().touch(Keys.partitionTs(partition));
        }
      }
    }
  }
}
