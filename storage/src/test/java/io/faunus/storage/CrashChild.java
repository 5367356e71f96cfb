package io.faunus.storage;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link RocksEngineTest}: writes numbered batches with sync=true, each touching
 * {@link #KEYS_PER_BATCH} keys in two column families plus the applied index, and prints "ack N" only
 * after write() returned, until it is killed. With a second argument {@code flushing} it runs on tiny memtables
 * and flushes every {@link #BATCHES_PER_FLUSH} batches, so WAL files become obsolete and are recycled: the kill
 * then lands in a recycled WAL file whose tail still holds an older file's records.
 */
public final class CrashChild {
  static final int KEYS_PER_BATCH = 8;
  static final int BATCHES_PER_FLUSH = 16;

  public static void main(String[] args) {
    boolean flushing = args.length > 1 && args[1].equals("flushing");
    var engine = flushing
        ? RocksEngine.open(Path.of(args[0]), new RocksEngine.Options(1L << 20, 64L << 10, 1, 256L << 10))
        : RocksEngine.open(Path.of(args[0]));
    // batch numbers start at 1, so "n batches applied" and "applied index n" coincide
    for (long n = Math.max(1, engine.appliedIndex() + 1); ; n++) {
      var batch = new Batch();
      for (int i = 0; i < KEYS_PER_BATCH; i++) {
        Cf cf = i % 2 == 0 ? Cf.VERSIONS : Cf.INDEX;
        batch.put(cf, Tuple.of("batch", n, (long) i).encode(), Tuple.of(n).encode());
      }
      batch.setAppliedIndex(n);
      engine.write(batch, true);
      if (flushing && n % BATCHES_PER_FLUSH == 0) engine.flush(false);
      System.out.println("ack " + n);
      System.out.flush();
    }
  }
}
