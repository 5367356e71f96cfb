package io.faunus.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Posts FQL to one node's /query/1 over HTTP/1.1 on loopback and classifies the answer ({@link Reply}).
 * One per client thread, so a broken connection affects one history process only. With a session
 * ({@link ReadMode#local}) it sends the newest {@code txn_ts} it got as {@code x-last-txn-ts}, so the node
 * answers each query at or after everything this client saw.
 */
final class NodeClient implements Queries {
  static final ObjectMapper JSON = new ObjectMapper();
  /** The node's own deadline for a query: it answers 440 rather than run longer. */
  static final long QUERY_TIMEOUT_MS = 8_000;
  /** The client gives up a little later (then the outcome is unknown). */
  static final Duration REQUEST_TIMEOUT = Duration.ofMillis(QUERY_TIMEOUT_MS + 4_000);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  final String node;
  private final int port;
  private final String secret;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(CONNECT_TIMEOUT).build();

  private final boolean session;
  /** The newest txn_ts of a 200 answer; 0 before the first. */
  private long lastTxnTs;

  NodeClient(String node, int port, String secret) {
    this(node, port, secret, false);
  }

  NodeClient(String node, int port, String secret, boolean session) {
    this.node = node;
    this.port = port;
    this.secret = secret;
    this.session = session;
  }

  @Override
  public Reply query(String fql) {
    String body = JSON.createObjectNode().put("query", fql).toString();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/query/1"))
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + secret)
        .header("x-query-timeout-ms", String.valueOf(QUERY_TIMEOUT_MS));
    if (session && lastTxnTs > 0) b.header("x-last-txn-ts", String.valueOf(lastTxnTs));
    HttpRequest req = b.POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      return new Reply.Fail(0, "connect", "no connection: " + e); // nothing was sent
    } catch (IOException e) {
      return new Reply.Unknown(e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply.Unknown("interrupted");
    }
    JsonNode json;
    try {
      json = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      return new Reply.Unknown(r.statusCode() + " with a body that is not JSON");
    }
    String code = json.path("error").path("code").asText("");
    String message = json.path("error").path("message").asText("");
    int s = r.statusCode();
    if (s == 200) {
      lastTxnTs = Math.max(lastTxnTs, json.path("txn_ts").asLong(0));
      return new Reply.Ok(json.get("data"));
    }
    if (s == 400 || s == 409 || s == 429 || s == 401 || s == 403) return new Reply.Fail(s, code, message);
    return new Reply.Unknown(s + " " + code + ": " + message);
  }

  /** An admin answer: status 0 when the node did not answer. */
  record AdminReply(int status, String body) {}

  /** POST of a JSON body to an admin path (add-node, remove-node: may take seconds). */
  AdminReply post(String path, String json, Duration timeout) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(timeout).header("Authorization", "Bearer " + secret).POST(HttpRequest.BodyPublishers.ofString(json))
          .build(), HttpResponse.BodyHandlers.ofString());
      return new AdminReply(r.statusCode(), r.body());
    } catch (IOException e) {
      return new AdminReply(0, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new AdminReply(0, "interrupted");
    }
  }

  /** GET on an admin or ping path; null when the node does not answer 200. */
  JsonNode get(String path, Duration timeout) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(timeout).header("Authorization", "Bearer " + secret).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) return null;
      try {
        return JSON.readTree(r.body());
      } catch (IOException notJson) {
        return JSON.createObjectNode(); // /ping answers plain text
      }
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
