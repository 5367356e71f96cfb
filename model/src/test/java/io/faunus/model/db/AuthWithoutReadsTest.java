package io.faunus.model.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Auth#withoutReads}: only the bare root secret skips the storage read; anything else goes to resolve. */
class AuthWithoutReadsTest {
  @Test
  void onlyTheBareRootSecretResolvesWithoutReads() {
    assertThat(Auth.withoutReads("secret", "secret")).isEqualTo(new Auth.Scope(Auth.ROOT_DB, "admin"));
    assertThat(Auth.withoutReads("secret", "secret:child:admin")).as("a scope may name another database").isNull();
    assertThat(Auth.withoutReads("secret", "other")).isNull();
    assertThat(Auth.withoutReads("secret", null)).isNull();
    assertThat(Auth.withoutReads(null, "secret")).as("no root secret configured").isNull();
    assertThat(Auth.withoutReads("eyJ.x", "eyJ.x")).as("JWT-shaped: resolve judges it").isNull();
  }
}
