package io.faunus.server;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A response ready to send: status, JSON body (null for none) and whether the connection must close
 * after it. {@code authChallenge} adds {@code WWW-Authenticate: Bearer} (401).
 */
record Reply(HttpResponseStatus status, byte[] json, boolean close, boolean authChallenge) {

  static Reply json(int status, byte[] json) {
    return new Reply(HttpResponseStatus.valueOf(status), json, false, status == 401);
  }

  static Reply error(int status, String code, String message) {
    return json(status, Responses.error(code, message));
  }

  static Reply empty(HttpResponseStatus status) {
    return new Reply(status, null, false, false);
  }

  Reply closing() {
    return new Reply(status, json, true, authChallenge);
  }
}
