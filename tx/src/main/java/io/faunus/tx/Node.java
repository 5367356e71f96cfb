package io.faunus.tx;

import com.fasterxml.jackson.databind.JsonNode;
import io.faunus.fql.Diagnostic;
import io.faunus.fql.ParseException;
import io.faunus.fql.Parser;
import io.faunus.fql.Source;
import io.faunus.fql.ast.Expr;
import io.faunus.model.codec.DecodeException;
import io.faunus.model.codec.Resolver;
import io.faunus.model.codec.SimpleDecoder;
import io.faunus.model.codec.TaggedDecoder;
import io.faunus.model.engine.CursorRegistry;
import io.faunus.model.engine.EvalContext;
import io.faunus.model.engine.Materializer;
import io.faunus.model.engine.Summary;
import io.faunus.model.eval.DocAccess;
import io.faunus.model.eval.Env;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryError;
import io.faunus.model.query.QueryEngine;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryOutcome.Failure;
import io.faunus.model.query.QueryOutcome.ProtocolError;
import io.faunus.model.query.QueryOutcome.Stats;
import io.faunus.model.query.QueryOutcome.Success;
import io.faunus.model.query.QueryRequest;
import io.faunus.model.stdlib.Builtins;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.ModuleV;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One Faunus node: authenticates a request, evaluates it as one transaction and answers. Thread-safe;
 * each request runs on the caller's thread (the transport gives it a large stack).
 */
public final class Node implements QueryEngine, AutoCloseable {
  private final NodeConfig config;
  private final CommitClock clock = CommitClock.system(0);
  private final IdGenerator ids = new IdGenerator(0);
  private final CursorRegistry cursors = new CursorRegistry();

  private Node(NodeConfig config) {
    this.config = config;
  }

  public static Node open(NodeConfig config) {
    return new Node(config);
  }

  @Override
  public QueryOutcome execute(QueryRequest req) {
    long start = System.nanoTime();
    if (req.secret() == null || !req.secret().equals(config.rootSecret())) {
      return new ProtocolError(401, "unauthorized", "Access token required");
    }
    Resolver resolver = new BuiltinResolver();
    List<Value> placeholders;
    Env args;
    try {
      placeholders = decodeTemplateValues(req.templateValues(), resolver);
    } catch (DecodeException e) {
      return invalidQuery(e.getMessage(), start);
    }
    try {
      args = decodeArguments(req, resolver);
    } catch (ArgumentException e) {
      return new ProtocolError(400, "invalid_request", e.getMessage());
    }
    Source source = Source.query(req.source());
    Expr.Block ast;
    try {
      ast = Parser.parseQuery(source);
    } catch (ParseException e) {
      return new Failure("invalid_query", ParseException.validationMessage(e.diagnostics().size()), List.of(),
          null, Summary.render(List.of(), null) + renderAll(e.diagnostics()), clock.tick(), stats(start, 1), 0);
    }
    long snapshot = clock.tick();
    EvalContext ctx = new EvalContext(placeholders, req.receivedNanos(), req.timeoutMs(),
        CommitClock.toInstant(snapshot), ids::next, cursors.forDatabase(0), EvalContext.Schema.NONE, DocAccess.NONE);
    Interp in = new Interp(ctx, source);
    try {
      ctx.checkDeadline();
      Value result = in.eval(ast, args);
      Value data = new Materializer(in, snapshot).materialize(result);
      ctx.checkDeadline();
      return new Success(data, Summary.render(ctx.logs(), null), snapshot, stats(start, in.computeOps()), 0);
    } catch (QueryError e) {
      if (e.httpStatus() != 0) return new ProtocolError(e.httpStatus(), e.code(), e.getMessage());
      return new Failure(e.code(), e.getMessage(), e.constraintFailures(), abortValue(in, e, snapshot),
          Summary.render(ctx.logs(), e.diagnostic()), snapshot, stats(start, in.computeOps()), 0);
    } catch (StackOverflowError e) {
      return new Failure("stack_overflow", "Stack overflow.", List.of(), null, "", snapshot,
          stats(start, in.computeOps()), 0);
    }
  }

  private static Value abortValue(Interp in, QueryError e, long snapshot) {
    if (e.abortValue() == null) return null;
    return new Materializer(in, snapshot).materialize(e.abortValue());
  }

  private static String renderAll(List<Diagnostic> ds) {
    return io.faunus.fql.DiagnosticRenderer.render(ds);
  }

  private QueryOutcome invalidQuery(String message, long start) {
    return new Failure("invalid_query", ParseException.validationMessage(1), List.of(), null,
        "error: " + message, clock.tick(), stats(start, 1), 0);
  }

  private static Stats stats(long startNanos, long computeOps) {
    return new Stats(computeOps, 0, 0, (System.nanoTime() - startNanos) / 1_000_000L, 0, 0, 0, List.of());
  }

  private static List<Value> decodeTemplateValues(List<JsonNode> values, Resolver resolver) {
    if (values == null || values.isEmpty()) return List.of();
    TaggedDecoder dec = new TaggedDecoder(resolver);
    List<Value> out = new ArrayList<>(values.size());
    for (JsonNode v : values) out.add(dec.decode(v));
    return out;
  }

  private static final class ArgumentException extends RuntimeException {
    ArgumentException(String message) {
      super(message, null, false, false);
    }
  }

  private static Env decodeArguments(QueryRequest req, Resolver resolver) {
    Env env = Env.EMPTY;
    if (req.arguments() == null || req.arguments().isNull()) return env;
    if (!req.arguments().isObject()) throw new ArgumentException("Invalid request body: arguments must be an object");
    TaggedDecoder tagged = new TaggedDecoder(resolver);
    for (Iterator<Map.Entry<String, JsonNode>> it = req.arguments().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      try {
        Value v = req.format() == QueryRequest.Format.SIMPLE ? SimpleDecoder.decode(e.getValue())
            : tagged.decode(e.getValue());
        env = env.bind(e.getKey(), v);
      } catch (DecodeException ex) {
        throw new ArgumentException("Invalid argument '" + e.getKey() + "': " + ex.getMessage());
      }
    }
    return env;
  }

  /** Decoding against built-in modules only (no schema yet). */
  private static final class BuiltinResolver implements Resolver {
    @Override
    public ModuleV module(String name) {
      return Builtins.global(name) instanceof ModuleV m ? m : null;
    }

    @Override
    public CollectionKind collectionKind(ModuleV module) {
      return CollectionKind.NOT_A_COLLECTION;
    }

    @Override
    public boolean namedDocExists(ModuleV coll, String name) {
      return false;
    }
  }

  @Override
  public void close() {}
}
