package io.faunus.model.query;

import java.util.List;

/** What the engine answers for one /feed/1 request (spec §1.8). */
public sealed interface FeedOutcome {
  /** HTTP 200: the page, the cursor to continue from, whether more events exist now, the poll's stats. */
  record Page(List<StreamEvent> events, String cursor, boolean hasNext, StreamEvent.Stats stats)
      implements FeedOutcome {}

  /** A protocol error: the transport picks the status; body {@code {"error":{code,message}}}. */
  record Refused(ErrorCode code, String message) implements FeedOutcome {}
}
