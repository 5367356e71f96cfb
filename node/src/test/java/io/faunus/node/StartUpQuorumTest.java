package io.faunus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.query.QueryOutcome.Success;
import io.faunus.storage.Engine;
import io.faunus.storage.MemoryEngine;
import org.junit.jupiter.api.Test;

/**
 * A cluster member's start-up reads go through a quorum more than once (the cursor key, the registry backfill,
 * resuming index builds). A quorum found for the first may be gone for the next (a peer killed meanwhile, a
 * loaded machine): start-up must wait for it again, not exit. Found by `faunus verify --faults mixed`: a restarted
 * member died in `backfillTypechecked` with "could not confirm a read with the cluster in time", and with a
 * second member wiped soon after, the group had no quorum to replace it.
 */
class StartUpQuorumTest {
  @Test
  void aStartingNodeWaitsOutAQuorumLostAfterItsFirstRead() throws Exception {
    Engine engine = MemoryEngine.create();
    AsyncCommitTest.GatedLog log = new AsyncCommitTest.GatedLog(engine, 1);
    log.refuseRead = n -> n >= 2 && n <= 4; // the first read answers, the next three find no quorum
    try (Node node = Node.over(new NodeConfig(null, true, FqlNode.ROOT), engine, log, NodeRuntime.production(),
        CommitDeadlines.standard())) {
      assertThat(log.reads.get()).as("start-up read again after the refusals").isGreaterThanOrEqualTo(5);
      assertThat(AsyncCommitTest.sync(node, "Collection.create({ name: 'C' }); 1")).isInstanceOf(Success.class);
      assertThat(AsyncCommitTest.sync(node, "C.create({ n: 1 }).n"))
          .isInstanceOfSatisfying(Success.class, s -> assertThat(FqlNode.num(s.data())).isEqualTo(1));
    }
  }

  /** Finding 11: a node started with --join waits for add-node and its staging however long; a member gives up. */
  @Test
  void theStartWaitCountsFromWhenTheNodeIsAMember() {
    long wait = java.util.concurrent.TimeUnit.SECONDS.toNanos(Node.START_WAIT_S);
    long deadline = wait; // started at 0
    long tenMinutes = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
    assertThat(Node.startDeadline(deadline, false, tenMinutes)).as("not a member after 10 minutes: still waiting")
        .isEqualTo(tenMinutes + wait);
    long added = Node.startDeadline(deadline, false, tenMinutes);
    assertThat(Node.startDeadline(added, true, tenMinutes + 1)).as("a member from then on: the full wait, then no more")
        .isEqualTo(tenMinutes + wait);
    assertThat(Node.startDeadline(deadline, true, tenMinutes)).as("a member from the start gives up at the wait")
        .isEqualTo(wait);
  }
}
