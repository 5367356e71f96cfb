package io.faunus.storage;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link RocksEngineTest}: writes numbered batches with sync=true, each touching
 * {@link #KEYS_PER_BATCH} keys in two column families plus the applied index, and prints "ack N" only
 * after write() returned, until it is killed.
 */
public final class CrashChild {
  static final int KEYS_PER_BATCH = 8;

  public static void main(String[] args) {
    var engine = RocksEngine.open(Path.of(args[0]));
    // batch numbers start at 1, so "n batches applied" and "applied index n" coincide
    for (long n = Math.max(1, engine.appliedIndex() + 1); ; n++) {
      var batch = new Batch();
      for (int i = 0; i < KEYS_PER_BATCH; i++) {
        Cf cf = i % 2 == 0 ? Cf.VERSIONS : Cf.INDEX;
        batch.put(cf, Tuple.of("batch", n, (long) i).encode(), Tuple.of(n).encode());
      }
      batch.setAppliedIndex(n);
      engine.write(batch, true);
      System.out.println("ack " + n);
      System.out.flush();
    }
  }
}
