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
 *
 * <p>{@link Reads#SCAN} ({@code bank-scan}) reads the accounts through the collection scan
 * {@code Accounts.all()} instead of by id, and makes the scanned set change: a transfer to an id without an
 * account opens it, and a transfer that empties its source closes (deletes) it, over a pool of
 * {@value #SCAN_IDS} ids. A read that misses a document created, or still sees one deleted, by a transfer it
 * otherwise saw (a phantom the scan's read set must catch) sees a wrong total.
 */
final class BankWorkload implements Workload<BankOp> {
  static final int ACCOUNTS = 5;
  static final int SCAN_IDS = 8;
  static final long INITIAL_BALANCE = 20;
  /** Small, so that transfers of 1..{@value #AMOUNT_MAX} often empty (close) an account. */
  static final long SCAN_INITIAL_BALANCE = 4;
  static final long AMOUNT_MAX = 5;

  /** How reads find the accounts. */
  enum Reads {
    /** Every account by its id; the accounts never change. */
    BY_ID,
    /** {@code Accounts.all()}; accounts open and close. */
    SCAN
  }

  private final Reads reads;
  /** Accounts created by the setup. */
  private final List<Integer> initial = java.util.stream.IntStream.rangeClosed(1, ACCOUNTS).boxed().toList();
  /** Every id an account may have. */
  private final List<Integer> ids;
  private final long initialBalance;

  BankWorkload() {
    this(Reads.BY_ID);
  }

  BankWorkload(Reads reads) {
    this.reads = reads;
    this.ids = reads == Reads.SCAN ? java.util.stream.IntStream.rangeClosed(1, SCAN_IDS).boxed().toList() : initial;
    this.initialBalance = reads == Reads.SCAN ? SCAN_INITIAL_BALANCE : INITIAL_BALANCE;
  }

  @Override
  public String name() {
    return reads == Reads.SCAN ? "bank-scan" : "bank";
  }

  @Override
  public List<String> setup() {
    String creates = initial.stream().map(i -> "Accounts.create({ id: '" + i + "', balance: " + initialBalance + " })")
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
        Reply r = client.query(reads == Reads.SCAN ? openOrCloseTransfer(t) : transfer(t));
        yield r instanceof Reply.Ok ? Completion.ok(t) : Completion.of(r, t);
      }
      case BankOp.Read read -> {
        Reply r = client.query(reads == Reads.SCAN ? "Accounts.all().map(d => [d.id, d.balance]).toArray()" : readById());
        if (!(r instanceof Reply.Ok ok)) yield Completion.of(r, read);
        yield Completion.ok(new BankOp.Read(reads == Reads.SCAN ? scanned(ok.data()) : byId(ok.data())));
      }
    };
  }

  private static String transfer(BankOp.Transfer t) {
    return "let a = Accounts.byId('" + t.from() + "')!; let b = Accounts.byId('" + t.to() + "')!; "
        + "if (a.balance < " + t.amount() + ") abort('insufficient'); "
        + "a.update({ balance: a.balance - " + t.amount() + " }); b.update({ balance: b.balance + " + t.amount() + " }); null";
  }

  /** A transfer that opens its destination when it has no account, and closes its source when it empties it. */
  private static String openOrCloseTransfer(BankOp.Transfer t) {
    long amount = t.amount();
    return "let a = Accounts.byId('" + t.from() + "'); if (a == null) abort('no account'); "
        + "if (a!.balance < " + amount + ") abort('insufficient'); "
        + "let b = Accounts.byId('" + t.to() + "'); "
        + "if (b == null) Accounts.create({ id: '" + t.to() + "', balance: " + amount + " }) "
        + "else b!.update({ balance: b!.balance + " + amount + " }); "
        + "if (a!.balance == " + amount + ") a!.delete() else a!.update({ balance: a!.balance - " + amount + " }); null";
  }

  private String readById() {
    return "[" + ids.stream().map(i -> "'" + i + "'").collect(Collectors.joining(", ")) + "].map(id => Accounts.byId(id)?.balance)";
  }

  private Map<Integer, Long> byId(JsonNode data) {
    Map<Integer, Long> balances = new LinkedHashMap<>();
    for (int i = 0; i < ids.size() && data != null && i < data.size(); i++) {
      if (data.get(i).isNumber()) balances.put(ids.get(i), data.get(i).asLong());
    }
    return balances;
  }

  /** {@code [[id, balance], ...]}; an id that is not a number is kept as -1, which no account has. */
  private static Map<Integer, Long> scanned(JsonNode data) {
    Map<Integer, Long> balances = new LinkedHashMap<>();
    if (data == null) return balances;
    for (JsonNode pair : data) {
      int id = pair.path(0).asText().matches("[0-9]{1,9}") ? Integer.parseInt(pair.path(0).asText()) : -1;
      // A document seen twice by one scan would be a scan bug of its own: the second balance counts too.
      balances.merge(id, pair.path(1).asLong(), Long::sum);
    }
    return balances;
  }

  @Override
  public List<Invocation<BankOp>> finals() {
    return List.of(new Invocation<>("read", new BankOp.Read(null)));
  }

  @Override
  public Checker<BankOp> checker() {
    return new BankChecker(new ArrayList<>(ids), ACCOUNTS * initialBalance,
        reads == Reads.SCAN ? BankChecker.Accounts.OPEN_AND_CLOSE : BankChecker.Accounts.FIXED);
  }

  /** Reads at a node's applied time still see whole transfers: the total holds in either mode. */
  @Override
  public boolean checks(ReadMode mode) {
    return true;
  }

  @Override
  public String dumpQuery() {
    return "Accounts.all().map(d => [d.id, d.balance, d.ts]).toArray()";
  }
}
