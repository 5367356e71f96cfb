package io.faunus.model.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.faunus.fql.Parser;
import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.model.eval.Cursors;
import io.faunus.model.eval.DocAccess;
import io.faunus.model.eval.Env;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryError;
import io.faunus.model.set.ArraySet;
import io.faunus.model.set.LazySet;
import io.faunus.model.set.Pages;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Self-contained cursors: every set kind survives encode → decode, and tokens cannot be forged or moved. */
class CursorTokensTest {
  static final Instant NOW = Instant.parse("2024-05-06T07:08:09.123456Z");
  static final long NOW_MICROS = 1714979289123456L;
  final CursorTokens tokens = new CursorTokens(CursorTokens.newKey());

  /** One query in database {@code db} with template values {@code placeholders}, at {@link #NOW}. */
  Interp query(long db, List<Value> placeholders, String fql) {
    EvalContext ctx = new EvalContext(placeholders, System.nanoTime(), 60_000, NOW, () -> 1L,
        tokens.forDatabase(db), EvalContext.Schema.NONE, DocAccess.NONE);
    return new Interp(ctx, Source.query(fql));
  }

  Value eval(Interp in) {
    return in.eval(Parser.parseQuery(in.source()), Env.EMPTY);
  }

  static List<Value> all(Interp in, LazySet s) {
    List<Value> out = new ArrayList<>();
    for (Iterator<Value> it = s.iterator(in); it.hasNext(); ) out.add(it.next());
    return out;
  }

  /** Every element of the set {@code fql}, read page by page through cursors, each page in a new query. */
  List<Value> paged(List<Value> placeholders, String fql, int size) {
    Interp first = query(0, placeholders, fql);
    ObjectV page = Pages.pageObject(first, (LazySet) eval(first), 0, size, NOW_MICROS);
    List<Value> out = new ArrayList<>(((ArrayV) page.get("data")).elems());
    for (int pages = 0; page.get("after") instanceof StrV after; pages++) {
      assertThat(pages).as("pages of %s", fql).isLessThan(100);
      // A later query with other template values: the cursor carries what it needs.
      Interp next = query(0, List.of(new StrV("unrelated")), "Set.paginate(\"" + after.value() + "\")");
      page = (ObjectV) eval(next);
      out.addAll(((ArrayV) page.get("data")).elems());
    }
    return out;
  }

  void roundTrips(List<Value> placeholders, String fql) {
    Interp in = query(0, placeholders, fql);
    List<Value> expected = all(in, (LazySet) eval(in));
    assertThat(expected).as(fql).isNotEmpty();
    for (int size : new int[] {1, 2, 5}) {
      List<Value> got = paged(placeholders, fql, size);
      assertThat(got).as("%s by %d", fql, size).hasSameSizeAs(expected);
      for (int i = 0; i < got.size(); i++) {
        assertThat(Values.equal(got.get(i), expected.get(i))).as("%s [%d]: %s vs %s", fql, i, got.get(i), expected.get(i)).isTrue();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[1, 'two', 3.5, null, [4], { five: 5 }, Time('2024-01-01T00:00:00Z')].toSet()",
      "Set.sequence(0, 7)",
      "Set.sequence(0, 7).reverse()",
      "Set.single({ a: [1, 2] })",
      "Set.sequence(0, 7).map(x => x * 2)",
      "Set.sequence(0, 9).where(x => x % 3 != 0)",
      "Set.sequence(0, 4).flatMap(x => Set.sequence(0, x))",
      "Set.sequence(0, 4).flatMap(x => Set.sequence(0, x)).reverse()",
      "Set.sequence(0, 9).take(5)",
      "Set.sequence(0, 9).drop(3)",
      "Set.sequence(0, 9).pageSize(4)",
      "Set.sequence(0, 3).concat([7, 8].toSet())",
      "Set.sequence(0, 9).take(6).reverse()",
      "[3, 1, 3, 2, 1].toSet().distinct()",
      "[3, 1, 2].toSet().order()",
      "[{ a: 2, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'a' }].toSet().order(desc(.a), asc(o => o.b))",
      "[{ a: 1, b: 2 }, { a: 3, b: 4 }].toSet() { a, c: .b + 1 }",
      "[{ a: { b: 1, c: 2 } }, { a: { b: 3, c: 4 } }].toSet() { a { b } }",
      "[{ a: 1 }, { a: 2 }, { a: 3 }].toSet().map(.a)",
      "Set.sequence(-3, 3).map(Math.abs)",
      "['a', 'b', 'c'].toSet().map('x'.concat)",
      "let m = Math; Set.sequence(0, 3).map(x => m.abs(x - 5))",
      "let k = 10; let f = x => x + k; Set.sequence(0, 5).map(x => f(x))",
      "Set.sequence(0, 5).map(x => { let g = y => y * x; g(2) })",
      "Set.sequence(0, 5).map(x => y => x + y).map(g => g(100))",
      "let s = Set.sequence(0, 3).map(x => x * 10); Set.sequence(0, 3).flatMap(_ => s)",
      "let s = Set.sequence(0, 3).map(x => x * 10); s.concat(s).concat(s)",
      "let shadow = 1; Set.sequence(0, 3).map(shadow => shadow + 1)",
      "let a = 5; Set.sequence(0, 3).map(x => { let a = x; a * 2 })",
      "let o = { f: x => x * 3, n: 2 }; Set.sequence(0, 4).map(x => o.f(x) + o.n)",
      "Set.sequence(0, 4).map((...xs) => xs[0])",
      "let t = 'pre'; Set.sequence(0, 3).map(x => \"#{t}-#{x}\")",
      "let s = [[1, 2].toSet(), [3].toSet()]; Set.sequence(0, 2).flatMap(i => s[i])",
  })
  void everySetKindRoundTrips(String fql) {
    roundTrips(List.of(), fql);
  }

  @Test
  void templateValuesAreCapturedWithTheFunctionsThatUseThem() {
    String ph0 = Parser.PLACEHOLDER + "0>", ph1 = Parser.PLACEHOLDER + "1>";
    List<Value> vals = List.of(new IntV(100), new StrV("x"));
    roundTrips(vals, "Set.sequence(0, 5).map(x => x + " + ph0 + ")");
    roundTrips(vals, "Set.sequence(0, 5).map(x => [x, " + ph1 + ", " + ph0 + ", " + ph1 + "])");
    // The fresh names never collide with identifiers of the text.
    roundTrips(vals, "let tv_0 = 7; Set.sequence(0, 3).map(x => x + tv_0 + " + ph0 + ")");
    roundTrips(vals, "Set.sequence(0, 3).map(x => Set.sequence(0, 2).map(y => y + " + ph0 + ")).flatMap(s => s)");
    roundTrips(vals, "[{ a: 1 }].toSet() { a, b: " + ph1 + " }");
    // The template value used as the set's source is captured as the array set's elements.
    roundTrips(List.of(new ArrayV(List.of(new IntV(1), new IntV(2), new IntV(3)))), ph0 + ".toSet().map(x => -x)");
  }

  @Test
  void placeholderRenamingKeepsTokensApart() {
    String ph = Parser.PLACEHOLDER + "3>";
    assertThat(SetCodec.renamePlaceholder("x isa" + ph + "y", 3, "tv_3")).isEqualTo("x isa tv_3 y");
    assertThat(SetCodec.renamePlaceholder(ph + ".a + " + Parser.PLACEHOLDER + "30>", 3, "tv_3"))
        .isEqualTo("tv_3.a + " + Parser.PLACEHOLDER + "30>");
  }

  String cursorOf(long db, String fql) {
    Interp in = query(db, List.of(), fql);
    return in.ctx().cursors().issue(in, (SetV) eval(in), 2, 2, NOW_MICROS);
  }

  QueryError resolveFails(long db, String cursor) {
    Interp in = query(db, List.of(), "1");
    QueryError e = catchThrowableOfType(QueryError.class, () -> in.ctx().cursors().resolve(in, cursor, Span.NONE));
    assertThat(e).as("resolving %s", cursor).isNotNull();
    assertThat(e.code().wire()).isEqualTo("invalid_cursor");
    assertThat(e.getMessage()).isEqualTo("Cursor cursor is invalid or expired.");
    return e;
  }

  @Test
  void aValidCursorResolvesToItsPosition() {
    String c = cursorOf(7, "Set.sequence(0, 10).map(x => x + 1)");
    Interp in = query(7, List.of(), "1");
    Cursors.Position p = in.ctx().cursors().resolve(in, c, Span.NONE);
    assertThat(p.offset()).isEqualTo(2);
    assertThat(p.pageSize()).isEqualTo(2);
    assertThat(p.snapshotMicros()).isEqualTo(NOW_MICROS);
    assertThat(all(in, (LazySet) p.set())).hasSize(10);
  }

  @Test
  void everyFlippedByteIsRejected() {
    String c = cursorOf(0, "let k = 3; Set.sequence(0, 10).map(x => x + k)");
    byte[] raw = Base64.getUrlDecoder().decode(c);
    for (int i = 0; i < raw.length; i++) {
      byte[] t = raw.clone();
      t[i] ^= 0x01;
      resolveFails(0, Base64.getUrlEncoder().withoutPadding().encodeToString(t));
    }
    resolveFails(0, c.substring(0, c.length() - 1));
    resolveFails(0, c + "AA");
    resolveFails(0, "not a cursor!");
    resolveFails(0, "");
  }

  @Test
  void aCursorOfAnotherDatabaseOrKeyIsRejected() {
    String c = cursorOf(1, "Set.sequence(0, 10)");
    resolveFails(2, c);
    CursorTokens other = new CursorTokens(CursorTokens.newKey());
    Interp in = query(1, List.of(), "1");
    assertThat(catchThrowableOfType(QueryError.class,
        () -> other.forDatabase(1).resolve(in, c, Span.NONE)).code().wire()).isEqualTo("invalid_cursor");
  }

  @Test
  void aCursorOlderThanTheRetentionWindowIsRejected() {
    Interp in = query(0, List.of(), "Set.sequence(0, 10)");
    SetV s = (SetV) eval(in);
    String fresh = in.ctx().cursors().issue(in, s, 2, 2, NOW_MICROS - CursorTokens.RETENTION_MICROS + 1_000_000);
    String old = in.ctx().cursors().issue(in, s, 2, 2, NOW_MICROS - CursorTokens.RETENTION_MICROS - 1);
    Interp later = query(0, List.of(), "1");
    assertThat(later.ctx().cursors().resolve(later, fresh, Span.NONE).offset()).isEqualTo(2);
    resolveFails(0, old);
  }

  @Test
  void oversizedAndUncarryableSetsFailClearly() {
    Interp in = query(0, List.of(), "1");
    List<Value> big = new ArrayList<>();
    for (int i = 0; i < 20; i++) big.add(new StrV("x".repeat(100_000)));
    QueryError tooLarge = catchThrowableOfType(QueryError.class,
        () -> in.ctx().cursors().issue(in, new ArraySet(big), 0, 16, NOW_MICROS));
    assertThat(tooLarge.code().wire()).isEqualTo("value_too_large");
    EventSourceV stream = () -> "token";
    QueryError uncarryable = catchThrowableOfType(QueryError.class,
        () -> in.ctx().cursors().issue(in, new ArraySet(List.of(stream)), 0, 16, NOW_MICROS));
    assertThat(uncarryable.code().wire()).isEqualTo("invalid_type");
  }

  @Test
  @org.junit.jupiter.api.Timeout(60) // generous: encoding the 2^40-leaf trees whole ran out of memory
  void setsCapturingValuesDoubledBySharingStopAtTheTokenLimit() {
    for (String fql : List.of(
        "[Set.sequence(0, 40).fold([1], (o, i) => [o, o])].toSet()", // stored form (ValueSerde)
        "[Set.sequence(0, 40).fold([x => x], (o, i) => [o, o])].toSet()", // holds functions: written part by part
        "let o = Set.sequence(0, 40).fold({ a: 1 }, (o, i) => { x: o, y: o })\nSet.single(1).map(x => o)")) {
      Interp in = query(0, List.of(), fql);
      SetV s = (SetV) eval(in);
      QueryError e = catchThrowableOfType(QueryError.class, () -> in.ctx().cursors().issue(in, s, 0, 1, NOW_MICROS));
      assertThat(e).as(fql).isNotNull();
      assertThat(e.code().wire()).isEqualTo("value_too_large");
    }
  }

  @Test
  void arraySetCursorsOnlyCarryWhatIsLeft() {
    Interp in = query(0, List.of(), "Array.sequence(0, 1000).toSet().map(x => x + 1)");
    SetV s = (SetV) eval(in);
    String early = in.ctx().cursors().issue(in, s, 10, 10, NOW_MICROS);
    String late = in.ctx().cursors().issue(in, s, 990, 10, NOW_MICROS);
    assertThat(late.length()).isLessThan(early.length() / 10);
    Interp next = query(0, List.of(), "1");
    Cursors.Position p = next.ctx().cursors().resolve(next, late, Span.NONE);
    assertThat(Pages.page(next, (LazySet) p.set(), p.offset(), 100).data())
        .containsExactly(Array(991, 1001));
  }

  private static Value[] Array(int from, int until) {
    Value[] out = new Value[until - from];
    for (int i = from; i < until; i++) out[i - from] = new IntV(i);
    return out;
  }
}
