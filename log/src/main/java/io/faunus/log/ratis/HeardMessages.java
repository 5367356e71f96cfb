package io.faunus.log.ratis;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The two questions a node asks another's state machine about its {@link HeardFrom} record, as Ratis stale
 * reads (answered by that node alone, whatever its role): "record me" (before this node's first answer to
 * it counts) and "whom have you heard from" (a starting member's survey). A linearizable read is the empty
 * message, so a question is told from it by its first byte.
 */
final class HeardMessages {
  private HeardMessages() {}

  private static final byte MAGIC = 'H', RECORD = 'R', LIST = 'L';

  sealed interface Question {
    record Record(String id) implements Question {}

    record List() implements Question {}
  }

  static Message record(String id) {
    return Message.valueOf(ByteString.copyFrom(new byte[] {MAGIC, RECORD}).concat(ByteString.copyFromUtf8(id)));
  }

  static Message list() {
    return Message.valueOf(ByteString.copyFrom(new byte[] {MAGIC, LIST}));
  }

  /** Empty: not a question (a linearizable read). */
  static Optional<Question> question(Message m) {
    ByteString b = m.getContent();
    if (b.size() < 2 || b.byteAt(0) != MAGIC) return Optional.empty();
    return switch (b.byteAt(1)) {
      case RECORD -> Optional.of(new Question.Record(b.substring(2).toStringUtf8()));
      case LIST -> Optional.of(new Question.List());
      default -> throw new IllegalArgumentException("unknown heard-from question " + b.byteAt(1));
    };
  }

  /** The answer to either question: the ids recorded, one a line, after the magic byte. */
  static Message answer(Set<String> ids) {
    return Message.valueOf(ByteString.copyFrom(new byte[] {MAGIC}).concat(ByteString.copyFromUtf8(String.join("\n", new TreeSet<>(ids)))));
  }

  /** Empty when the reply is not an answer (a node of an older version answers a read's 8 bytes). */
  static Optional<Set<String>> ids(Message reply) {
    ByteString b = reply.getContent();
    // An older node's read answer is a commit time in µs, whose first byte is 0 for millennia.
    if (b.isEmpty() || b.byteAt(0) != MAGIC) return Optional.empty();
    Set<String> out = new TreeSet<>();
    for (String line : b.substring(1).toString(StandardCharsets.UTF_8).split("\n")) if (!line.isEmpty()) out.add(line);
    return Optional.of(out);
  }
}
