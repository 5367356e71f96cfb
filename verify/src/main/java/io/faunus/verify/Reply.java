package io.faunus.verify;

import com.fasterxml.jackson.databind.JsonNode;

/** How one /query/1 request ended, as far as the client can tell. */
sealed interface Reply {
  /** 200: the query ran (and committed, if it wrote). */
  record Ok(JsonNode data) implements Reply {}

  /**
   * The query definitely did not commit: a 4xx the server answers before anything reaches the log (409
   * contended_transaction after its retries, 400 abort and other query errors, 429 busy), or a connection
   * that was refused, so nothing was sent.
   */
  record Fail(int status, String code, String message) implements Reply {}

  /** Nobody knows whether it committed: a timeout, a lost connection after sending, 440, 5xx. */
  record Unknown(String why) implements Reply {}
}
