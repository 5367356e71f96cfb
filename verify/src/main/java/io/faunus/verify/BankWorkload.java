package io.faunus.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Bank: transfers between {@value #ACCOUNTS} accounts that abort rather than overdraw, and reads of every
 * account in one query. Accounts are documents of {@code Accounts} with ids 1..n.
 */
final class BankWorkload implements Workload<BankOp> {
  static final int ACCOUNTS = 5;
  static final long INITIAL_BALANCE = 20;
  static final long AMOUNT_MAX = 5;

  private final List<Integer> ids = java.util.stream.IntStream.rangeClosed(1, ACCOUNTS).boxed().toList();

  @Override
  public String name() {
    return "bank";
  }

  @Override
  public List<String> setup() {
    String creates = ids.stream().map(i -> "Accounts.create({ id: '" + i + "', balance: " + INITIAL_BALANCE + " })")
        .collect(Collectors.joining("; "));
    return List.of("if (Collection.byName('Accounts') == null) Collection.create({ name: 'Accounts' }); 1",
        "if (Accounts.byId('1') == null) { " + creates + "; 1 } else 1");
  }

  @Override
  public Invocation<BankOp> next(Random random) {
    if (random.nextBoolean()) return new Invocation<>("read", new BankOp.Read(null));
    int from = ids.get(random.nextInt(ids.size()));
    int to;
    do {
      to = ids.get(random.nextInt(ids.size()));
    } while (to == from);
    return new Invocation<>("transfer", new BankOp.Transfer(from, to, 1 + random.nextInt((int) AMOUNT_MAX)));
  }

  @Override
  public Completion<BankOp> run(Queries client, Invocation<BankOp> op) {
    return switch (op.value()) {
      case BankOp.Transfer t -> {
        Reply r = client.query("let a = Accounts.byId('" + t.from() + "')!; let b = Accounts.byId('" + t.to() + "')!; "
            + "if (a.balance < " + t.amount() + ") abort('insufficient'); "
            + "a.update({ balance: a.balance - " + t.amount() + " }); b.update({ balance: b.balance + " + t.amount() + " }); null");
        yield r instanceof Reply.Ok ? Completion.ok(t) : Completion.of(r, t);
      }
      case BankOp.Read read -> {
        String list = ids.stream().map(i -> "'" + i + "'").collect(Collectors.joining(", "));
        Reply r = client.query("[" + list + "].map(id => Accounts.byId(id)?.balance)");
        if (!(r instanceof Reply.Ok ok)) yield Completion.of(r, read);
        Map<Integer, Long> balances = new LinkedHashMap<>();
        JsonNode data = ok.data();
        for (int i = 0; i < ids.size() && data != null && i < data.size(); i++) {
          if (data.get(i).isNumber()) balances.put(ids.get(i), data.get(i).asLong());
        }
        yield Completion.ok(new BankOp.Read(balances));
      }
    };
  }

  @Override
  public List<Invocation<BankOp>> finals() {
    return List.of(new Invocation<>("read", new BankOp.Read(null)));
  }

  @Override
  public Checker<BankOp> checker() {
    return new BankChecker(new ArrayList<>(ids), ACCOUNTS * INITIAL_BALANCE);
  }

  @Override
  public String dumpQuery() {
    return "Accounts.all().map(d => [d.id, d.balance, d.ts]).toArray()";
  }
}
