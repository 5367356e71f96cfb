package io.faunus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryOutcome.Failure;
import io.faunus.model.query.QueryRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Results that are cheap to build but huge to walk must fail early, not after the walk. */
class ResultLimitsTest {
  @Test
  @Timeout(20)
  void sharedSubtreeBlowupFailsAsTooLarge() { // found by EvalFuzzTest: materializing ran for minutes
    try (FqlNode fql = new FqlNode()) {
      QueryOutcome out = fql.node.execute(new QueryRequest(FqlNode.ROOT,
          "Array.sequence(0, 40).fold({ a: 1 }, (a, _) => { l: a, r: a })", List.of(), null,
          QueryRequest.Format.TAGGED, null, System.nanoTime(), 10_000, Long.MIN_VALUE, 0, false, false, null));
      // The result is counted as the tree it encodes to, shared parts and all, against the held-bytes budget.
      assertThat(out).isInstanceOf(Failure.class);
      assertThat(((Failure) out).code().wire()).isEqualTo("value_too_large");
    }
  }
}
