package io.faunus.server.client;

import com.fasterxml.jackson.databind.JsonNode;

/** What a node made of one query sent by {@link QueryClient}. */
sealed interface Answer {

  /** 200: the whole response body ({@code data}, {@code summary}, {@code stats}, ...). */
  record Success(JsonNode body) implements Answer {}

  /** The node answered with an error body ({@code error.code}, {@code error.message}, {@code summary}). */
  record QueryFailed(int status, JsonNode body) implements Answer {
    String code() {
      return body.path("error").path("code").asText("");
    }

    String message() {
      return body.path("error").path("message").asText("");
    }

    /** The node's rendering of the error with the query text and carets under its span; may be empty. */
    String summary() {
      return body.path("summary").asText("");
    }
  }

  /** No usable answer: connection refused, timed out, or a body that is not Fauna's JSON. */
  record Unreachable(String why) implements Answer {}
}
