package io.faunus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.log.LocalLog;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryRequest;
import io.faunus.model.value.Value;
import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.Engine;
import io.faunus.storage.MemoryEngine;
import io.faunus.storage.Snapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What one durable insert writes to storage (issue 19, "fewer storage writes per insert"), counted at the engine:
 * the benchmark's {@code Bench.create({ k, v })} into a collection with one index.
 */
class StorageWritesPerInsertTest {
  /** Counts the keys each batch writes (its operations, plus the applied index a log batch carries). */
  private static final class Counting implements Engine {
    final MemoryEngine inner = MemoryEngine.create();
    final AtomicLong keys = new AtomicLong();

    @Override public byte[] get(Cf cf, byte[] key) { return inner.get(cf, key); }
    @Override public void write(Batch batch, boolean sync) {
      long before = inner.appliedIndex();
      inner.write(batch, sync);
      keys.addAndGet(batch.size() + (inner.appliedIndex() != before ? 1 : 0));
    }
    @Override public Snapshot snapshot() { return inner.snapshot(); }
    @Override public long appliedIndex() { return inner.appliedIndex(); }
    @Override public void checkpoint(Path dir) { inner.checkpoint(dir); }
    @Override public void close() { inner.close(); }
  }

  @Test
  void anInsertWithOneIndexWritesFourKeysPlusTwoPerCommitGroup() {
    Counting engine = new Counting();
    try (Node node = Node.over(new NodeConfig(null, true, FqlNode.ROOT), engine, new LocalLog(engine, false),
        NodeRuntime.production())) {
      run(node, "Collection.create({ name: 'Bench', indexes: { byK: { terms: [{ field: '.k' }] } } }); 1");
      run(node, "Bench.create({ k: 0, v: 0 }); 1"); // the first write of a collection may create more (ids, ...)
      long before = engine.keys.get();
      int inserts = 10;
      for (int i = 1; i <= inserts; i++) run(node, "Bench.create({ k: " + i + ", v: 0 }); 1");
      // One query per commit group here: version, index entry, index-partition time, collection change log,
      // and per group the commit clock and the applied index.
      assertThat(engine.keys.get() - before).isEqualTo(inserts * 6L);
      // The index-partition times are one plain key per partition however often it changes.
      for (int i = 0; i < 3; i++) run(node, "Bench.create({ k: 1, v: " + i + " }); 1");
      try (Snapshot s = engine.snapshot(); var c = s.iterate(Cf.PARTITION_LATEST, null, null, false)) {
        int n = 0;
        for (; c.hasNext(); c.next()) n++;
        assertThat(n).as("partitions k = 0 … 10").isEqualTo(inserts + 1);
      }
    }
  }

  private static Value run(Node node, String fql) {
    QueryOutcome out = node.execute(new QueryRequest(FqlNode.ROOT, fql, List.of(), null, QueryRequest.Format.TAGGED,
        null, System.nanoTime(), QueryRequest.DEFAULT_TIMEOUT_MS, Long.MIN_VALUE,
        QueryRequest.DEFAULT_MAX_CONTENTION_RETRIES, false, false, null));
    assertThat(out).as("outcome of %s", fql).isInstanceOf(QueryOutcome.Success.class);
    return ((QueryOutcome.Success) out).data();
  }
}
