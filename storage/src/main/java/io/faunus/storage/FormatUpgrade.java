package io.faunus.storage;

/**
 * Brings a data directory written by an older Faunus to the current layout when it is opened, before anything
 * reads or applies: each step is idempotent (it moves data and deletes what it moved in the same atomic batch),
 * so a crash in the middle is finished by the next start.
 *
 * <p>Step 8 (issue 19): index-partition times moved from versions in {@link Cf#PARTITION_TS} (logical keys
 * under {@link #INDEX_PARTITION_PREFIX}, written by {@code model.doc.Keys.partitionTs}) to one plain key per
 * partition in {@link Cf#PARTITION_LATEST}. Only the newest version was ever read, so it is the one kept.
 */
final class FormatUpgrade {
  /** The tuple prefix of index-partition times, {@code ("p")}: {@code model.doc.Keys.partitionTs} builds them. */
  static final byte[] INDEX_PARTITION_PREFIX = Tuple.of("p").encode();
  /** Version entries moved per batch: bounds the batch well under {@link Batch#MAX_OPS}. */
  static final int ENTRIES_PER_BATCH = 10_000;

  private FormatUpgrade() {}

  /** Runs every step the store needs; returns how many old partition-time versions were folded. */
  static long run(Engine engine) {
    long moved = 0;
    for (int n; (n = moveIndexPartitionTimes(engine)) > 0; ) moved += n;
    if (moved > 0) {
      System.err.println("faunus: upgraded the data directory: folded " + moved + " index-partition time versions"
          + " from column family " + Cf.PARTITION_TS.rocksName() + " into " + Cf.PARTITION_LATEST.rocksName());
    }
    return moved;
  }

  /** One batch of the move: up to {@link #ENTRIES_PER_BATCH} old versions; 0 when none is left. */
  private static int moveIndexPartitionTimes(Engine engine) {
    Batch batch = new Batch();
    int entries = 0;
    try (Snapshot snap = engine.snapshot();
         var c = snap.scanPrefix(Cf.PARTITION_TS, Mvcc.escapedPrefix(INDEX_PARTITION_PREFIX), false)) {
      byte[] head = null;
      while (c.hasNext() && entries < ENTRIES_PER_BATCH) {
        Entry e = c.next();
        // Versions of one key run newest first, so the first of each key is its newest; the max guards a
        // key split across two batches (its newest version already moved by the previous one).
        if (head == null || !Mvcc.sameKey(head, e.key())) {
          head = Mvcc.headOf(e.key());
          Version v = Mvcc.decode(e);
          long ts = Math.max(v.tsMicros(), PartitionTimes.latest(snap, v.logicalKey()).orElse(0));
          PartitionTimes.put(batch, v.logicalKey(), ts);
        }
        batch.delete(Cf.PARTITION_TS, e.key());
        entries++;
      }
    }
    if (entries > 0) engine.write(batch, true);
    return entries;
  }
}
