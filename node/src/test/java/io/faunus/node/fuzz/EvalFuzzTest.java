package io.faunus.node.fuzz;

import io.faunus.fql.fuzz.FuzzRunner;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.faunus.model.codec.ValueEncoder;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryOutcome.Failure;
import io.faunus.model.query.QueryOutcome.ProtocolError;
import io.faunus.model.query.QueryOutcome.Success;
import io.faunus.model.query.QueryRequest;
import io.faunus.node.Node;
import io.faunus.node.NodeConfig;
import java.io.OutputStream;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Evaluator fuzzing end to end without HTTP: generated queries (library calls on random values, documents,
 * indexes, UDFs, recursion, blowups, mutations) run through {@link Node#execute} with a 1 s timeout on a
 * 256 MiB-stack thread, like the server's query threads. Every outcome must be a Success whose data encodes as
 * the server encodes it, a 400 Failure with a code from spec §1.6, or a ProtocolError with status 400, 409, 413,
 * 429 or 440; never an exception, never internal_error or 5xx, and each query ends within its timeout + 3 s.
 * Longer runs: {@code -Dfaunus.fuzz.iterations=20000 -Dfaunus.fuzz.seed=N}.
 */
class EvalFuzzTest {
  static final long TIMEOUT_MS = 1000;
  static final Set<String> FAILURE_CODES = Set.of("invalid_query", "abort", "constraint_failure",
      "document_not_found", "document_deleted", "document_id_exists", "invalid_document_id", "invalid_argument",
      "invalid_bounds", "invalid_function_invocation", "invalid_index_invocation", "type_mismatch",
      "invalid_null_access", "null_value", "unbound_variable", "index_out_of_bounds", "divide_by_zero",
      "permission_denied", "invalid_cursor", "invalid_effect", "invalid_write", "invalid_type", "invalid_id",
      "invalid_time", "invalid_date", "invalid_unit", "invalid_regex", "invalid_secret", "invalid_receiver",
      "invalid_schema", "invalid_computed_field_access", "invalid_timestamp_field_access", "value_too_large",
      "stack_overflow", "disabled_feature", "eval_error",
      // Past the history window, at() fails with a 400 invalid_request query failure (spec §3.7).
      "invalid_request");
  /** 400 invalid_request, 409, 413, 429 and 440 in HTTP terms. */
  static final Set<io.faunus.model.query.ErrorCode> PROTOCOL_CODES = Set.of(io.faunus.model.query.ErrorCode.INVALID_REQUEST,
      io.faunus.model.query.ErrorCode.CONTENDED_TRANSACTION, io.faunus.model.query.ErrorCode.REQUEST_SIZE_EXCEEDED,
      io.faunus.model.query.ErrorCode.LIMIT_EXCEEDED, io.faunus.model.query.ErrorCode.TIME_OUT);
  /** The server's response factory: Jackson defaults (writes nest at most 1000 levels). */
  static final JsonFactory RESPONSE_JSON = new JsonFactory();

  static QueryRequest request(String fql) {
    return new QueryRequest("secret", fql, List.of(), null, QueryRequest.Format.TAGGED, null, System.nanoTime(),
        TIMEOUT_MS, Long.MIN_VALUE, QueryRequest.DEFAULT_MAX_CONTENTION_RETRIES, false, false, null);
  }

  static void check(Node node, String fql) {
    QueryOutcome out = node.execute(request(fql));
    switch (out) {
      case Success s -> {
        for (ValueEncoder enc : new ValueEncoder[] {ValueEncoder.simple(), ValueEncoder.tagged()}) {
          try (JsonGenerator g = RESPONSE_JSON.createGenerator(OutputStream.nullOutputStream())) {
            enc.write(g, s.data());
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          } catch (java.io.UncheckedIOException e) {
            // Deeper than 1000 levels: the server answers 400 value_too_large (Responses.outcome).
            if (!(e.getCause() instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException)) throw e;
          }
        }
      }
      case Failure f -> {
        if (!FAILURE_CODES.contains(f.code().wire())) throw new AssertionError("failure code " + f.code() + ": " + f.message());
      }
      case ProtocolError p -> {
        if (!PROTOCOL_CODES.contains(p.code())) {
          throw new AssertionError("protocol error " + p.code() + ": " + p.message());
        }
      }
    }
  }

  static Node freshNode() {
    Node node = Node.open(new NodeConfig(null, true, "secret"));
    for (String q : List.of(EvalGen.SETUP, EvalGen.SEED_DOCS)) {
      if (!(node.execute(request(q)) instanceof Success)) throw new AssertionError("setup failed: " + q);
    }
    return node;
  }

  @Test
  void blowupsEndOnALimit() {
    Node node = freshNode();
    try (FuzzRunner r = new FuzzRunner("eval-blowups", 256L * 1024 * 1024, TIMEOUT_MS + 3000)) {
      for (String q : EvalGen.BLOWUPS) r.run(q, x -> check(node, x));
      r.assertNoFailures();
    } finally {
      node.close();
    }
  }

  @Test
  void generatedQueries() {
    long seed = FuzzRunner.seed(77L);
    EvalGen gen = new EvalGen(new Random(seed));
    int n = FuzzRunner.iterations(600);
    Node[] node = {freshNode()};
    try (FuzzRunner r = new FuzzRunner("eval seed=" + seed, 256L * 1024 * 1024, TIMEOUT_MS + 3000)) {
      for (int i = 0; i < n; i++) {
        if (i > 0 && i % 500 == 0) { // start over now and then: queries delete and rewrite the schema
          node[0].close();
          node[0] = freshNode();
        }
        r.run(gen.next(), x -> check(node[0], x));
      }
      r.assertNoFailures();
    } finally {
      node[0].close();
    }
  }
}
