package io.faunus.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {
  private static Op<String> op(int i, int p, Op.Type t, String f, long ns) {
    return new Op<>(i, p, t, f, "v", ns, null, null);
  }

  @Test
  void pairsInvocationsWithTheirCompletionsAndLeavesOpenOnesUnknown() {
    History<String> h = new History.Builder<String>().invoke(1, "w", "a").invoke(2, "r", null).ok(2, "a")
        .invoke(3, "w", "b").fail(3).invoke(2, "r", null).build();
    assertThat(h.pairs()).hasSize(4);
    assertThat(h.pairs().get(0).outcome()).isEqualTo(Op.Type.INFO);
    assertThat(h.pairs().get(0).completeNs()).isEqualTo(Pair.NEVER_NS);
    assertThat(h.pairs().get(1).ok()).isTrue();
    assertThat(h.pairs().get(1).value()).isEqualTo("a");
    assertThat(h.pairs().get(2).failed()).isTrue();
    assertThat(h.pairs().get(3).unknown()).isTrue();
  }

  @Test
  void refusesMalformedHistories() {
    assertThatThrownBy(() -> new History<>(List.of(op(0, 1, Op.Type.INVOKE, "w", 0), op(1, 1, Op.Type.INVOKE, "w", 1))))
        .hasMessageContaining("in flight");
    assertThatThrownBy(() -> new History<>(List.of(op(0, 1, Op.Type.OK, "w", 0)))).hasMessageContaining("completes nothing");
    assertThatThrownBy(() -> new History<>(List.of(op(0, 1, Op.Type.INVOKE, "w", 0), op(1, 1, Op.Type.OK, "r", 1))))
        .hasMessageContaining("completes a w as r");
    assertThatThrownBy(() -> new History<>(List.of(op(0, 1, Op.Type.INVOKE, "w", 5), op(1, 1, Op.Type.OK, "w", 1))))
        .hasMessageContaining("back in time");
    assertThatThrownBy(() -> new History<>(List.of(op(1, 1, Op.Type.INVOKE, "w", 0)))).hasMessageContaining("has index");
  }

  @Test
  void aRecorderBuildsAWellFormedHistory() {
    Recorder<String> r = new Recorder<>(System.nanoTime());
    Op<String> a = r.invoke(1, "w", "x", "n1");
    Op<String> b = r.invoke(2, "w", "y", "n2");
    r.complete(b, Op.Type.OK, "y", null);
    r.complete(a, Op.Type.INFO, "x", "timeout");
    History<String> h = r.history();
    assertThat(h.ops()).hasSize(4);
    assertThat(h.pairs().get(0).completion().error()).isEqualTo("timeout");
    assertThat(h.pairs().get(1).completion().node()).isEqualTo("n2");
  }
}
