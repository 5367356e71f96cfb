package io.faunus.server;

/** A request the transport rejects before the engine sees it: 400 invalid_request with this message. */
final class BadRequest extends Exception {
  BadRequest(String message) {
    super(message, null, false, false);
  }

  static BadRequest header(String name, String text) {
    return new BadRequest("Invalid header '" + name + "': " + text);
  }

  static BadRequest body(String text) {
    return new BadRequest(text == null ? "Invalid request body" : "Invalid request body: " + text);
  }
}
