package io.faunus.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.fql.Source;
import io.faunus.fql.fsl.Fsl;
import io.faunus.fql.fsl.FslType;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypeMatchTest {
  static FslType t(String sig) {
    return Fsl.parseType(new Source("*sig*", sig));
  }

  static ObjectV obj(Object... kv) {
    Map<String, Value> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Value) kv[i + 1]);
    return new ObjectV(m);
  }

  @Test
  void scalarsAndNumbers() {
    assertThat(TypeMatch.matches(new IntV(1), t("Int"))).isTrue();
    assertThat(TypeMatch.matches(new IntV(1), t("Long"))).isTrue();
    assertThat(TypeMatch.matches(new IntV(1), t("Number"))).isTrue();
    assertThat(TypeMatch.matches(new LongV(1L << 40), t("Int"))).isFalse();
    assertThat(TypeMatch.matches(new IntV(1), t("Double"))).as("as in Fauna").isFalse();
    assertThat(TypeMatch.matches(new DoubleV(2.0), t("Int"))).isFalse();
    assertThat(TypeMatch.matches(new TimeV(Instant.EPOCH), t("Time"))).isTrue();
    assertThat(TypeMatch.matches(TxnTimeV.INSTANCE, t("Time"))).isTrue();
    assertThat(TypeMatch.matches(new StrV("x"), t("Any"))).isTrue();
    assertThat(TypeMatch.matches(NullV.NULL, t("String?"))).isTrue();
    assertThat(TypeMatch.matches(NullV.NULL, t("String"))).isFalse();
  }

  @Test
  void literalsUnionsAndContainers() {
    assertThat(TypeMatch.matches(new StrV("cart"), t("\"cart\" | \"paid\""))).isTrue();
    assertThat(TypeMatch.matches(new StrV("lost"), t("\"cart\" | \"paid\""))).isFalse();
    assertThat(TypeMatch.matches(new IntV(42), t("42 | 41"))).isTrue();
    assertThat(TypeMatch.matches(new DoubleV(42.0), t("42"))).isTrue();
    assertThat(TypeMatch.matches(BoolV.TRUE, t("true"))).isTrue();
    assertThat(TypeMatch.matches(new ArrayV(List.of(new StrV("a"), new StrV("b"))), t("Array<String>"))).isTrue();
    assertThat(TypeMatch.matches(new ArrayV(List.of(new StrV("a"), new IntV(1))), t("Array<String>"))).isFalse();
    assertThat(TypeMatch.matches(new ArrayV(List.of(new IntV(1), new StrV("a"))), t("[Int, String]"))).isTrue();
    assertThat(TypeMatch.matches(new ArrayV(List.of(new IntV(1))), t("[Int, String]"))).isFalse();
    assertThat(TypeMatch.matches(obj("a", new IntV(1)), t("{ a: Int, b: String? }"))).isTrue();
    assertThat(TypeMatch.matches(obj("a", new IntV(1), "c", BoolV.TRUE), t("{ a: Int }"))).isFalse();
    assertThat(TypeMatch.matches(obj("a", new IntV(1), "c", BoolV.TRUE), t("{ a: Int, *: Any }"))).isTrue();
    assertThat(TypeMatch.matches(DocV.byId("Order", 1), t("Ref<Order>"))).isTrue();
    assertThat(TypeMatch.matches(DocV.byId("Other", 1), t("Ref<Order>"))).isFalse();
    assertThat(TypeMatch.matches(new StrV("x"), t("Set<String>"))).isFalse();
  }

  @Test
  void faunasMessages() {
    assertThat(TypeMatch.mismatch(new StrV("x"), t("Int"))).isEqualTo("Expected Int, provided String");
    assertThat(TypeMatch.mismatch(new LongV(2147483648L), t("Int"))).isEqualTo("Expected Int, provided Long");
    assertThat(TypeMatch.mismatch(new DoubleV(2.0), t("Int"))).isEqualTo("Expected Int, provided Double");
    assertThat(TypeMatch.mismatch(new StrV("c"), t("\"a\" | \"b\""))).isEqualTo("Expected \"a\" | \"b\", provided \"c\"");
    assertThat(TypeMatch.mismatch(new StrV("x"), t("Number?"))).isEqualTo("Expected Number | Null, provided String");
    assertThat(TypeMatch.mismatch(DocV.byId("Bar", 1), t("Ref<Foo>?")))
        .isEqualTo("Expected Foo | NullFoo | Null, provided Document");
  }
}
