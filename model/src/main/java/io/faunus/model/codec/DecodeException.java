package io.faunus.model.codec;

/**
 * A JSON value that cannot be decoded into a {@code Value}. The message is the wire text from spec §2.3
 * (e.g. "numbers must be tagged"); callers prefix it ("Invalid argument 'x': ...").
 */
public final class DecodeException extends RuntimeException {
  public DecodeException(String message) {
    super(message, null, false, false); // no stack trace: this is a user error, not a bug
  }
}
