package io.faunus.model.db;

import io.faunus.model.doc.Txn;
import io.faunus.model.eval.Interp;
import io.faunus.model.set.LazySet;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.DocV;
import io.faunus.storage.Cf;
import io.faunus.storage.KeyElement;
import io.faunus.storage.Tuple;
import io.faunus.fql.Span;
import io.faunus.model.doc.Keys;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.schema.CollectionDef;
import io.faunus.model.schema.FieldPath;
import io.faunus.model.schema.IndexDef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
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

  /** Partitions billed per page ({@link #partitions()}), or 0 when not known yet. */
  private int partitions;

  DocSet(String coll, Cf cf, byte[] prefix, byte[] partitionKey, KeyRange range, boolean reverse) {
    this(coll, cf, prefix, partitionKey, range, reverse, reverse);
  }

  /** An index partition's set, whose caller knows whether the index has terms (no need to decode the prefix). */
  static DocSet index(String coll, Tuple partition, KeyRange range, boolean hasTerms) {
    DocSet s = new DocSet(coll, Cf.INDEX, partition.encode(), Keys.partitionTs(partition), range, false);
    s.partitions = hasTerms ? 1 : 8;
    return s;
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

  /**
   * Where the partition's change time lives: an index set's partition is an index partition (one plain newest
   * time, {@link Cf#PARTITION_LATEST}); a collection scan's is the collection's versioned change log.
   */
  Cf partitionCf() {
    return cf == Cf.INDEX ? Cf.PARTITION_LATEST : Cf.PARTITION_TS;
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
    if (!ctx.historical()) txn.recordRead(partitionCf(), partitionKey, coll);
    Iterator<Txn.Entry> it = txn.scan(cf, prefix, reverse, ctx.readTs());
    PageBill bill = new PageBill(txn, partitions());
    return new Iterator<>() {
      private Value next = advance();

      private Value advance() {
        while (it.hasNext()) {
          in.tick(); // entries outside the range or expired are skipped, but reading them is still work
          Tuple key = Tuple.decode(it.next().key());
          bill.entry();
          if (range != null && !range.test(key)) continue;
          DocV d = key.get(key.size() - 1) instanceof KeyElement.Text name ? DocV.byName(coll, name.value())
              : DocV.byId(coll, ((KeyElement.Int) key.get(key.size() - 1)).value());
          // Skip documents whose ttl has passed; checking is not a read of the document the query pays for.
          if (ctx.unbilled(() -> ctx.state(d, in)) != null) return d;
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
    if (Natives.nativeId(coll) != null) return "streaming is not supported on sets of native collections.";
    return everReversed ? REVERSED_REASON : range != null ? RANGE_REASON : null;
  }

  /**
   * Partitions Fauna reads for this set (stats-metering §2.2): 8 for a collection scan and an index without
   * terms, 1 for an index partition with terms.
   */
  private int partitions() {
    if (partitions != 0) return partitions;
    if (cf != Cf.INDEX) return 8;
    Tuple t = Tuple.decode(prefix);
    return t.size() > 3 && t.get(3) instanceof KeyElement.Nested terms && terms.tuple().size() == 0 ? 8 : 1;
  }

  /**
   * The read ops of scanning a set as Fauna bills its pages (stats-metering §2.2, §5): a page of at most
   * {@link #PAGE_ENTRIES} entries costs {@code ceil(bytes / 4096) + partitions - 1}, about
   * {@link #ENTRY_BYTES} per entry; an empty page costs as much as a one-entry page.
   */
  private static final class PageBill {
    static final int PAGE_ENTRIES = 16_000;
    static final int ENTRY_BYTES = 42;
    private final Txn txn;
    private final int partitions;
    private long entries;
    private long billedInPage;

    PageBill(Txn txn, int partitions) {
      this.txn = txn;
      this.partitions = partitions;
      txn.billReadOps(partitions);
      billedInPage = 1;
    }

    void entry() {
      long inPage = entries % PAGE_ENTRIES;
      if (entries > 0 && inPage == 0) {
        txn.billReadOps(partitions);
        billedInPage = 1;
      }
      entries++;
      long ops = ((inPage + 1) * ENTRY_BYTES + 4095) / 4096;
      if (ops > billedInPage) {
        txn.billReadOps(ops - billedInPage);
        billedInPage = ops;
      }
    }
  }

  // ---- event sources (spec §4.12) -------------------------------------------------------------------------

  /** Watching the set needs the right to read its collection (permission_denied otherwise). */
  public void checkWatchable(Interp in, Span site) {
    DbContext ctx = DbContext.of(in);
    ctx.perms.requireScan(ctx, in, coll, site);
  }

  /** The id of the user collection whose change log holds this set's changes. */
  public long collectionId() {
    return ((KeyElement.Int) Tuple.decode(prefix).get(1)).value();
  }

  /** The index this set reads (null for a collection scan, or when the index no longer exists as it was). */
  private IndexDef index(DbContext ctx) {
    Tuple t = Tuple.decode(prefix);
    if (cf != Cf.INDEX || t.size() < 3) return null;
    long indexId = ((KeyElement.Int) t.get(2)).value();
    CollectionDef def = ctx.schema.collection(coll);
    if (def == null) return null;
    for (IndexDef i : def.maintained()) if (i.id() == indexId) return i;
    return null;
  }

  /**
   * Fails unless each watched path is covered by this set's index (its terms or values; {@code .id} always;
   * any path when the index covers {@code ts}); a collection scan covers every path.
   */
  public void checkCovers(Interp in, List<FieldPath> watched, Span site) {
    if (cf != Cf.INDEX) return;
    IndexDef idx = index(DbContext.of(in));
    if (idx == null) return;
    List<List<Object>> covered = new ArrayList<>();
    idx.terms().forEach(t -> covered.add(t.path().segments()));
    idx.values().forEach(v -> covered.add(v.path().segments()));
    if (covered.contains(List.<Object>of("ts"))) return;
    List<String> missing = new ArrayList<>();
    for (FieldPath p : watched) {
      if (!p.isSingle("id") && !covered.contains(p.segments())) missing.add("`" + p.display() + "`");
    }
    if (!missing.isEmpty()) {
      throw in.error(ErrorCode.INVALID_ARGUMENT, "invalid argument `fields`: " + String.join(", ", missing)
          + " not covered by the `" + idx.name() + "` index.", site);
    }
  }

  /** Whether document {@code d}, as the running query reads it now, is an element of this set. */
  public boolean contains(Interp in, DocV d) {
    DbContext ctx = DbContext.of(in);
    if (!d.coll().equals(coll) || d.named()) return false;
    DocState state = ctx.state(d, in);
    if (state == null) return false;
    if (cf != Cf.INDEX) return true;
    IndexDef idx = index(ctx);
    if (idx == null) return false;
    Tuple t = Tuple.decode(prefix);
    long db = ((KeyElement.Int) t.get(0)).value(), collId = ((KeyElement.Int) t.get(1)).value();
    for (IndexEntries.Entry e : IndexEntries.of(idx, d.id(), state.data(), in)) {
      if (Arrays.equals(Keys.indexPartition(db, collId, idx.id(), e.terms()).encode(), prefix)) return true;
    }
    return false;
  }
}
