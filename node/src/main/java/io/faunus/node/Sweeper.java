package io.faunus.node;

import io.faunus.model.doc.Keys;
import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.Engine;
import io.faunus.storage.Mvcc;
import io.faunus.storage.Snapshot;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Removes document and index versions nobody can read any more (architecture: history_days bounds how far
 * back versions are kept). A version is kept while a read at or after the cutoff could see it; the cutoff
 * trails the clock by the largest {@code history_days} of any collection plus {@link #RETAIN_MIN_MICROS},
 * which covers at() (15 minutes), set cursors (30 minutes) and event replays. Partition timestamps only ever
 * need their newest version, so they are swept with a short cutoff, except the collections' change logs
 * ({@code model.doc.ChangeLog}), which event sources replay within the history window.
 *
 * <p>GC is local maintenance, not a log effect: every replica may sweep on its own, because reads below
 * the cutoff are refused. Each pass deletes at most {@link #DELETES_PER_PASS} versions per range (one more when
 * that ends a key whose floor is a tombstone: it goes with the versions below it).
 *
 * <p>A pass reads at most {@link #SCANNED_PER_PASS} entries of each range and the next one goes on where it
 * stopped, so a store of N entries is walked once every N / SCANNED_PER_PASS periods. A pass used to read every
 * range whole: a store of a million entries cost about a second of CPU every minute, in one burst that also
 * filled the block cache with cold blocks (docs/benchmarks.md, "Three runs, and the sweeper's bursts").
 */
final class Sweeper implements AutoCloseable {
  static final long RETAIN_MIN_MICROS = 30L * 60 * 1_000_000;
  static final long PARTITION_RETAIN_MICROS = 60L * 1_000_000;
  static final int DELETES_PER_PASS = 10_000;
  static final int SCANNED_PER_PASS = 20_000;
  static final long PERIOD_SECONDS = 10;

  private final Engine engine;
  private final LongSupplier nowMicros;
  private final LongSupplier historyDaysMax;
  /** Where each range's walk goes on (absent: at its start); keyed by column family and prefix. */
  private final java.util.Map<String, byte[]> resumeAt = new java.util.HashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "faunus-sweeper");
    t.setDaemon(true);
    return t;
  });

  Sweeper(Engine engine, LongSupplier nowMicros, LongSupplier historyDaysMax) {
    this.engine = engine;
    this.nowMicros = nowMicros;
    this.historyDaysMax = historyDaysMax;
  }

  void start() {
    timer.scheduleWithFixedDelay(this::sweepQuietly, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      System.err.println("faunus: version sweep failed: " + e); // retried next period
    }
  }

  /** One pass; returns the number of versions deleted. */
  synchronized int sweep() {
    long now = nowMicros.getAsLong();
    long cutoff = now - RETAIN_MIN_MICROS - historyDaysMax.getAsLong() * 86_400L * 1_000_000L;
    int deleted = 0;
    deleted += pass(Cf.VERSIONS, cutoff);
    deleted += pass(Cf.INDEX, cutoff);
    // Collection partition keys carry the collections' change logs (event sources replay them): history
    // window. Other partition keys only ever need their newest version.
    deleted += pass(Cf.PARTITION_TS, Keys.collectionTsPrefix(), cutoff);
    for (byte[] prefix : Keys.partitionTsPrefixesNewestOnly()) {
      deleted += pass(Cf.PARTITION_TS, prefix, now - PARTITION_RETAIN_MICROS);
    }
    return deleted;
  }

  private int pass(Cf cf, long cutoff) {
    return pass(cf, new byte[0], cutoff);
  }

  private int pass(Cf cf, byte[] prefix, long cutoff) {
    if (cutoff <= 0) return 0;
    String range = cf + "/" + java.util.HexFormat.of().formatHex(prefix);
    Batch batch = new Batch();
    Mvcc.Swept swept;
    try (Snapshot snap = engine.snapshot()) {
      swept = Mvcc.collectGarbage(snap, batch, cf, prefix, resumeAt.get(range), cutoff, DELETES_PER_PASS, SCANNED_PER_PASS);
    }
    if (swept.deleted() > 0) engine.write(batch, false);
    if (swept.resumeAt() == null) resumeAt.remove(range);
    else resumeAt.put(range, swept.resumeAt());
    return swept.deleted();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

}
