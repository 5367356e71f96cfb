package io.faunus.model.stdlib;

import static io.faunus.model.stdlib.Fql.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.set.ArraySet;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Array members (spec §4.4), mirroring Fauna's FQL2ArraySpec / FQL2IterableSpec cases. */
class ArrayLibTest {
  private final Fql q = new Fql();
  private final ArrayV abcd = strs("a", "b", "c", "d");

  private static void assertValue(Value actual, Value expected) {
    assertThat(Values.equal(actual, expected)).as("%s == %s", actual, expected).isTrue();
  }

  @Test
  void lengthAndAt() {
    assertValue(q.call(arr(), "length"), i(0));
    assertValue(q.call(abcd, "length"), i(4));
    assertValue(q.call(abcd, "at", i(2)), s("c"));
    assertError(() -> q.call(abcd, "at", i(4000)), "index_out_of_bounds", "index 4000 out of bounds for length 4");
    assertError(() -> q.call(abcd, "at", i(-123456)), "index_out_of_bounds",
        "index -123456 out of bounds for length 4");
    assertError(() -> q.call(abcd, "at", s("x")), "invalid_argument",
        "expected value for `index` of type Int, received String");
  }

  @Test
  void firstLastEmptiness() {
    assertValue(q.call(abcd, "first"), s("a"));
    assertValue(q.call(abcd, "last"), s("d"));
    assertThat(q.call(arr(), "first")).isInstanceOf(NullV.class);
    assertThat(q.call(arr(), "last")).isInstanceOf(NullV.class);
    assertThat(q.call(arr(), "isEmpty")).isEqualTo(BoolV.TRUE);
    assertThat(q.call(abcd, "nonEmpty")).isEqualTo(BoolV.TRUE);
  }

  @Test
  void concatAppendPrepend() {
    assertValue(q.call(abcd, "concat", strs("e", "f", "g")), strs("a", "b", "c", "d", "e", "f", "g"));
    assertValue(q.call(ints(1), "append", i(2)), ints(1, 2));
    assertValue(q.call(ints(1), "prepend", i(0)), ints(0, 1));
    assertError(() -> q.call(abcd, "concat", s("x")), "invalid_argument",
        "expected value for `other` of type Array<Any>, received String");
  }

  @Test
  void filterAndWhere() {
    ArrayV names = strs("Luke", "Han", "Leia", "Lando", "R2-D2", "C3-P0", "Ackbar");
    var startsWithL = fn1(v -> BoolV.of(((StrV) v).value().startsWith("L")));
    assertValue(q.call(names, "filter", startsWithL.fn), strs("Luke", "Leia", "Lando"));
    assertValue(q.call(names, "where", startsWithL.fn), strs("Luke", "Leia", "Lando"));
    // null counts as false
    assertValue(q.call(ints(1, 2), "where", fn1(v -> NullV.NULL).fn), arr());
  }

  @Test
  void filterErrors() {
    ArrayV names = strs("Luke", "Han");
    assertError(() -> q.call(names, "filter", arity(0)), "invalid_argument",
        "`predicate` should accept 1 parameter, provided function requires no parameters.");
    assertError(() -> q.call(names, "where", arity(2)), "invalid_argument",
        "`pred` should accept 1 parameter, provided function requires exactly 2 parameters.");
    var hanIsString = fn1(v -> v.equals(s("Han")) ? s("Han") : BoolV.TRUE);
    assertError(() -> q.call(names, "filter", hanIsString.fn), "type_mismatch",
        "expected type: Boolean, received String");
  }

  @Test
  void flatten() {
    ArrayV nested = arr(ints(1), ints(2, 3, 4), ints(5), arr(), ints(6, 7));
    assertValue(q.call(nested, "flatten"), ints(1, 2, 3, 4, 5, 6, 7));
    ArrayV bad = arr(ints(1), s("howdy"), ints(6, 7));
    assertError(() -> q.call(bad, "flatten"), "type_mismatch", "expected type: Array<Any>, received String");
  }

  @Test
  void flatMap() {
    ArrayV letters = strs("a", "b", "c", "d", "e", "f", "g", "h", "i");
    var prefix = fn1(x -> q.call(letters, "slice", i(0), x));
    assertValue(q.call(ints(1, 2, 3, 4), "flatMap", prefix.fn),
        strs("a", "a", "b", "a", "b", "c", "a", "b", "c", "d"));
    assertError(() -> q.call(ints(0, 1), "flatMap", fn1(x -> s("foobar")).fn), "type_mismatch",
        "expected type: Array<Any>, received String");
    assertError(() -> q.call(ints(0, 1), "flatMap", arity(2)), "invalid_argument",
        "`mapper` should accept 1 parameter, provided function requires exactly 2 parameters.");
  }

  @Test
  void mapAndForEach() {
    ArrayV words = strs("a", "ab", "abc", "abcd");
    var len = fn1(v -> i(((StrV) v).value().length()));
    assertValue(q.call(words, "map", len.fn), ints(1, 2, 3, 4));
    assertThat(q.call(words, "forEach", len.fn)).isInstanceOf(NullV.class);
    assertThat(len.calls).hasValue(8);
    assertError(() -> q.call(words, "forEach", arity(3)), "invalid_argument",
        "`fn` should accept 1 parameter, provided function requires exactly 3 parameters.");
    assertError(() -> q.call(words, "map", arity(0)), "invalid_argument",
        "`mapper` should accept 1 parameter, provided function requires no parameters.");
  }

  @Test
  void folds() {
    ArrayV words = strs("a", "bc", "def", "ghij");
    var concat = fn2((acc, x) -> s(((StrV) acc).value() + ((StrV) x).value()));
    assertValue(q.call(words, "fold", s("SEED"), concat.fn), s("SEEDabcdefghij"));
    assertValue(q.call(words, "foldRight", s("SEED"), concat.fn), s("SEEDghijdefbca"));
    assertValue(q.call(arr(), "fold", s("SEED"), concat.fn), s("SEED"));
    assertValue(q.call(arr(), "foldRight", s("SEED"), concat.fn), s("SEED"));
    assertValue(q.call(words, "reduce", concat.fn), s("abcdefghij"));
    assertValue(q.call(words, "reduceRight", concat.fn), s("ghijdefbca"));
    assertThat(q.call(arr(), "reduce", concat.fn)).isInstanceOf(NullV.class);
    for (String m : List.of("fold", "foldRight")) {
      assertError(() -> q.call(words, m, s("SEED"), arity(1)), "invalid_argument",
          "`reducer` should accept 2 parameters, provided function requires exactly 1 parameter.");
    }
    assertError(() -> q.call(words, "reduce", arity(1)), "invalid_argument",
        "`reducer` should accept 2 parameters, provided function requires exactly 1 parameter.");
  }

  @Test
  void aggregateIsATreeReductionCombinedWithTheSeedLast() {
    var plus = fn2(Fql::plus);
    assertValue(q.call(ints(1, 2, 3, 4), "aggregate", i(0), plus.fn), i(10));
    assertValue(q.call(arr(), "aggregate", i(0), plus.fn), i(0));
    // ((a b)(c d)) then the seed: visible through a non-commutative combiner
    var show = fn2((a, b) -> s("(" + ((StrV) a).value() + ((StrV) b).value() + ")"));
    assertValue(q.call(strs("a", "b", "c", "d", "e"), "aggregate", s("S"), show.fn), s("((((ab)(cd))e)S)"));
    assertError(() -> q.call(ints(1), "aggregate", i(0), arity(1)), "invalid_argument",
        "`combiner` should accept 2 parameters, provided function requires exactly 1 parameter.");
  }

  @Test
  void slice() {
    ArrayV af = strs("a", "b", "c", "d", "e", "f");
    assertValue(q.call(af, "slice", i(2), i(4)), strs("c", "d"));
    assertValue(q.call(af, "slice", i(5), i(5000)), strs("f"));
    assertValue(q.call(af, "slice", i(8), i(10)), arr());
    assertValue(q.call(af, "slice", i(4), i(2)), arr());
    assertValue(q.call(af, "slice", i(-5), i(4)), strs("a", "b", "c", "d"));
    assertValue(q.call(af, "slice", i(4), i(-1)), arr());
    assertValue(q.call(af, "slice", i(4)), strs("e", "f"));
  }

  @Test
  void takeDropReverse() {
    assertValue(q.call(ints(1, 2, 3), "take", i(2)), ints(1, 2));
    assertValue(q.call(ints(1, 2, 3), "take", i(-1)), arr());
    assertValue(q.call(ints(1, 2, 3), "take", i(10)), ints(1, 2, 3));
    assertValue(q.call(ints(1, 2, 3), "drop", i(2)), ints(3));
    assertValue(q.call(ints(1, 2, 3), "drop", i(-2)), ints(1, 2, 3));
    assertValue(q.call(ints(1, 2, 3), "reverse"), ints(3, 2, 1));
  }

  @Test
  void distinctKeepsFirstOccurrences() {
    assertValue(q.call(arr(i(3), i(1), i(3), s("x"), i(1), s("x")), "distinct"), arr(i(3), i(1), s("x")));
  }

  @Test
  void includesAndIndexes() {
    ArrayV xs = ints(5, 6, 5, 7);
    assertThat(q.call(xs, "includes", i(7))).isEqualTo(BoolV.TRUE);
    assertThat(q.call(xs, "includes", i(8))).isEqualTo(BoolV.FALSE);
    assertValue(q.call(xs, "indexOf", i(5)), i(0));
    assertValue(q.call(xs, "indexOf", i(5), i(1)), i(2));
    assertValue(q.call(xs, "lastIndexOf", i(5)), i(2));
    assertValue(q.call(xs, "lastIndexOf", i(5), i(1)), i(0));
    assertThat(q.call(xs, "indexOf", i(9))).isInstanceOf(NullV.class);
    assertError(() -> q.call(xs, "indexOf", i(5), i(4)), "index_out_of_bounds", "index 4 out of bounds for length 4");

    var isFive = fn1(v -> BoolV.of(Values.equal(v, i(5))));
    assertValue(q.call(xs, "indexWhere", isFive.fn), i(0));
    assertValue(q.call(xs, "indexWhere", isFive.fn, i(1)), i(2));
    assertValue(q.call(xs, "lastIndexWhere", isFive.fn), i(2));
    assertValue(q.call(xs, "lastIndexWhere", isFive.fn, i(1)), i(0));
    assertThat(q.call(xs, "indexWhere", isFive.fn, i(3))).isInstanceOf(NullV.class);
    assertError(() -> q.call(xs, "lastIndexWhere", isFive.fn, i(-1)), "index_out_of_bounds",
        "index -1 out of bounds for length 4");
    assertError(() -> q.call(xs, "indexWhere", arity(2)), "invalid_argument",
        "`predicate` should accept 1 parameter, provided function requires exactly 2 parameters.");
  }

  @Test
  void anyEveryFirstLastWhere() {
    ArrayV xs = ints(1, 2, 3);
    var isTwo = fn1(v -> BoolV.of(Values.equal(v, i(2))));
    assertThat(q.call(xs, "any", isTwo.fn)).isEqualTo(BoolV.TRUE);
    assertThat(isTwo.calls).as("any stops at the first true").hasValue(2);
    assertThat(q.call(xs, "every", isTwo.fn)).isEqualTo(BoolV.FALSE);
    assertThat(q.call(xs, "any", fn1(v -> NullV.NULL).fn)).isEqualTo(BoolV.FALSE);
    assertThat(q.call(xs, "every", fn1(v -> NullV.NULL).fn)).isEqualTo(BoolV.FALSE);
    assertThat(q.call(arr(), "every", isTwo.fn)).isEqualTo(BoolV.TRUE);
    assertError(() -> q.call(xs, "any", fn1(v -> i(1)).fn), "type_mismatch", "expected type: Boolean, received Int");

    var odd = fn1(v -> BoolV.of(asLong(v) % 2 == 1));
    assertValue(q.call(xs, "firstWhere", odd.fn), i(1));
    assertValue(q.call(xs, "lastWhere", odd.fn), i(3));
    assertThat(q.call(arr(), "firstWhere", odd.fn)).isInstanceOf(NullV.class);
    assertError(() -> q.call(xs, "firstWhere", arity(0)), "invalid_argument",
        "`pred` should accept 1 parameter, provided function requires no parameters.");
  }

  @Test
  void entriesAndToSet() {
    assertValue(q.call(strs("a", "b"), "entries"), arr(arr(i(0), s("a")), arr(i(1), s("b"))));
    Value set = q.call(ints(1, 2), "toSet");
    assertThat(set).isInstanceOf(ArraySet.class);
    assertValue(q.call(set, "toArray"), ints(1, 2));
  }

  @Test
  void orderWithoutArgumentsUsesTheTotalOrder() {
    ArrayV mixed = arr(BoolV.TRUE, s("b"), NullV.NULL, i(2), s("a"), i(1));
    assertValue(q.call(mixed, "order"), arr(i(1), i(2), s("a"), s("b"), BoolV.TRUE, NullV.NULL));
  }

  @Test
  void orderByAccessorsIsStable() {
    ArrayV people = arr(obj("n", s("a"), "age", i(30)), obj("n", s("b"), "age", i(20)),
        obj("n", s("c"), "age", i(30)), obj("n", s("d"), "age", i(20)));
    var age = fn1(o -> ((ObjectV) o).get("age"));
    var name = fn1(o -> ((ObjectV) o).get("n"));
    assertValue(q.call(q.call(people, "order", age.fn), "map", name.fn), strs("b", "d", "a", "c"));
    assertValue(q.call(q.call(people, "order", obj("desc", age.fn)), "map", name.fn), strs("a", "c", "b", "d"));
    assertValue(q.call(q.call(people, "order", obj("desc", age.fn), obj("desc", name.fn)), "map", name.fn),
        strs("c", "a", "d", "b"));
    assertValue(q.call(q.call(people, "order", obj("asc", age.fn)), "map", name.fn), strs("b", "d", "a", "c"));
  }

  @Test
  void orderErrors() {
    assertError(() -> q.call(ints(1), "order", arity(2)), "invalid_argument",
        "`ordering0` should accept 1 parameter, provided function requires exactly 2 parameters.");
    assertError(() -> q.call(ints(1), "order", fn1(v -> v).fn, i(3)), "invalid_argument",
        "expected value for `ordering1` of type Function, received Int");
    assertError(() -> q.call(ints(1), "order", obj("up", fn1(v -> v).fn)), "invalid_argument",
        "expected value for `ordering0` of type Function, received Object");
  }

  @Test
  void sequence() {
    assertValue(q.callStatic("Array", "sequence", i(2), i(5)), ints(2, 3, 4));
    assertValue(q.callStatic("Array", "sequence", i(5), i(2)), arr());
    assertThat(((ArrayV) q.callStatic("Array", "sequence", i(0), i(16000))).elems()).hasSize(16000);
    assertError(() -> q.callStatic("Array", "sequence", i(0), i(16001)), "value_too_large",
        "Value too large: range size 16001 exceeds limit 16000.");
  }

  @Test
  void concatPastTheElementLimitIsValueTooLarge() { // found by EvalFuzzTest: fold(a => a.concat(a)) ran away
    Value big = q.callStatic("Array", "sequence", i(0), i(9000));
    assertError(() -> q.call(big, "concat", big), "value_too_large",
        "Value too large: exceeded maximum number of elements (limit=16000).");
    assertThat(((ArrayV) q.call(big, "concat", q.callStatic("Array", "sequence", i(0), i(7000)))).elems())
        .hasSize(16000);
  }

  @Test
  void arrayModuleIsaArrays() {
    var mod = (io.faunus.model.eval.Module) Builtins.global("Array");
    assertThat(mod.isInstance(q.in, arr())).isTrue();
    assertThat(mod.isInstance(q.in, s("x"))).isFalse();
  }
}
