package io.faunus.model.db;

import io.faunus.model.doc.Txn;
import io.faunus.model.eval.Interp;
import io.faunus.model.set.LazySet;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.DocV;
import io.faunus.storage.Cf;
import io.faunus.storage.KeyElement;
import io.faunus.storage.Tuple;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * Documents of a collection, from a collection scan ({@code C.all()}) or an index partition
 * ({@code C.byName("x")}), or the named documents of a schema collection: a storage prefix whose keys end with the document id. Reading it records the
 * partition in the read set, so a concurrent insert into the partition conflicts (no phantoms).
 */
final class DocSet extends LazySet {
  private final String coll;
  private final Cf cf;
  private final byte[] prefix;
  private final byte[] partitionKey;
  private final Predicate<Tuple> keep; // range filter on the decoded key; null keeps everything
  private final boolean reverse;
  private final String streamReason;

  DocSet(String coll, Cf cf, byte[] prefix, byte[] partitionKey, Predicate<Tuple> keep,
         boolean reverse, String streamReason) {
    this.coll = coll;
    this.cf = cf;
    this.prefix = prefix;
    this.partitionKey = partitionKey;
    this.keep = keep;
    this.reverse = reverse;
    this.streamReason = streamReason;
  }

  @Override
  public Iterator<Value> iterator(Interp in) {
    // The query running now, not the one that built the set: cursors replay sets in later queries.
    DbContext ctx = DbContext.of(in);
    ctx.perms.requireRead(in, coll, null);
    Txn txn = ctx.txn();
    if (!ctx.historical()) txn.recordRead(Cf.PARTITION_TS, partitionKey, coll);
    Iterator<Txn.Entry> it = txn.scan(cf, prefix, reverse, ctx.readTs());
    return new Iterator<>() {
      private Value next = advance();

      private Value advance() {
        while (it.hasNext()) {
          Tuple key = Tuple.decode(it.next().key());
          if (keep != null && !keep.test(key)) continue;
          DocV d = key.get(key.size() - 1) instanceof KeyElement.Text name ? DocV.byName(coll, name.value())
              : DocV.byId(coll, ((KeyElement.Int) key.get(key.size() - 1)).value());
          if (ctx.state(d) != null) return d; // skip documents whose ttl has passed
        }
        return null;
      }

      public boolean hasNext() {
        return next != null;
      }

      public Value next() {
        if (next == null) throw new NoSuchElementException();
        Value v = next;
        in.tick();
        next = advance();
        return v;
      }
    };
  }

  @Override
  public LazySet reverse() {
    return new DocSet(coll, cf, prefix, partitionKey, keep, !reverse,
        "streaming is not supported on sets that have been reversed.");
  }

  @Override
  public String streamUnsupportedReason() {
    return reverse ? "streaming is not supported on sets that have been reversed." : streamReason;
  }
}
