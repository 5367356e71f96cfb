package io.faunus.node;

import io.faunus.model.query.ErrorCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryOutcome.Failure;
import io.faunus.model.query.QueryOutcome.ProtocolError;
import io.faunus.model.query.QueryOutcome.Success;
import io.faunus.model.query.QueryRequest;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.List;

/**
 * The one test helper for running FQL through {@link Node#execute}, with requests built as the server
 * builds them (no template values, no arguments, default timeout and retries).
 */
final class FqlNode implements AutoCloseable {
  static final String ROOT = "secret";

  final Node node;

  FqlNode() {
    this(new NodeConfig(null, true, ROOT));
  }

  FqlNode(NodeConfig config) {
    node = Node.open(config);
  }

  QueryOutcome run(String secret, String fql) {
    return run(secret, fql, null);
  }

  /** {@code typecheck}: the {@code x-typecheck} header (null: the database's setting). */
  QueryOutcome run(String secret, String fql, Boolean typecheck) {
    return node.execute(new QueryRequest(secret, fql, List.of(), null, QueryRequest.Format.TAGGED, typecheck,
        System.nanoTime(), QueryRequest.DEFAULT_TIMEOUT_MS, Long.MIN_VALUE,
        QueryRequest.DEFAULT_MAX_CONTENTION_RETRIES, false, false, null));
  }

  /** The data of a query run without the static typechecker (it fails only when it runs). */
  Value untypedData(String fql) {
    QueryOutcome out = run(ROOT, fql, false);
    assertThat(out).as("outcome of %s", fql).isInstanceOf(Success.class);
    return ((Success) out).data();
  }

  /** The query's {@code data}; fails the test unless the query succeeded. */
  Value data(String secret, String fql) {
    QueryOutcome out = run(secret, fql);
    assertThat(out).as("outcome of %s", fql).isInstanceOf(Success.class);
    return ((Success) out).data();
  }

  Value data(String fql) {
    return data(ROOT, fql);
  }

  /** The failure of a query that must fail with a 400 query failure. */
  Failure failure(String secret, String fql) {
    QueryOutcome out = run(secret, fql);
    assertThat(out).as("outcome of %s", fql).isInstanceOf(Failure.class);
    return (Failure) out;
  }

  /** "ok", the failure code, or "protocol <code>" for a protocol error: one word per outcome for tables. */
  String outcome(String secret, String fql) {
    return switch (run(secret, fql)) {
      case Success s -> "ok";
      case Failure f -> f.code().wire();
      case ProtocolError p -> "protocol " + p.code().wire();
    };
  }

  /** True when the secret authenticates (a trivial query is not answered 401). */
  boolean authenticates(String secret) {
    return !(run(secret, "1") instanceof ProtocolError p && p.code() == ErrorCode.UNAUTHORIZED);
  }

  /** Creates a key with {@code spec} (FQL object fields) as {@code secret}; returns its secret. */
  String newKey(String secret, String spec) {
    return str(data(secret, "Key.create({ " + spec + " }).secret"));
  }

  static String str(Value v) {
    assertThat(v).isInstanceOf(StrV.class);
    return ((StrV) v).value();
  }

  static long num(Value v) {
    assertThat(v).isInstanceOf(NumV.class);
    return switch ((NumV) v) {
      case IntV i -> i.value();
      case LongV l -> l.value();
      case DoubleV d -> (long) d.value();
    };
  }

  @Override
  public void close() {
    node.close();
  }
}
