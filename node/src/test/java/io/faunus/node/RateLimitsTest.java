package io.faunus.node;

import static io.faunus.node.FqlNode.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.QueryOutcome;
import org.junit.jupiter.api.Test;

/** Per-database rate limits (issue 18): a database over its limit gets limit_exceeded; others are untouched. */
class RateLimitsTest {
  @Test
  void aDatabaseOverItsWriteLimitIsRefusedUntilItRefillsAndOthersGoOn() throws InterruptedException {
    try (FqlNode fql = new FqlNode(new NodeConfig(null, true, ROOT, null, io.faunus.model.db.Jwks.NONE,
        new RateLimits(0, 5, 0)))) {
      fql.data("Database.create({ name: 'Busy' }); Database.create({ name: 'Calm' }); 1");
      fql.data(ROOT + ":Busy:admin", "Collection.create({ name: 'T' }); 1");
      fql.data(ROOT + ":Calm:admin", "Collection.create({ name: 'T' }); 1");
      int ok = 0;
      QueryOutcome refused = null;
      for (int i = 0; i < 20 && refused == null; i++) {
        QueryOutcome o = fql.run(ROOT + ":Busy:admin", "Set.sequence(0, 20).forEach(i => T.create({ i: i })); 1");
        if (o instanceof QueryOutcome.Success) ok++;
        else refused = o;
      }
      assertThat(ok).as("writes admitted before the bucket ran dry").isBetween(1, 2);
      assertThat(refused).isInstanceOf(QueryOutcome.Failure.class);
      QueryOutcome.Failure f = (QueryOutcome.Failure) refused;
      assertThat(f.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
      assertThat(f.stats().rateLimitsHit()).containsExactly("write");
      assertThat(fql.outcome(ROOT + ":Calm:admin", "T.create({ i: 0 }); 1")).as("another database").isEqualTo("ok");
      // 5 write ops a second repay the debt within a few seconds: the database is admitted again.
      String later = "";
      for (long deadline = System.nanoTime() + 20_000_000_000L; !later.equals("ok") && System.nanoTime() < deadline; ) {
        Thread.sleep(500);
        later = fql.outcome(ROOT + ":Busy:admin", "T.create({ i: 0 }); 1");
        assertThat(later).isIn("ok", "limit_exceeded");
      }
      assertThat(later).isEqualTo("ok");
    }
  }

  @Test
  void withoutLimitsNothingIsRefused() {
    try (FqlNode fql = new FqlNode()) {
      fql.data("Collection.create({ name: 'T' }); 1");
      for (int i = 0; i < 30; i++) assertThat(fql.outcome(ROOT, "T.create({ i: 0 }); 1")).isEqualTo("ok");
    }
  }
}
