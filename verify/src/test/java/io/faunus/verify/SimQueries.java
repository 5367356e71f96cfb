package io.faunus.verify;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.faunus.model.codec.ValueEncoder;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryRequest;
import io.faunus.node.Node;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A workload's queries in the simulation: straight into a node's {@code execute}, the answer classified the
 * way {@link NodeClient} classifies HTTP answers (the server maps codes to statuses as {@code HttpStatuses}
 * does: 409 contention, 429 busy, 440/5xx unknown, other errors 400). An internal error is a bug: it is
 * recorded as a violation besides being an unknown outcome.
 */
final class SimQueries implements Queries {
  /** Far beyond any simulated run, so the node's real-time deadline check never decides anything. */
  static final long TIMEOUT_MS = 600_000;

  private final SimWorld cluster;
  private final Node node;

  SimQueries(SimWorld cluster, Node node) {
    this.cluster = cluster;
    this.node = node;
  }

  @Override
  public Reply query(String fql) {
    QueryRequest req = new QueryRequest(SimWorld.SECRET, fql, List.of(), null, QueryRequest.Format.SIMPLE, null,
        System.nanoTime(), TIMEOUT_MS, Long.MIN_VALUE, QueryRequest.DEFAULT_MAX_CONTENTION_RETRIES, false, false, null);
    long answeredBefore = cluster.txnTsAnsweredMax;
    return switch (node.execute(req)) {
      case QueryOutcome.Success s -> {
        cluster.answered(answeredBefore, s.txnTs());
        yield new Reply.Ok(json(s));
      }
      case QueryOutcome.Failure f -> classify(f.code(), f.message());
      case QueryOutcome.ProtocolError p -> classify(p.code(), p.message());
    };
  }

  private Reply classify(ErrorCode code, String message) {
    return switch (code) {
      case CONTENDED_TRANSACTION, STALE_SCHEMA_VERSION -> new Reply.Fail(409, code.wire(), message);
      case LIMIT_EXCEEDED -> new Reply.Fail(429, code.wire(), message);
      case UNAVAILABLE, TIME_OUT -> new Reply.Unknown(code.wire() + ": " + message);
      case INTERNAL_ERROR -> {
        cluster.recordInternalError(message);
        yield new Reply.Unknown(code.wire() + ": " + message);
      }
      default -> new Reply.Fail(400, code.wire(), message);
    };
  }

  private static JsonNode json(QueryOutcome.Success s) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = NodeClient.JSON.getFactory().createGenerator(out)) {
      ValueEncoder.simple().write(g, s.data());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return NodeClient.JSON.readTree(out.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
