package io.faunus.verify;

import java.util.List;
import java.util.Random;

/**
 * Register: reads, writes and compare-and-sets of small values on a few registers at a time, documents of
 * {@code Registers} (id = key, field {@code v}). Every {@value #OPS_PER_GENERATION} operations the clients
 * move on to {@value #KEYS_ACTIVE} fresh keys, which keeps each key's history short enough for the
 * linearizability search.
 */
final class RegisterWorkload implements Workload<RegisterOp> {
  static final int KEYS_ACTIVE = 3;
  static final int OPS_PER_GENERATION = 150;
  static final int VALUES = 5;

  private long issued;

  @Override
  public String name() {
    return "register";
  }

  @Override
  public List<String> setup() {
    return List.of("if (Collection.byName('Registers') == null) Collection.create({ name: 'Registers' }); 1");
  }

  @Override
  public synchronized Invocation<RegisterOp> next(Random random) {
    int key = (int) (issued++ / OPS_PER_GENERATION) * KEYS_ACTIVE + 1 + random.nextInt(KEYS_ACTIVE);
    int dice = random.nextInt(4);
    if (dice < 2) return new Invocation<>("read", new RegisterOp.Read(key, null));
    if (dice == 2) return new Invocation<>("write", new RegisterOp.Write(key, random.nextInt(VALUES)));
    return new Invocation<>("cas", new RegisterOp.Cas(key, random.nextInt(VALUES), random.nextInt(VALUES)));
  }

  @Override
  public Completion<RegisterOp> run(Queries client, Invocation<RegisterOp> op) {
    String doc = "Registers.byId('" + op.value().key() + "')";
    return switch (op.value()) {
      case RegisterOp.Read r -> {
        Reply reply = client.query(doc + "?.v");
        if (!(reply instanceof Reply.Ok ok)) yield Completion.of(reply, r);
        yield Completion.ok(new RegisterOp.Read(r.key(), ok.data() == null || ok.data().isNull() ? null : ok.data().asInt()));
      }
      case RegisterOp.Write w -> {
        Reply reply = client.query("let d = " + doc + "; if (d == null) Registers.create({ id: '" + w.key() + "', v: "
            + w.value() + " }) else d!.update({ v: " + w.value() + " }); null");
        yield reply instanceof Reply.Ok ? Completion.ok(w) : Completion.of(reply, w);
      }
      case RegisterOp.Cas c -> {
        Reply reply = client.query("let d = " + doc + "; if (d != null && d!.v == " + c.expected() + ") { d!.update({ v: "
            + c.value() + " }); true } else false");
        if (reply instanceof Reply.Ok ok) {
          yield ok.data() != null && ok.data().asBoolean() ? Completion.ok(c)
              : new Completion<>(Op.Type.FAIL, c, "the register did not hold " + c.expected());
        }
        yield Completion.of(reply, c);
      }
    };
  }

  @Override
  public List<Invocation<RegisterOp>> finals() {
    return List.of();
  }

  @Override
  public Checker<RegisterOp> checker() {
    return new RegisterChecker(RegisterChecker.DEFAULT_STEPS_MAX);
  }

  @Override
  public Checker<RegisterOp> checker(ReadMode mode) {
    return new RegisterChecker(RegisterChecker.DEFAULT_STEPS_MAX, mode);
  }

  @Override
  public boolean checks(ReadMode mode) {
    return true;
  }

  @Override
  public String dumpQuery() {
    return "Registers.all().map(d => [d.id, d.v, d.ts]).toArray()";
  }
}
