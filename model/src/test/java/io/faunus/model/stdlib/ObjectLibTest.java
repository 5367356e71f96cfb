package io.faunus.model.stdlib;

import static io.faunus.model.stdlib.StdlibTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectLibTest {
  /** An object from alternating keys and values, in order. */
  private static ObjectV obj(Object... kvs) {
    Map<String, Value> m = new LinkedHashMap<>();
    for (int k = 0; k < kvs.length; k += 2) m.put((String) kvs[k], (Value) kvs[k + 1]);
    return new ObjectV(m);
  }

  private static final ObjectV AB = obj("b", i(1), "a", s("x"));

  @Test
  void keysValuesEntriesKeepInsertionOrder() {
    assertThat(callStatic("Object", "keys", AB)).isEqualTo(arr(s("b"), s("a")));
    assertThat(callStatic("Object", "values", AB)).isEqualTo(arr(i(1), s("x")));
    assertThat(callStatic("Object", "entries", AB)).isEqualTo(arr(arr(s("b"), i(1)), arr(s("a"), s("x"))));
    assertThat(callStatic("Object", "keys", obj())).isEqualTo(arr());
  }

  @Test
  void fromEntries() {
    assertThat(callStatic("Object", "fromEntries", arr(arr(s("b"), i(1)), arr(s("a"), s("x"))))).isEqualTo(AB);
    assertThat(callStatic("Object", "fromEntries", arr(arr(s("a"), i(1)), arr(s("b"), i(2)), arr(s("a"), i(3)))))
        .isEqualTo(obj("a", i(3), "b", i(2)));
    error(() -> callStatic("Object", "fromEntries", arr(i(1))), "invalid_argument",
        "invalid argument `entries`: expected an array for each element of the outer array, but saw type Int at index 0");
    error(() -> callStatic("Object", "fromEntries", arr(arr(s("a"), i(1)), arr(s("a")))), "invalid_argument",
        "invalid argument `entries`: expected inner array of length 2 but saw length 1 at index 1");
    error(() -> callStatic("Object", "fromEntries", arr(arr(i(1), i(1)))), "invalid_argument",
        "invalid argument `entries`: expected a string for the first element of each inner array, but saw type Int"
            + " at index 0");
  }

  @Test
  void assignIsAShallowMergeWhereSourceWins() {
    ObjectV merged = (ObjectV) callStatic("Object", "assign", AB, obj("a", i(2), "c", obj("d", i(1))));
    assertThat(merged).isEqualTo(obj("b", i(1), "a", i(2), "c", obj("d", i(1))));
    assertThat(AB.fields()).containsEntry("a", s("x")); // arguments are untouched
    error(() -> callStatic("Object", "assign", AB, i(1)), "invalid_argument",
        "expected value for `source` of type { *: Any }, received Int");
  }

  @Test
  void selectAndHasPath() {
    ObjectV nested = obj("a", obj("b", obj("c", i(1)), "n", NullV.NULL), "s", s("str"));
    assertThat(callStatic("Object", "select", nested, arr(s("a"), s("b"), s("c")))).isEqualTo(i(1));
    assertThat(callStatic("Object", "select", nested, arr())).isEqualTo(nested);
    assertThat(callStatic("Object", "select", nested, arr(s("a"), s("x")))).isInstanceOf(NullV.class);
    assertThat(callStatic("Object", "select", nested, arr(s("s"), s("length")))).isInstanceOf(NullV.class);
    assertThat(callStatic("Object", "hasPath", nested, arr(s("a"), s("b")))).isEqualTo(BoolV.TRUE);
    assertThat(callStatic("Object", "hasPath", nested, arr(s("a"), s("n")))).isEqualTo(BoolV.TRUE);
    assertThat(callStatic("Object", "hasPath", nested, arr(s("a"), s("b"), s("c"), s("d")))).isEqualTo(BoolV.FALSE);
    // The path is only checked as far as the walk gets.
    assertThat(callStatic("Object", "hasPath", nested, arr(s("x"), i(1)))).isEqualTo(BoolV.FALSE);
    error(() -> callStatic("Object", "select", nested, arr(i(1))), "invalid_argument",
        "invalid argument `path`: expected an array of strings");
  }

  @Test
  void missingDocumentsAreInvalidArguments() {
    error(() -> callStatic("Object", "keys", DocV.byId("User", 12)), "invalid_argument",
        "invalid argument `object`: collection `User` does not contain document with id 12.");
  }

  @Test
  void toStringUsesTheDisplayForm() {
    assertThat(callStatic("Object", "toString", obj("x", i(10)))).isEqualTo(s("{ x: 10 }"));
    assertThat(callStatic("Object", "toString", s("raw"))).isEqualTo(s("raw"));
    assertThat(callStatic("Object", "toString", arr(i(1), s("a")))).isEqualTo(s("[1, \"a\"]"));
  }

  @Test
  void isa() {
    assertThat(StdlibTestSupport.isa(AB, "Object")).isTrue();
    assertThat(StdlibTestSupport.isa(DocV.byId("User", 1), "Object")).isTrue();
    assertThat(StdlibTestSupport.isa(arr(), "Object")).isFalse();
  }
}
