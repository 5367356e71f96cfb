package io.faunus.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The HTTP client of the operator commands (backup, export, import): one node, one secret. Queries go to
 * /query/1 with the tagged format, so values keep their types both ways. Thread-safe.
 */
public final class NodeClient {
  public static final ObjectMapper JSON = new ObjectMapper();
  /** Long enough for a checkpoint of a large store or a page of big documents. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(300);

  private final String url;
  private final String secret;
  /** HTTP/1.1: one request at a time, and no h2c upgrade dance on a cleartext first request. */
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  public NodeClient(String url, String secret) {
    this.url = url.replaceAll("/+$", "");
    this.secret = secret;
  }

  public String url() {
    return url;
  }

  /** An answer of the node: status and raw body. */
  public record Answer(int status, byte[] body) {
    public JsonNode json() throws IOException {
      return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    }

    /** The node's error as "status code: message", for messages to the operator. */
    public String describe() {
      try {
        JsonNode e = json().path("error");
        return status + " " + e.path("code").asText("") + ": " + e.path("message").asText(new String(body));
      } catch (IOException notJson) {
        return status + " " + new String(body);
      }
    }
  }

  /** A query or request the node refused; the message is the node's. */
  public static final class Refused extends IOException {
    public Refused(String message) {
      super(message);
    }
  }

  /** Sends one request; {@code body} null means none. I/O failures are thrown, every status is returned. */
  public Answer send(String method, String pathAndQuery, byte[] body) throws IOException {
    return send(method, pathAndQuery, body, "application/json");
  }

  /** {@link #send} with the body's content type (a schema push is multipart). */
  public Answer send(String method, String pathAndQuery, byte[] body, String contentType) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + pathAndQuery)).timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + secret).header("Content-Type", contentType)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    return exchange(b);
  }

  private Answer exchange(HttpRequest.Builder request) throws IOException {
    try {
      HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(r.statusCode(), r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IOException e) {
      throw new IOException("cannot reach " + url + ": " + e.getMessage(), e);
    }
  }

  /** Like {@link #send}, but anything but a 200 is a {@link Refused}. */
  public Answer expectOk(String method, String pathAndQuery, byte[] body) throws IOException {
    return expectOk(method, pathAndQuery, body, "application/json");
  }

  public Answer expectOk(String method, String pathAndQuery, byte[] body, String contentType) throws IOException {
    Answer a = send(method, pathAndQuery, body, contentType);
    if (a.status() != 200) throw new Refused(method + " " + pathAndQuery.replaceAll("\\?.*", "") + ": " + a.describe());
    return a;
  }

  /**
   * Runs an FQL query with tagged-format arguments (may be null) and returns its {@code data} in the tagged
   * format; a query error is a {@link Refused} with the node's code and message.
   */
  public JsonNode query(String fql, ObjectNode arguments) throws IOException {
    ObjectNode req = JSON.createObjectNode().put("query", fql);
    if (arguments != null) req.set("arguments", arguments);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/query/1")).timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + secret).header("x-format", "tagged")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(req)));
    Answer a = exchange(b);
    if (a.status() != 200) throw new Refused(a.describe());
    return a.json().path("data");
  }
}
