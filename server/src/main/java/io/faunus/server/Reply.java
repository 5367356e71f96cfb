package io.faunus.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;

/**
 * A response ready to send: status, body (null for none; JSON unless an extra Content-Type header says
 * otherwise, as a backup chunk's does), extra headers (each replaces a header of that name), and whether the channel that
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

  Reply closing() {
    return new Reply(status, json, true, headers);
  }

  Reply with(AsciiString name, String value) {
    List<Header> more = new ArrayList<>(headers);
    more.add(new Header(name, value));
    return new Reply(status, json, close, List.copyOf(more));
  }
}
