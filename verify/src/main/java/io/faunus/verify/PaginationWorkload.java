package io.faunus.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Pagination: {@value #SLOTS} documents of {@code Pages} (one per slot, at id {@code slot} or
 * {@code slot + }{@value #MOVE_OFFSET}, value {@code v}); transfers between slots and moves of a slot's
 * document to its other id run while scans page through {@code Pages.all()} {@value #PAGE_SIZE} at a time,
 * following the cursor ({@code Set.paginate(after)}) with one query per page.
 */
final class PaginationWorkload implements Workload<PageOp> {
  static final int SLOTS = 30;
  static final int MOVE_OFFSET = 1000;
  static final long INITIAL_VALUE = 10;
  static final int PAGE_SIZE = 7;
  /** A scan of SLOTS documents needs SLOTS / PAGE_SIZE + 1 pages; more means the cursor loops. */
  static final int PAGES_MAX = 20;

  @Override
  public String name() {
    return "pagination";
  }

  @Override
  public List<String> setup() {
    String creates = IntStream.rangeClosed(1, SLOTS).mapToObj(i -> "Pages.create({ id: '" + i + "', v: " + INITIAL_VALUE + " })")
        .collect(Collectors.joining("; "));
    return List.of("if (Collection.byName('Pages') == null) Collection.create({ name: 'Pages' }); 1",
        "if (Pages.byId('1') == null && Pages.byId('" + (1 + MOVE_OFFSET) + "') == null) { " + creates + "; 1 } else 1");
  }

  @Override
  public Invocation<PageOp> next(Random random) {
    int dice = random.nextInt(3);
    if (dice == 0) return new Invocation<>("scan", new PageOp.Scan(null, null, 0));
    int a = 1 + random.nextInt(SLOTS);
    if (dice == 1) return new Invocation<>("move", new PageOp.Move(a));
    int b;
    do {
      b = 1 + random.nextInt(SLOTS);
    } while (b == a);
    return new Invocation<>("transfer", new PageOp.Transfer(a, b, 1 + random.nextInt(5)));
  }

  /** The slot's document, wherever it lives. */
  private static String doc(int slot) {
    return "(Pages.byId('" + slot + "') ?? Pages.byId('" + (slot + MOVE_OFFSET) + "'))";
  }

  @Override
  public Completion<PageOp> run(Queries client, Invocation<PageOp> op) {
    return switch (op.value()) {
      case PageOp.Transfer t -> write(client, t, "let a = " + doc(t.from()) + "!; let b = " + doc(t.to()) + "!; "
          + "if (a.v < " + t.amount() + ") abort('insufficient'); a.update({ v: a.v - " + t.amount() + " }); "
          + "b.update({ v: b.v + " + t.amount() + " }); null");
      case PageOp.Move m -> write(client, m, "let a = Pages.byId('" + m.slot() + "'); let b = Pages.byId('"
          + (m.slot() + MOVE_OFFSET) + "'); if (a != null) { Pages.create({ id: '" + (m.slot() + MOVE_OFFSET)
          + "', v: a!.v }); a!.delete() } else { Pages.create({ id: '" + m.slot() + "', v: b!.v }); b!.delete() }; null");
      case PageOp.Scan s -> scan(client, s);
    };
  }

  private static Completion<PageOp> write(Queries client, PageOp op, String fql) {
    Reply r = client.query(fql);
    return r instanceof Reply.Ok ? Completion.ok(op) : Completion.of(r, op);
  }

  private static Completion<PageOp> scan(Queries client, PageOp.Scan invoked) {
    List<Long> ids = new ArrayList<>(), values = new ArrayList<>();
    String query = "Pages.all().map(d => [d.id, d.v]).paginate(" + PAGE_SIZE + ")";
    for (int page = 1; page <= PAGES_MAX; page++) {
      Reply r = client.query(query);
      // A scan only reads: whatever went wrong, it changed nothing, so it fails rather than stays unknown.
      if (!(r instanceof Reply.Ok ok)) return new Completion<>(Op.Type.FAIL, invoked, "page " + page + ": " + r);
      for (JsonNode pair : ok.data().path("data")) {
        ids.add(pair.get(0).asLong());
        values.add(pair.get(1).asLong());
      }
      JsonNode after = ok.data().get("after");
      if (after == null || after.isNull()) return Completion.ok(new PageOp.Scan(ids, values, page));
      query = "Set.paginate('" + after.asText().replace("\\", "\\\\").replace("'", "\\'") + "')";
    }
    return new Completion<>(Op.Type.FAIL, invoked, "more than " + PAGES_MAX + " pages");
  }

  @Override
  public List<Invocation<PageOp>> finals() {
    return List.of(new Invocation<>("scan", new PageOp.Scan(null, null, 0)));
  }

  @Override
  public Checker<PageOp> checker() {
    return new PaginationChecker(SLOTS, MOVE_OFFSET, SLOTS * INITIAL_VALUE);
  }

  @Override
  public String dumpQuery() {
    return "Pages.all().map(d => [d.id, d.v, d.ts]).toArray()";
  }
}
