package io.faunus.model.stdlib;

import static io.faunus.model.stdlib.StdlibTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.value.Value.BytesV;
import org.junit.jupiter.api.Test;

class BytesLibTest {
  private static final BytesV ONE_TWO_THREE = new BytesV(new byte[] {1, 2, 3});

  @Test
  void decodesBase64() {
    assertThat(apply("Bytes", s("AQID"))).isEqualTo(ONE_TWO_THREE);
    assertThat(callStatic("Bytes", "fromBase64", s("AQID"))).isEqualTo(ONE_TWO_THREE);
    assertThat(apply("Bytes", s(""))).isEqualTo(new BytesV(new byte[0]));
  }

  @Test
  void encodesBase64() {
    assertThat(call(ONE_TWO_THREE, "toBase64")).isEqualTo(s("AQID"));
    assertThat(call(ONE_TWO_THREE, "toString")).isEqualTo(s("AQID"));
  }

  @Test
  void errors() {
    error(() -> apply("Bytes", s("not base64!")), "invalid_argument",
        "invalid argument `encoded`: expected a Base64 string");
    error(() -> apply("Bytes", i(1)), "invalid_argument", "expected value for `encoded` of type String, received Int");
  }

  @Test
  void isa() {
    assertThat(StdlibTestSupport.isa(ONE_TWO_THREE, "Bytes")).isTrue();
    assertThat(StdlibTestSupport.isa(s("AQID"), "Bytes")).isFalse();
  }
}
