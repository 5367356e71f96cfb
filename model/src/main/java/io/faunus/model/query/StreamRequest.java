package io.faunus.model.query;

import java.util.List;

/**
 * A /stream/1 request after the transport validated its body (spec §1.7).
 *
 * @param cursor   resume strictly after this event cursor, or null
 * @param startTs  without a cursor, start after this time (micros), or null for the token's creation time
 */
public record StreamRequest(String secret, String token, String cursor, Long startTs, long receivedNanos) {

  /** Where a stream's events go: the transport's side of an open stream. Called from any thread. */
  public interface Sink {
    /** Writes the events, in order, as one piece; false when the client is gone. */
    boolean send(List<StreamEvent> events);

    /** Whether the client keeps up: the transport has room for more (otherwise the stream waits). */
    boolean ready();

    /** The stream ended (after an error event, or the node is closing): the transport ends the response. */
    void end();
  }

  /** The engine's side of an open stream, for the transport. */
  public interface Handle {
    /** The client has room again after {@link Sink#ready} said no. */
    void resume();

    /** The client went away or the response ended: frees everything the stream holds. Idempotent. */
    void close();
  }

  /** The answer to opening a stream. */
  public sealed interface Start {
    /** HTTP 200; events follow through the sink. */
    record Started(Handle handle) implements Start {}

    /** Nothing started: a protocol error, status chosen by the transport. */
    record Refused(ErrorCode code, String message) implements Start {}
  }
}
