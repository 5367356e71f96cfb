package io.faunus.log.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record of whom a member heard from, and the questions peers ask about it. */
class HeardFromTest {
  @Test
  void recordsSurviveAReopenAndStayOutsideTheRaftDirectory(@TempDir Path data) throws Exception {
    Path raft = data.resolve("raft");
    HeardFrom h = HeardFrom.of(raft);
    assertThat(h.ids()).isEmpty();
    h.record("n2");
    h.recordAll(List.of("n1", "n2"));
    assertThat(HeardFrom.of(raft).ids()).containsExactlyInAnyOrder("n1", "n2");
    assertThat(StartGate.hasRaftState(raft)).as("the record is not Raft state").isFalse();
    assertThat(Files.readString(data.resolve(HeardFrom.FILE_NAME))).isEqualTo("n1\nn2\n");
    assertThatThrownBy(() -> h.record("a\nb")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void questionsAndAnswersRoundTripAndAReadIsNotAQuestion() {
    assertThat(HeardMessages.question(Message.EMPTY)).isEmpty();
    assertThat(HeardMessages.question(HeardMessages.record("n3")))
        .contains(new HeardMessages.Question.Record("n3"));
    assertThat(HeardMessages.question(HeardMessages.list())).contains(new HeardMessages.Question.List());
    assertThat(HeardMessages.ids(HeardMessages.answer(Set.of("n1", "n3")))).contains(Set.of("n1", "n3"));
    assertThat(HeardMessages.ids(HeardMessages.answer(Set.of()))).contains(Set.of());
    // An older node answers any stale read with a commit time (8 bytes): not an answer.
    byte[] micros = java.nio.ByteBuffer.allocate(8).putLong(1_795_612_948_397_810L).array();
    assertThat(HeardMessages.ids(Message.valueOf(ByteString.copyFrom(micros)))).isEmpty();
  }
}
