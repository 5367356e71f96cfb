package io.faunus.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Set: unique elements added as documents of {@code Elements} (field {@code v}); one operation in
 * {@value #READ_EVERY} reads the whole set, and every node reads it once more after the faults stopped.
 */
final class SetWorkload implements Workload<SetOp> {
  static final int READ_EVERY = 10;
  /** Below the 16 000-element limit of {@code toArray()} (spec §8), so a read of the whole set never fails. */
  static final long ELEMENTS_MAX = 15_000;
  static final String READ_ALL = "Elements.all().map(x => x.v).toArray()";

  private long nextElement;

  @Override
  public String name() {
    return "set";
  }

  @Override
  public List<String> setup() {
    return List.of("if (Collection.byName('Elements') == null) Collection.create({ name: 'Elements' }); 1");
  }

  @Override
  public synchronized Invocation<SetOp> next(Random random) {
    if (random.nextInt(READ_EVERY) == 0) return new Invocation<>("read", new SetOp.Read(null, false));
    if (nextElement >= ELEMENTS_MAX) return null;
    return new Invocation<>("add", new SetOp.Add(nextElement++));
  }

  @Override
  public Completion<SetOp> run(Queries client, Invocation<SetOp> op) {
    return switch (op.value()) {
      case SetOp.Add a -> {
        Reply r = client.query("Elements.create({ v: " + a.element() + " }); null");
        yield r instanceof Reply.Ok ? Completion.ok(a) : Completion.of(r, a);
      }
      case SetOp.Read read -> {
        Reply r = client.query(READ_ALL);
        if (!(r instanceof Reply.Ok ok)) yield Completion.of(r, read);
        List<Long> elements = new ArrayList<>();
        if (ok.data() != null) for (JsonNode v : ok.data()) elements.add(v.asLong());
        yield Completion.ok(new SetOp.Read(elements, read.last()));
      }
    };
  }

  @Override
  public List<Invocation<SetOp>> finals() {
    return List.of(new Invocation<>("read", new SetOp.Read(null, true)));
  }

  @Override
  public Checker<SetOp> checker() {
    return new SetChecker();
  }

  @Override
  public String dumpQuery() {
    return "Elements.all().map(d => [d.id, d.v, d.ts]).toArray()";
  }
}
