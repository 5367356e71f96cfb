package io.faunus.server;

import io.faunus.model.query.ErrorCode;

/** How HTTP says an engine's protocol error (spec §1.6): the only place that maps codes to statuses. */
final class HttpStatuses {
  private HttpStatuses() {}

  /** Fauna's status for a client deadline that passed. */
  static final int TIME_OUT = 440;

  /** A query failure's status: 400, except a database over its rate limit (429, with stats.rate_limits_hit). */
  static int ofFailure(ErrorCode code) {
    return code == ErrorCode.LIMIT_EXCEEDED ? 429 : 400;
  }

  static int of(ErrorCode code) {
    return switch (code) {
      case UNAUTHORIZED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case METHOD_NOT_ALLOWED -> 405;
      case CONTENDED_TRANSACTION, STALE_SCHEMA_VERSION -> 409;
      case REQUEST_SIZE_EXCEEDED -> 413;
      case LIMIT_EXCEEDED -> 429;
      case TIME_OUT -> TIME_OUT;
      case INTERNAL_ERROR -> 500;
      case UNAVAILABLE -> 503;
      // Everything else is the client's request or query: 400.
      default -> 400;
    };
  }
}
