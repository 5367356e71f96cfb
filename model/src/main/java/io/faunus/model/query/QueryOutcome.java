package io.faunus.model.query;

import io.faunus.model.value.Value;
import java.util.List;

/** What the engine answers for one /query/1 request; the transport encodes it (spec §1.5). */
public sealed interface QueryOutcome {

  /** {@code ok}, or the error code as the wire says it: what metrics and the query log count by. */
  default String resultCode() {
    return switch (this) {
      case Success s -> "ok";
      case Failure f -> f.code().wire();
      case ProtocolError p -> p.code().wire();
    };
  }

  /** The ops charged (none for a protocol error). */
  default Stats statsOrZero() {
    return switch (this) {
      case Success s -> s.stats();
      case Failure f -> f.stats();
      case ProtocolError p -> Stats.ZERO;
    };
  }

  /** The query's transaction time; 0 when it never reached one (a protocol error). */
  default long txnTsOrZero() {
    return switch (this) {
      case Success s -> s.txnTs();
      case Failure f -> f.txnTs();
      case ProtocolError p -> 0;
    };
  }

  /**
   * HTTP 200. {@code data} is materialized (docs as MatDocV, sets as MatSetV, ...); {@code staticType} is the
   * typechecker's display of the query's type, null when the query was not typechecked (schema-v10.md §6.3).
   */
  record Success(Value data, String staticType, String summary, long txnTs, Stats stats, long schemaVersion)
      implements QueryOutcome {
    public Success(Value data, String summary, long txnTs, Stats stats, long schemaVersion) {
      this(data, null, summary, txnTs, stats, schemaVersion);
    }
  }

  /**
   * HTTP 400 "query failure" body. {@code constraintFailures} only for code constraint_failure (else
   * empty), {@code abort} only for code abort (else null).
   */
  record Failure(ErrorCode code, String message, List<ConstraintFailure> constraintFailures, Value abort,
                 String summary, long txnTs, Stats stats, long schemaVersion) implements QueryOutcome {}

  /** Protocol error: the transport picks the status (spec §1.6); body {@code {"error":{code,message}}} only. */
  record ProtocolError(ErrorCode code, String message) implements QueryOutcome {}

  /** One constraint failure: {@code paths} is a list of paths, each a list of String keys / Integer indexes. */
  record ConstraintFailure(List<List<Object>> paths, String message) {}

  record Stats(long computeOps, long readOps, long writeOps, long queryTimeMs, long contentionRetries,
               long storageBytesRead, long storageBytesWrite, List<String> rateLimitsHit) {
    public static final Stats ZERO = new Stats(0, 0, 0, 0, 0, 0, 0, List.of());
  }
}
