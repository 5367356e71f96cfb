package io.faunus.log.ratis;

import static io.faunus.log.ratis.CatchUpAppender.previousLost;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * When the leader sends a follower its snapshot beyond what Ratis does (finding 12 of docs/verification.md). The
 * leader's log below holds entries 18..129 (next 130) after a purge; its snapshot is at 119. End to end:
 * {@code ClusterE2ETest.aLeaderKilledAfterReplicatingCatchesUpFromTheSnapshotThatPurgedTheLogBehindIt}.
 */
class CatchUpAppenderTest {
  @Test
  void aFollowerAtTheStartOfAPurgedLogGetsTheSnapshot() {
    assertThat(previousLost(18, 130, false, 119)).as("entry 17 purged, the snapshot is at 119").isTrue();
  }

  @Test
  void aFollowerWhosePreviousEntryIsInTheLogOrIsTheSnapshotsLastGetsEntries() {
    assertThat(previousLost(19, 130, true, 119)).isFalse();
    assertThat(previousLost(120, 130, true, 119)).isFalse();
    // Entry 119 gone from the log but named by the snapshot: Ratis sends entries from 120.
    assertThat(previousLost(120, 130, false, 119)).isFalse();
  }

  @Test
  void aFollowerWithNothingToReceiveOrNoSnapshotToSendIsLeftToRatis() {
    assertThat(previousLost(130, 130, false, 119)).as("caught up: heartbeats only").isFalse();
    assertThat(previousLost(18, 130, false, -1)).as("no snapshot").isFalse();
    assertThat(previousLost(0, 130, false, 119)).as("from the first entry: no previous entry to name").isFalse();
  }
}
