package io.faunus.tx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryGuardTest {
  @Test
  void aQueryThatWouldExhaustTheHeapFailsAndTheNodeKeepsServing() {
    try (FqlNode n = new FqlNode()) {
      // 16 000 arrays of 16 000 elements pass every per-value cap but need gigabytes of heap.
      String code = n.outcome(FqlNode.ROOT, "Array.sequence(0, 16000).map(x => Array.sequence(0, 16000)).length");
      assertThat(code).isIn("value_too_large", "http 440 time_out");
      assertThat(FqlNode.num(n.data("1 + 1"))).isEqualTo(2);
    }
  }
}
