package io.faunus.model.fsl;

import io.faunus.model.query.ErrorCode;

/** A schema call that fails: the transport answers {@code {"error":{"message"}}} with the code's status. */
public final class SchemaFailure extends RuntimeException {
  private final ErrorCode code;

  public SchemaFailure(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  static SchemaFailure badRequest(String message) {
    return new SchemaFailure(ErrorCode.INVALID_REQUEST, message);
  }

  public ErrorCode code() {
    return code;
  }
}
