package io.faunus.model.stdlib;

import static io.faunus.model.stdlib.StdlibTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumberLibTest {
  @Test
  void absOnNumbers() {
    // Spec §3.1: -2.abs() is 2.
    assertThat(call(i(-2), "abs")).isEqualTo(i(2));
    assertThat(call(l(-5_000_000_000L), "abs")).isEqualTo(l(5_000_000_000L));
    assertThat(call(d(-2.5), "abs")).isEqualTo(d(2.5));
    assertThat(call(i(Integer.MIN_VALUE), "abs")).isEqualTo(l(2147483648L));
  }

  @Test
  void toStringComesFromCommonMembers() {
    assertThat(call(i(10), "toString")).isEqualTo(s("10"));
    assertThat(call(d(3.14159), "toString")).isEqualTo(s("3.14159"));
  }

  @Test
  void numberModulesIsa() {
    assertThat(isa(i(1), "Number")).isTrue();
    assertThat(isa(l(1), "Long")).isTrue();
    assertThat(isa(d(1), "Int")).isFalse();
  }
}
