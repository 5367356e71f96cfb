package io.faunus.model.query;

/**
 * Every error a query can end with (spec §1.6), as a type: the engine says what went wrong, and the transport
 * alone decides how HTTP says it (status codes live in the server). {@link #wire()} is the {@code code}
 * string clients parse.
 */
public enum ErrorCode {
  // Protocol errors: a bare {"error": {code, message}} body.
  INVALID_REQUEST,
  UNAUTHORIZED,
  FORBIDDEN,
  CONTENDED_TRANSACTION,
  LIMIT_EXCEEDED,
  /** The client's own deadline (x-query-timeout-ms) passed. */
  TIME_OUT,
  /** The node cannot serve now (no quorum, shutting down, a commit not confirmed in time); Fauna says time_out. */
  UNAVAILABLE("time_out"),
  REQUEST_SIZE_EXCEEDED,
  NOT_FOUND,
  METHOD_NOT_ALLOWED,
  INTERNAL_ERROR,
  /** {@code /schema/1}: the client's schema version is not the current one (schema-v10.md §1.0). */
  STALE_SCHEMA_VERSION,

  // Query failures: the "query failure" body with a summary.
  INVALID_QUERY,
  ABORT,
  CONSTRAINT_FAILURE,
  DOCUMENT_NOT_FOUND,
  DOCUMENT_DELETED,
  DOCUMENT_ID_EXISTS,
  INVALID_DOCUMENT_ID,
  INVALID_ARGUMENT,
  INVALID_BOUNDS,
  INVALID_FUNCTION_INVOCATION,
  INVALID_INDEX_INVOCATION,
  TYPE_MISMATCH,
  INVALID_NULL_ACCESS,
  NULL_VALUE,
  UNBOUND_VARIABLE,
  INDEX_OUT_OF_BOUNDS,
  DIVIDE_BY_ZERO,
  PERMISSION_DENIED,
  INVALID_CURSOR,
  INVALID_EFFECT,
  INVALID_WRITE,
  INVALID_TYPE,
  INVALID_ID,
  INVALID_TIME,
  INVALID_DATE,
  INVALID_UNIT,
  INVALID_REGEX,
  INVALID_SECRET,
  INVALID_RECEIVER,
  INVALID_SCHEMA,
  INVALID_COMPUTED_FIELD_ACCESS,
  INVALID_TIMESTAMP_FIELD_ACCESS,
  VALUE_TOO_LARGE,
  STACK_OVERFLOW,
  DISABLED_FEATURE,
  EVAL_ERROR,
  INTERNAL_FAILURE,

  // Terminal error events of streams and feeds (spec §1.7).
  /** The consumer read too slowly: the stream fell too far behind. */
  STREAM_OVERFLOW,
  /** The stream's secret stopped being valid, or lost the right to read its set. */
  PERMISSION_LOSS,
  /** The start position is older than the history kept for replays. */
  INVALID_STREAM_START_TIME,
  /** More events to replay at the start than a stream replays. */
  STREAM_REPLAY_VOLUME_EXCEEDED;

  private final String wire;

  ErrorCode() {
    this.wire = name().toLowerCase(java.util.Locale.ROOT);
  }

  ErrorCode(String wire) {
    this.wire = wire;
  }

  /** The {@code code} field of the response body. */
  public String wire() {
    return wire;
  }
}
