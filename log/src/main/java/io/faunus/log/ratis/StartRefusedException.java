package io.faunus.log.ratis;

/** A member will not start as asked, because doing so could break Raft's safety; the message says what to do. */
public final class StartRefusedException extends RuntimeException {
  public StartRefusedException(String message) {
    super(message);
  }
}
