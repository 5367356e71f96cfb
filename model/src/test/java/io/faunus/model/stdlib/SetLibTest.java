package io.faunus.model.stdlib;

import static io.faunus.model.stdlib.Fql.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.fql.Span;
import io.faunus.model.eval.Module;
import io.faunus.model.set.LazySet;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Set members and the Set module (spec §4.3), mirroring FQL2SetSpec / FQL2PaginationSpec / FQL2IterableSpec. */
class SetLibTest {
  private final Fql q = new Fql();

  private static void assertValue(Value actual, Value expected) {
    assertThat(Values.equal(actual, expected)).as("%s == %s", actual, expected).isTrue();
  }

  private Value seq(long from, long until) {
    return q.callStatic("Set", "sequence", i(from), i(until));
  }

  private Value toArray(Value set) {
    return q.call(set, "toArray");
  }

  private static Value data(Value page) {
    return ((ObjectV) page).get("data");
  }

  private static Value after(Value page) {
    return ((ObjectV) page).fields().get("after");
  }

  @Test
  void singleAndSequence() {
    assertValue(toArray(q.callStatic("Set", "single", i(0))), ints(0));
    assertValue(toArray(seq(0, 4)), ints(0, 1, 2, 3));
    assertValue(toArray(seq(4, 0)), arr());
    Module set = (Module) Builtins.global("Set");
    assertThat(set.isInstance(q.in, seq(0, 1))).isTrue();
    assertThat(set.isInstance(q.in, arr())).isFalse();
  }

  @Test
  void paginateConvertsToAPlainPageObject() {
    Value page = q.call(q.call(arr(), "toSet"), "paginate");
    assertThat(page).isInstanceOf(ObjectV.class);
    assertThat(((ObjectV) page).fields()).containsOnlyKeys("data");
    assertValue(data(page), arr());
    assertValue(data(q.call(seq(0, 4), "paginate", i(4))), ints(0, 1, 2, 3));
    assertThat(after(q.call(seq(0, 4), "paginate", i(4)))).as("no after on the last page").isNull();
  }

  @Test
  void twentyElementsPageAs16Then4() {
    Value set = q.call(ints(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19), "toSet");
    Value p1 = q.call(set, "paginate");
    assertThat(((ArrayV) data(p1)).elems()).hasSize(16);
    assertThat(after(p1)).isInstanceOf(StrV.class);
    var pos = q.ctx.cursors.resolve(q.in, ((StrV) after(p1)).value(), Span.NONE);
    assertThat(pos.offset()).isEqualTo(16);
    assertThat(pos.pageSize()).isEqualTo(16);
    assertThat(pos.snapshotMicros()).isEqualTo(1704164645123456L);

    Value p2 = q.callStatic("Set", "paginate", after(p1));
    assertValue(data(p2), ints(16, 17, 18, 19));
    assertThat(after(p2)).isNull();
  }

  @Test
  void cursorsEmbedThePageSizeAndCanBeResized() {
    Value set = q.call(ints(1, 2, 3), "toSet");
    Value p1 = q.call(set, "paginate", i(1));
    Value p2 = q.callStatic("Set", "paginate", after(p1));
    Value p3 = q.callStatic("Set", "paginate", after(p2));
    assertValue(q.call(arr(data(p1), data(p2), data(p3)), "flatten"), ints(1, 2, 3));
    assertThat(after(p3)).isNull();

    Value p2big = q.callStatic("Set", "paginate", after(p1), i(5));
    assertValue(data(p2big), ints(2, 3));
  }

  @Test
  void paginationKeepsTheOriginalSnapshot() {
    Value p1 = q.call(seq(0, 10), "paginate", i(3));
    Value p2 = q.callStatic("Set", "paginate", after(p1));
    var pos = q.ctx.cursors.resolve(q.in, ((StrV) after(p2)).value(), Span.NONE);
    assertThat(pos.offset()).isEqualTo(6);
    assertThat(pos.snapshotMicros()).isEqualTo(1704164645123456L);
  }

  @Test
  void pageSizeBounds() {
    for (long bad : new long[] {0, -1, 100001}) {
      assertError(() -> q.call(seq(0, 3), "paginate", i(bad)), "invalid_bounds",
          "expected `size` to be between 1 and 16000 (inclusive), received " + bad);
      assertError(() -> q.call(seq(0, 3), "pageSize", i(bad)), "invalid_bounds",
          "expected `size` to be between 1 and 16000 (inclusive), received " + bad);
    }
    Value p1 = q.call(seq(0, 3), "paginate", i(1));
    assertError(() -> q.callStatic("Set", "paginate", after(p1), i(0)), "invalid_bounds",
        "expected `size` to be between 1 and 16000 (inclusive), received 0");
    assertError(() -> q.callStatic("Set", "paginate", i(1)), "invalid_argument",
        "expected value for `cursor` of type String, received Int");
    assertError(() -> q.callStatic("Set", "paginate", s("nope")), "invalid_cursor",
        "Cursor cursor is invalid or expired.");
  }

  @Test
  void pageSizeIsUsedByPaginateAndSurvivesLazyOps() {
    Value paged = q.call(seq(0, 10), "pageSize", i(2));
    assertThat(((LazySet) paged).pageSize()).isEqualTo(2);
    Value mapped = q.call(q.call(paged, "map", fn1(v -> v).fn), "where", fn1(v -> BoolV.TRUE).fn);
    Value p = q.call(mapped, "paginate");
    assertValue(data(p), ints(0, 1));
    assertThat(q.ctx.cursors.resolve(q.in, ((StrV) after(p)).value(), Span.NONE).pageSize()).isEqualTo(2);
  }

  @Test
  @Timeout(5)
  void whereMapTakeAreLazy() {
    Value huge = seq(0, 1_000_000_000);
    var even = fn1(v -> BoolV.of(asLong(v) % 2 == 0));
    var square = fn1(v -> i(asLong(v) * asLong(v)));
    Value chain = q.call(q.call(q.call(huge, "where", even.fn), "map", square.fn), "take", i(3));
    assertThat(even.calls).as("building the chain runs nothing").hasValue(0);
    assertValue(q.call(chain, "toArray"), ints(0, 4, 16));
    assertThat(even.calls).hasValue(5);
    assertThat(square.calls).hasValue(3);

    assertValue(data(q.call(chain, "paginate")), ints(0, 4, 16));
    assertThat(square.calls).as("the page stops at the take limit").hasValue(6);
    assertValue(q.call(huge, "first"), i(0));
    assertValue(q.call(huge, "last"), i(999_999_999));
    assertThat(q.call(huge, "isEmpty")).isEqualTo(BoolV.FALSE);
    assertThat(q.call(huge, "any", fn1(v -> BoolV.of(asLong(v) == 3)).fn)).isEqualTo(BoolV.TRUE);
  }

  @Test
  void takeAndDrop() {
    assertValue(toArray(q.call(seq(0, 5), "take", i(2))), ints(0, 1));
    assertValue(toArray(q.call(seq(0, 5), "take", i(0))), arr());
    assertValue(toArray(q.call(seq(0, 5), "drop", i(3))), ints(3, 4));
    assertValue(toArray(q.call(seq(0, 5), "drop", i(-3))), ints(0, 1, 2, 3, 4));
    assertValue(toArray(q.call(q.call(seq(0, 10), "drop", i(2)), "take", i(3))), ints(2, 3, 4));
    assertError(() -> q.call(seq(0, 5), "take", i(-1)), "invalid_bounds",
        "expected `limit` to be greater than 0, received -1");
  }

  @Test
  void takePaginatesAcrossPages() {
    Value set = q.call(seq(0, 100), "take", i(5));
    Value p1 = q.call(set, "paginate", i(2));
    Value p2 = q.callStatic("Set", "paginate", after(p1));
    Value p3 = q.callStatic("Set", "paginate", after(p2));
    assertValue(q.call(arr(data(p1), data(p2), data(p3)), "flatten"), ints(0, 1, 2, 3, 4));
    assertThat(after(p3)).isNull();
  }

  @Test
  void reverseConcatFlatMap() {
    assertValue(toArray(q.call(seq(0, 4), "reverse")), ints(3, 2, 1, 0));
    assertValue(toArray(q.call(q.call(seq(0, 4), "reverse"), "reverse")), ints(0, 1, 2, 3));
    Value cat = q.call(seq(0, 2), "concat", q.call(ints(7, 8), "toSet"));
    assertValue(toArray(cat), ints(0, 1, 7, 8));
    assertValue(toArray(q.call(cat, "reverse")), ints(8, 7, 1, 0));
    assertError(() -> q.call(seq(0, 2), "concat", ints(1)), "invalid_argument",
        "expected value for `other` of type Set<Any>, received Array");

    var upTo = fn1(n -> seq(0, asLong(n)));
    Value fm = q.call(seq(1, 4), "flatMap", upTo.fn);
    assertValue(toArray(fm), ints(0, 0, 1, 0, 1, 2));
    assertValue(toArray(q.call(fm, "reverse")), ints(2, 1, 0, 1, 0, 0));
    assertError(() -> toArray(q.call(seq(1, 4), "flatMap", fn1(n -> ints(1)).fn)), "type_mismatch",
        "expected type: Set<Any>, received Array");
    assertError(() -> q.call(seq(1, 4), "flatMap", arity(2)), "invalid_argument",
        "`mapper` should accept 1 parameter, provided function requires exactly 2 parameters.");
  }

  @Test
  void takeOfReverseMaterializesButStaysCorrect() {
    Value set = q.call(q.call(q.call(seq(0, 10), "take", i(4)), "reverse"), "take", i(2));
    assertValue(toArray(set), ints(3, 2));
  }

  @Test
  void whereErrors() {
    assertError(() -> q.call(seq(0, 2), "where", arity(0)), "invalid_argument",
        "`pred` should accept 1 parameter, provided function requires no parameters.");
    Value bad = q.call(seq(0, 2), "where", fn1(v -> s("yes")).fn);
    assertError(() -> toArray(bad), "type_mismatch", "expected type: Boolean, received String");
    assertValue(toArray(q.call(seq(0, 3), "where", fn1(v -> NullV.NULL).fn)), arr());
    assertError(() -> q.call(seq(0, 2), "map", arity(2)), "invalid_argument",
        "`mapper` should accept 1 parameter, provided function requires exactly 2 parameters.");
    assertError(() -> q.call(seq(0, 2), "forEach", arity(2)), "invalid_argument",
        "`func` should accept 1 parameter, provided function requires exactly 2 parameters.");
  }

  @Test
  void orderIsStableAndReversible() {
    Value people = q.call(arr(obj("n", s("a"), "age", i(30)), obj("n", s("b"), "age", i(20)),
        obj("n", s("c"), "age", i(30)), obj("n", s("d"), "age", i(20))), "toSet");
    var age = fn1(o -> ((ObjectV) o).get("age"));
    var name = fn1(o -> ((ObjectV) o).get("n"));
    Value byAge = q.call(people, "order", age.fn);
    assertValue(toArray(q.call(byAge, "map", name.fn)), strs("b", "d", "a", "c"));
    assertValue(toArray(q.call(q.call(people, "order", obj("desc", age.fn)), "map", name.fn)),
        strs("a", "c", "b", "d"));
    // Reversal flips the direction; ties keep input order (Fauna).
    assertValue(toArray(q.call(q.call(byAge, "reverse"), "map", name.fn)), strs("a", "c", "b", "d"));
    assertValue(toArray(q.call(q.call(seq(0, 3), "order"), "reverse")), ints(2, 1, 0));
    assertValue(toArray(q.call(q.call(ints(3, 1, 2), "toSet"), "order")), ints(1, 2, 3));
  }

  @Test
  void materializationIsCapped() {
    assertThat(((ArrayV) toArray(seq(0, 16000))).elems()).hasSize(16000);
    for (String m : List.of("toArray", "order", "distinct", "reverse")) {
      assertError(() -> {
        Value s = m.equals("toArray") ? toArray(seq(0, 16001))
            : toArray(q.call(q.call(seq(0, 16001), "where", fn1(v -> BoolV.TRUE).fn), m));
      }, "value_too_large", "Value too large: exceeded maximum number of elements (limit=16000).");
    }
  }

  @Test
  void distinctSortsAndDeduplicates() {
    Value set = q.call(arr(i(3), s("x"), i(1), i(3), s("x")), "toSet");
    assertValue(toArray(q.call(set, "distinct")), arr(i(1), i(3), s("x")));
  }

  @Test
  void eagerMembers() {
    Value set = q.call(ints(1, 2, 3, 4), "toSet");
    var plus = fn2(Fql::plus);
    assertValue(q.call(set, "count"), i(4));
    assertValue(q.call(set, "fold", i(10), plus.fn), i(20));
    assertValue(q.call(set, "aggregate", i(0), plus.fn), i(10));
    assertValue(q.call(q.call(arr(), "toSet"), "aggregate", i(0), plus.fn), i(0));
    var concat = fn2((a, b) -> s(((StrV) a).value() + ((StrV) b).value()));
    Value words = q.call(strs("a", "bc", "def"), "toSet");
    assertValue(q.call(words, "foldRight", s("S"), concat.fn), s("Sdefbca"));
    assertValue(q.call(words, "reduce", concat.fn), s("abcdef"));
    assertValue(q.call(words, "reduceRight", concat.fn), s("defbca"));
    assertThat(q.call(q.call(arr(), "toSet"), "reduce", concat.fn)).isInstanceOf(NullV.class);
    assertError(() -> q.call(words, "fold", s("S"), arity(1)), "invalid_argument",
        "`reducer` should accept 2 parameters, provided function requires exactly 1 parameter.");

    assertThat(q.call(set, "includes", i(3))).isEqualTo(BoolV.TRUE);
    assertThat(q.call(set, "includes", i(9))).isEqualTo(BoolV.FALSE);
    var odd = fn1(v -> BoolV.of(asLong(v) % 2 == 1));
    assertValue(q.call(set, "firstWhere", odd.fn), i(1));
    assertValue(q.call(set, "lastWhere", odd.fn), i(3));
    assertThat(q.call(set, "every", odd.fn)).isEqualTo(BoolV.FALSE);
    assertThat(q.call(set, "any", fn1(v -> NullV.NULL).fn)).isEqualTo(BoolV.FALSE);
    assertThat(q.call(q.call(arr(), "toSet"), "first")).isInstanceOf(NullV.class);
    assertThat(q.call(q.call(arr(), "toSet"), "last")).isInstanceOf(NullV.class);
    assertThat(q.call(q.call(arr(), "toSet"), "isEmpty")).isEqualTo(BoolV.TRUE);
    assertThat(q.call(set, "nonEmpty")).isEqualTo(BoolV.TRUE);
    assertThat(q.call(set, "toSet")).isSameAs(set);

    var seen = fn1(v -> v);
    assertThat(q.call(set, "forEach", seen.fn)).isInstanceOf(NullV.class);
    assertThat(seen.calls).hasValue(4);
  }

  @Test
  void forEachOverSequenceLikeBulkWrites() {
    var created = fn1(v -> v);
    q.call(seq(0, 5), "forEach", created.fn);
    assertThat(created.calls).hasValue(5);
  }
}
