package io.faunus.node;

import io.faunus.model.query.ErrorCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.faunus.model.codec.DecodeException;
import io.faunus.model.codec.Resolver;
import io.faunus.model.codec.SimpleDecoder;
import io.faunus.model.codec.TaggedDecoder;
import io.faunus.model.db.DbContext;
import io.faunus.model.eval.Env;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryOutcome.Stats;
import io.faunus.model.query.QueryRequest;
import io.faunus.model.value.Value;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Decodes a request's template values and arguments against the database's schema (spec §1.3, §2.3). */
final class Arguments {
  private Arguments() {}

  record Decoded(List<Value> placeholders, Env env) {
    /** The names the arguments bind (the typechecker treats them as untyped). */
    List<String> names() {
      List<String> out = new ArrayList<>();
      for (Env e = env; e != null && e.name() != null; e = e.next()) out.add(e.name());
      return out;
    }
  }

  /** A value that failed to decode: template values → invalid_query, arguments → invalid_request. */
  static final class Invalid extends RuntimeException {
    private final boolean template;

    Invalid(boolean template, String message) {
      super(message, null, false, false);
      this.template = template;
    }

    QueryOutcome outcome(long txnTs, Stats stats) {
      if (!template) return new QueryOutcome.ProtocolError(ErrorCode.INVALID_REQUEST, getMessage());
      return new QueryOutcome.Failure(ErrorCode.INVALID_QUERY, "The query failed 1 validation check", List.of(), null,
          "error: " + getMessage(), txnTs, stats, 0);
    }
  }

  static Decoded decode(QueryRequest req, DbContext db) {
    Resolver resolver = new SchemaResolver(db);
    TaggedDecoder tagged = new TaggedDecoder(resolver);
    List<Value> placeholders = new ArrayList<>();
    for (JsonNode v : req.templateValues() == null ? List.<JsonNode>of() : req.templateValues()) {
      try {
        placeholders.add(tagged.decode(v));
      } catch (DecodeException e) {
        throw new Invalid(true, e.getMessage());
      }
    }
    Env env = Env.EMPTY;
    JsonNode args = req.arguments();
    if (args != null && !args.isNull()) {
      if (!args.isObject()) throw new Invalid(false, "Invalid request body: arguments must be an object");
      for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        try {
          Value v = req.format() == QueryRequest.Format.SIMPLE ? SimpleDecoder.decode(e.getValue()) : tagged.decode(e.getValue());
          env = env.bind(e.getKey(), v);
        } catch (DecodeException ex) {
          throw new Invalid(false, "Invalid argument '" + e.getKey() + "': " + ex.getMessage());
        }
      }
    }
    return new Decoded(placeholders, env);
  }
}
