package io.faunus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryOutcome.ProtocolError;
import io.faunus.model.query.QueryRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Results that are cheap to build but huge to walk must still end at the query's deadline. */
class ResultLimitsTest {
  @Test
  @Timeout(20)
  void sharedSubtreeBlowupEndsAtTheDeadline() { // found by EvalFuzzTest: materializing ran for minutes
    try (FqlNode fql = new FqlNode()) {
      QueryOutcome out = fql.node.execute(new QueryRequest(FqlNode.ROOT,
          "Array.sequence(0, 40).fold({ a: 1 }, (a, _) => { l: a, r: a })", List.of(), null,
          QueryRequest.Format.TAGGED, null, System.nanoTime(), 1000, Long.MIN_VALUE, 0, false, false, null));
      assertThat(out).isInstanceOf(ProtocolError.class);
      assertThat(((ProtocolError) out).status()).isEqualTo(440);
    }
  }
}
