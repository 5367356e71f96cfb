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

/**
 * Documents of a collection, from a collection scan ({@code C.all()}) or an index partition
 * ({@code C.byName("x")}), or the named documents of a schema collection: a storage prefix whose keys end with the document id. Reading it records the
 * partition in the read set, so a concurrent insert into the partition conflicts (no phantoms).
 */
public final class DocSet extends LazySet {
  private static final String RANGE_REASON = "range queries are not supported yet, use `.where()` method instead.";
  private static final String REVERSED_REASON = "streaming is not supported on sets that have been reversed.";

  private final String coll;
  private final Cf cf;
  private final byte[] prefix;
  private final byte[] partitionKey;
  private final KeyRange range; // null keeps everything
  private final boolean reverse;
  private final boolean everReversed; // reversed at least once: not streamable, even when reversed back

  DocSet(String coll, Cf cf, byte[] prefix, byte[] partitionKey, KeyRange range, boolean reverse) {
    this(coll, cf, prefix, partitionKey, range, reverse, reverse);
  }

  /** Every field, as a cursor decodes them. */
  public DocSet(String coll, Cf cf, byte[] prefix, byte[] partitionKey, KeyRange range, boolean reverse,
                boolean everReversed) {
    this.coll = coll;
    this.cf = cf;
    this.prefix = prefix;
    this.partitionKey = partitionKey;
    this.range = range;
    this.reverse = reverse;
    this.everReversed = everReversed || reverse;
  }

  public String coll() {
    return coll;
  }

  public Cf cf() {
    return cf;
  }

  public byte[] prefix() {
    return prefix;
  }

  public byte[] partitionKey() {
    return partitionKey;
  }

  public KeyRange range() {
    return range;
  }

  public boolean reversed() {
    return reverse;
  }

  public boolean everReversed() {
    return everReversed;
  }

  @Override
  public Iterator<Value> iterator(Interp in) {
    // The query running now, not the one that built the set: cursors replay sets in later queries.
    DbContext ctx = DbContext.of(in);
    ctx.perms.requireScan(ctx, in, coll, null);
    Txn txn = ctx.txn();
    if (!ctx.historical()) txn.recordRead(Cf.PARTITION_TS, partitionKey, coll);
    Iterator<Txn.Entry> it = txn.scan(cf, prefix, reverse, ctx.readTs());
    return new Iterator<>() {
      private Value next = advance();

      private Value advance() {
        while (it.hasNext()) {
          in.tick(); // entries outside the range or expired are skipped, but reading them is still work
          Tuple key = Tuple.decode(it.next().key());
          if (range != null && !range.test(key)) continue;
          DocV d = key.get(key.size() - 1) instanceof KeyElement.Text name ? DocV.byName(coll, name.value())
              : DocV.byId(coll, ((KeyElement.Int) key.get(key.size() - 1)).value());
          if (ctx.state(d, in) != null) return d; // skip documents whose ttl has passed
        }
        return null;
      }

      public boolean hasNext() {
        return next != null;
      }

      public Value next() {
        if (next == null) throw new NoSuchElementException();
        Value v = next;
        next = advance();
        return v;
      }
    };
  }

  @Override
  public LazySet reverse() {
    return new DocSet(coll, cf, prefix, partitionKey, range, !reverse, true);
  }

  @Override
  public String streamUnsupportedReason() {
    return everReversed ? REVERSED_REASON : range != null ? RANGE_REASON : null;
  }
}
