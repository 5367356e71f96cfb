package io.faunus.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Phantom: documents of {@code Items} with a group {@code g} and a unique {@code n}, and an index
 * {@code byGroup} on {@code g}. Clients insert into the current group only while the index shows fewer than
 * {@value #LIMIT} members, and read groups through the index; every {@value #OPS_PER_GROUP} operations move
 * on to a new group, so many inserts race for the last free places. Final reads cover every group.
 */
final class PhantomWorkload implements Workload<PhantomOp> {
  static final int LIMIT = 3;
  static final int OPS_PER_GROUP = 12;

  private long issued, nextElement;

  @Override
  public String name() {
    return "phantom";
  }

  @Override
  public List<String> setup() {
    return List.of("if (Collection.byName('Items') == null) Collection.create({ name: 'Items', indexes: "
        + "{ byGroup: { terms: [{ field: '.g' }], values: [{ field: '.n' }] } } }); 1");
  }

  @Override
  public synchronized Invocation<PhantomOp> next(Random random) {
    int group = (int) (issued++ / OPS_PER_GROUP);
    if (random.nextInt(4) == 0) return new Invocation<>("read", new PhantomOp.Read(group, null));
    return new Invocation<>("insert", new PhantomOp.Insert(group, nextElement++, null));
  }

  static String readGroup(int group) {
    return "Items.byGroup(" + group + ").map(x => x.n).toArray()";
  }

  @Override
  public Completion<PhantomOp> run(Queries client, Invocation<PhantomOp> op) {
    return switch (op.value()) {
      case PhantomOp.Insert i -> {
        Reply r = client.query("if (Items.byGroup(" + i.group() + ").count() < " + LIMIT + ") { Items.create({ g: "
            + i.group() + ", n: " + i.n() + " }); true } else false");
        if (!(r instanceof Reply.Ok ok)) yield Completion.of(r, i);
        yield Completion.ok(new PhantomOp.Insert(i.group(), i.n(), ok.data() != null && ok.data().asBoolean()));
      }
      case PhantomOp.Read read -> {
        Reply r = client.query(readGroup(read.group()));
        if (!(r instanceof Reply.Ok ok)) yield Completion.of(r, read);
        List<Long> elements = new ArrayList<>();
        if (ok.data() != null) for (JsonNode v : ok.data()) elements.add(v.asLong());
        yield Completion.ok(new PhantomOp.Read(read.group(), elements));
      }
    };
  }

  /** One read per group, each its own query (a read is the unit the checker knows). */
  @Override
  public synchronized List<Invocation<PhantomOp>> finals() {
    List<Invocation<PhantomOp>> out = new ArrayList<>();
    for (int g = 0; g <= issued / OPS_PER_GROUP; g++) out.add(new Invocation<>("read", new PhantomOp.Read(g, null)));
    return out;
  }

  @Override
  public Checker<PhantomOp> checker() {
    return new PhantomChecker(LIMIT);
  }

  @Override
  public String dumpQuery() {
    return "Items.all().map(d => [d.id, d.g, d.n, d.ts]).toArray()";
  }
}
