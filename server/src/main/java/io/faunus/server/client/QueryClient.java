package io.faunus.server.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Sends FQL text to a node's {@code /query/1} in the simple JSON format (spec §1.2) and sorts the answer
 * into {@link Answer}. One instance per command run; it keeps its HTTP connection between queries.
 */
final class QueryClient {

  static final ObjectMapper MAPPER = new ObjectMapper();
  /** Connecting to a node on the same network should take well under this. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final Target target;
  private final HttpClient http;

  QueryClient(Target target) {
    this.target = target;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  Answer query(String fql) throws InterruptedException {
    String body;
    try {
      body = MAPPER.writeValueAsString(MAPPER.createObjectNode().put("query", fql));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a string as JSON", e);
    }
    HttpRequest request = HttpRequest.newBuilder(target.queryUri())
        .timeout(Duration.ofMillis(target.timeoutMs()))
        .header("Authorization", "Bearer " + target.secret())
        .header("Content-Type", "application/json")
        .header("x-fauna-source", "faunus-cli")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      return new Answer.Unreachable("no answer from " + target.queryUri() + " within " + target.timeoutMs() + " ms");
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new Answer.Unreachable("cannot reach " + target.queryUri() + ": " + why);
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(response.body());
    } catch (JsonProcessingException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      return new Answer.Unreachable("HTTP " + response.statusCode() + " from " + target.queryUri()
          + " without a Fauna JSON body; is --url a Faunus node?");
    }
    if (response.statusCode() == 200 && !json.has("error")) return new Answer.Success(json);
    if (!json.has("error")) {
      return new Answer.Unreachable("HTTP " + response.statusCode() + " without an error body from " + target.queryUri());
    }
    return new Answer.QueryFailed(response.statusCode(), json);
  }
}
