package io.faunus.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.faunus.verify.Txn.Mop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * List-append: transactions of 1..{@value #MOPS_MAX} reads and appends over a few active keys. Each key is a
 * document of {@code Lists} (id = key) whose field {@code v} is the list. A key takes at most
 * {@value #APPENDS_PER_KEY} appends, then a fresh key replaces it, so lists (and the cost of reading them)
 * stay small however long the run.
 */
final class ListAppendWorkload implements Workload<Txn> {
  static final int KEYS_ACTIVE = 5;
  static final int APPENDS_PER_KEY = 40;
  static final int MOPS_MAX = 4;
  /** Keys per final read query. */
  static final int FINAL_KEYS_PER_QUERY = 20;

  private final List<Integer> active = new ArrayList<>();
  private final Map<Integer, Integer> appended = new HashMap<>();
  private int nextKey = 1;

  ListAppendWorkload() {
    for (int i = 0; i < KEYS_ACTIVE; i++) active.add(nextKey++);
  }

  @Override
  public String name() {
    return "list-append";
  }

  @Override
  public List<String> setup() {
    return List.of("if (Collection.byName('Lists') == null) Collection.create({ name: 'Lists' }); 1");
  }

  @Override
  public synchronized Invocation<Txn> next(Random random) {
    int n = 1 + random.nextInt(MOPS_MAX);
    List<Mop> mops = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int slot = random.nextInt(active.size());
      int key = active.get(slot);
      if (random.nextBoolean()) {
        mops.add(new Mop.Read(key, null));
      } else {
        int count = appended.merge(key, 1, Integer::sum); // values 1, 2, 3... per key: unique
        mops.add(new Mop.Append(key, count));
        if (count >= APPENDS_PER_KEY) active.set(slot, nextKey++);
      }
    }
    return new Invocation<>("txn", new Txn(mops));
  }

  /** FQL for a transaction: appends create the list or extend it; the result lists each read's value. */
  static String fql(Txn txn) {
    StringBuilder q = new StringBuilder();
    List<String> results = new ArrayList<>();
    for (int i = 0; i < txn.mops().size(); i++) {
      switch (txn.mops().get(i)) {
        case Mop.Append a -> {
          String d = "d" + i;
          q.append("let ").append(d).append(" = Lists.byId('").append(a.key()).append("'); ")
              .append("if (").append(d).append(" == null) Lists.create({ id: '").append(a.key()).append("', v: [")
              .append(a.value()).append("] }) else ").append(d).append("!.update({ v: ").append(d).append("!.v.append(")
              .append(a.value()).append(") }); ");
          results.add("null");
        }
        case Mop.Read r -> {
          q.append("let r").append(i).append(" = Lists.byId('").append(r.key()).append("')?.v ?? []; ");
          results.add("r" + i);
        }
      }
    }
    return q.append("[").append(String.join(", ", results)).append("]").toString();
  }

  @Override
  public Completion<Txn> run(Queries client, Invocation<Txn> op) {
    Reply r = client.query(fql(op.value()));
    if (!(r instanceof Reply.Ok ok)) return Completion.of(r, op.value());
    JsonNode data = ok.data();
    List<Mop> done = new ArrayList<>();
    for (int i = 0; i < op.value().mops().size(); i++) {
      Mop m = op.value().mops().get(i);
      if (m instanceof Mop.Read read) {
        JsonNode list = data == null ? null : data.get(i);
        List<Long> values = new ArrayList<>();
        if (list != null) for (JsonNode v : list) values.add(v.asLong());
        done.add(new Mop.Read(read.key(), values));
      } else {
        done.add(m);
      }
    }
    return Completion.ok(new Txn(done));
  }

  @Override
  public synchronized List<Invocation<Txn>> finals() {
    List<Invocation<Txn>> out = new ArrayList<>();
    List<Mop> reads = new ArrayList<>();
    for (int key = 1; key < nextKey; key++) {
      reads.add(new Mop.Read(key, null));
      if (reads.size() == FINAL_KEYS_PER_QUERY || key == nextKey - 1) {
        out.add(new Invocation<>("txn", new Txn(reads)));
        reads = new ArrayList<>();
      }
    }
    return out;
  }

  @Override
  public Checker<Txn> checker() {
    return new ListAppendChecker();
  }

  @Override
  public Checker<Txn> checker(ReadMode mode) {
    return new ListAppendChecker(mode);
  }

  @Override
  public boolean checks(ReadMode mode) {
    return true;
  }

  @Override
  public String dumpQuery() {
    return "Lists.all().map(d => [d.id, d.v, d.ts]).toArray()";
  }
}
