package io.faunus.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;

/**
 * A response ready to send: status, body (null for none; JSON unless an extra Content-Type header says
 * otherwise, as the console's files and a backup chunk do), extra headers, and whether the channel that
 * carried the request (HTTP/1.1 connection, HTTP/2 stream) must close after it.
 */
record Reply(HttpResponseStatus status, byte[] json, boolean close, List<Header> headers) {

  record Header(AsciiString name, String value) {}

  private static final List<Header> BEARER_CHALLENGE = List.of(new Header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer"));
  /**
   * A node shutting down is usually back (restarted, or replaced behind a load balancer) within seconds;
   * a node at its connection cap frees connections as clients leave.
   */
  static final int SHUTDOWN_RETRY_AFTER_SECONDS = 5;
  static final int OVER_CAPACITY_RETRY_AFTER_SECONDS = 1;

  /** A JSON reply; 401 carries {@code WWW-Authenticate: Bearer} (spec §1.5). */
  static Reply json(int status, byte[] json) {
    return new Reply(HttpResponseStatus.valueOf(status), json, false, status == 401 ? BEARER_CHALLENGE : List.of());
  }

  /** Prometheus's text exposition format, version 0.0.4. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** A reply that is not JSON; {@code contentType} names what it is. */
  static Reply text(int status, String body, String contentType) {
    return new Reply(HttpResponseStatus.valueOf(status), body.getBytes(java.nio.charset.StandardCharsets.UTF_8), false,
        List.of(new Header(HttpHeaderNames.CONTENT_TYPE, contentType)));
  }

  static Reply error(int status, String code, String message) {
    return json(status, Responses.error(code, message));
  }

  static Reply empty(HttpResponseStatus status) {
    return new Reply(status, null, false, List.of());
  }

  /** Spec §1.6: 503 {@code time_out} is what a node that cannot serve answers (shutdown included). */
  static Reply unavailable(String message, int retryAfterSeconds) {
    return error(503, "time_out", message).closing()
        .with(HttpHeaderNames.RETRY_AFTER, Integer.toString(retryAfterSeconds));
  }

  /** Whether this reply carries its own value for a header (checked by name only). */
  boolean sets(AsciiString name) {
    for (Header h : headers) {
      if (h.name().contentEqualsIgnoreCase(name)) return true;
    }
    return false;
  }

  Reply closing() {
    return new Reply(status, json, true, headers);
  }

  Reply with(AsciiString name, String value) {
    List<Header> more = new ArrayList<>(headers);
    more.add(new Header(name, value));
    return new Reply(status, json, close, List.copyOf(more));
  }
}
