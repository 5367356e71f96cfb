package io.faunus.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.faunus.model.codec.ValueEncoder;
import io.faunus.model.doc.BoundedBytes;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.FeedOutcome;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.StreamEvent;
import io.faunus.model.query.QueryOutcome.ConstraintFailure;
import io.faunus.model.query.QueryOutcome.Failure;
import io.faunus.model.query.QueryOutcome.ProtocolError;
import io.faunus.model.query.QueryOutcome.Stats;
import io.faunus.model.query.QueryOutcome.Success;
import io.faunus.model.query.QueryRequest.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** JSON bodies of /query/1 responses (spec §1.5) and protocol errors. */
final class Responses {
  private Responses() {}

  private static final JsonFactory JSON = new JsonFactory();

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] render(Body body) {
    BoundedBytes out = new BoundedBytes(256, Limits.RESPONSE_BODY_MAX_BYTES);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] error(String code, String message) {
    return render(g -> {
      g.writeStartObject();
      writeError(g, code, message);
      g.writeEndObject();
    });
  }

  /** A {@code /schema/1} success: {@code version} first, then the call's fields (schema-v10.md §1.0). */
  static byte[] schema(io.faunus.model.query.SchemaAnswer.Ok ok) {
    return render(g -> {
      g.writeStartObject();
      g.writeNumberField("version", ok.version());
      ok.fields().fields().forEach((k, v) -> {
        try {
          g.writeFieldName(k);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        ValueEncoder.simple().write(g, v);
      });
      g.writeEndObject();
    });
  }

  /** A {@code /schema/1} error: {@code {"error":{"message"}}}, no code (schema-v10.md §1.0). */
  static byte[] schemaError(String message) {
    return render(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeStringField("message", message);
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  static byte[] ping(String scope) {
    return render(g -> {
      g.writeStartObject();
      g.writeStringField("resource", "Scope " + scope + " is OK");
      g.writeEndObject();
    });
  }

  /** For reading small admin request bodies. */
  static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

  static byte[] message(String message) {
    return render(g -> {
      g.writeStartObject();
      g.writeStringField("message", message);
      g.writeEndObject();
    });
  }

  /** GET /admin/status (docs/operations.md). */
  static byte[] status(io.faunus.model.query.NodeStatus s) {
    return render(g -> {
      g.writeStartObject();
      g.writeStringField("node", s.node());
      g.writeStringField("role", s.role());
      g.writeNumberField("term", s.term());
      g.writeStringField("leader", s.leader());
      g.writeNumberField("commit_index", s.commitIndex());
      g.writeNumberField("applied_index", s.appliedIndex());
      g.writeNumberField("lag", Math.max(0, s.commitIndex() - s.appliedIndex()));
      g.writeNumberField("last_commit_ts", s.lastCommitMicros());
      if (s.digest() != null) {
        g.writeStringField("digest", s.digest());
        g.writeNumberField("digest_index", s.digestIndex());
      }
      g.writeEndObject();
    });
  }

  /** The reply for an engine outcome; {@code data}/{@code abort} use the request's format. */
  static Reply outcome(QueryOutcome outcome, Format format, String queryTags) {
    try {
      return encode(outcome, format, queryTags);
    } catch (BoundedBytes.Full e) {
      return Reply.error(400, "value_too_large", "Value too large: the response exceeds the limit of "
          + Limits.RESPONSE_BODY_MAX_BYTES + " bytes.");
    } catch (UncheckedIOException e) {
      // Jackson refuses to write JSON nested deeper than 1000 levels (a fold can build such a value): the
      // client gets a 4xx, not a 500.
      if (!(e.getCause() instanceof StreamConstraintsException)) throw e;
      return Reply.error(400, "value_too_large", "Value too large: the result nests deeper than 1000 levels.");
    }
  }

  private static Reply encode(QueryOutcome outcome, Format format, String queryTags) {
    // Decorated output is not implemented yet: answer it tagged, which every driver can read.
    ValueEncoder enc = ValueEncoder.of(format == Format.SIMPLE ? ValueEncoder.Format.SIMPLE
        : ValueEncoder.Format.TAGGED);
    return switch (outcome) {
      case Success s -> Reply.json(200, render(g -> {
        g.writeStartObject();
        g.writeFieldName("data");
        enc.write(g, s.data());
        if (s.staticType() != null) g.writeStringField("static_type", s.staticType());
        writeTail(g, s.summary(), s.txnTs(), s.stats(), queryTags, s.schemaVersion());
        g.writeEndObject();
      }));
      case Failure f -> Reply.json(HttpStatuses.ofFailure(f.code()), render(g -> {
        g.writeStartObject();
        g.writeObjectFieldStart("error");
        g.writeStringField("code", f.code().wire());
        g.writeStringField("message", f.message());
        if (f.constraintFailures() != null && !f.constraintFailures().isEmpty()) {
          writeConstraintFailures(g, f.constraintFailures());
        }
        if (f.abort() != null) {
          g.writeFieldName("abort");
          enc.write(g, f.abort());
        }
        g.writeEndObject();
        writeTail(g, f.summary(), f.txnTs(), f.stats(), queryTags, f.schemaVersion());
        g.writeEndObject();
      }));
      case ProtocolError p -> Reply.error(HttpStatuses.of(p.code()), p.code().wire(), p.message());
    };
  }

  // ---- events (spec §1.7, §1.8): always tagged -----------------------------------------------------------

  /** Stream events as newline-delimited JSON, each followed by {@code \r\n}, in one piece. */
  static byte[] events(List<StreamEvent> events) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
    for (StreamEvent e : events) {
      out.writeBytes(event(e));
      out.write('\r');
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** One event; one that cannot be encoded (too large, nested too deep) becomes an error event saying so. */
  static byte[] event(StreamEvent e) {
    try {
      return render(g -> writeEvent(g, e));
    } catch (BoundedBytes.Full | UncheckedIOException x) {
      if (x instanceof UncheckedIOException u && !(u.getCause() instanceof StreamConstraintsException)) throw u;
      return render(g -> writeEvent(g, StreamEvent.error(ErrorCode.VALUE_TOO_LARGE,
          "Value too large: the event's data cannot be encoded within the response limits.", null, e.stats())));
    }
  }

  /** A /feed/1 page. */
  static Reply feed(FeedOutcome outcome) {
    return switch (outcome) {
      case FeedOutcome.Refused r -> Reply.error(HttpStatuses.of(r.code()), r.code().wire(), r.message());
      case FeedOutcome.Page p -> {
        try {
          yield Reply.json(200, render(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("events");
            for (StreamEvent e : p.events()) writeEvent(g, e);
            g.writeEndArray();
            g.writeStringField("cursor", p.cursor());
            g.writeBooleanField("has_next", p.hasNext());
            writeEventStats(g, p.stats());
            g.writeEndObject();
          }));
        } catch (BoundedBytes.Full e) {
          yield Reply.error(400, "value_too_large", "Value too large: the page exceeds the limit of "
              + Limits.RESPONSE_BODY_MAX_BYTES + " bytes; ask for a smaller page_size.");
        } catch (UncheckedIOException e) {
          if (!(e.getCause() instanceof StreamConstraintsException)) throw e;
          yield Reply.error(400, "value_too_large", "Value too large: an event nests deeper than 1000 levels.");
        }
      }
    };
  }

  private static void writeEvent(JsonGenerator g, StreamEvent e) throws IOException {
    ValueEncoder enc = ValueEncoder.tagged();
    g.writeStartObject();
    g.writeStringField("type", e.type().wire());
    if (e.type() == StreamEvent.Type.ERROR) {
      g.writeObjectFieldStart("error");
      g.writeStringField("code", e.error().code().wire());
      g.writeStringField("message", e.error().message());
      if (e.error().abort() != null) {
        g.writeFieldName("abort");
        enc.write(g, e.error().abort());
      }
      g.writeEndObject();
    } else {
      if (e.data() != null) {
        g.writeFieldName("data");
        enc.write(g, e.data());
      }
      g.writeNumberField("txn_ts", e.txnTs());
      g.writeStringField("cursor", e.cursor());
    }
    writeEventStats(g, e.stats());
    g.writeEndObject();
  }

  /** Event stats, keys in Fauna's order (stats-metering §4). */
  private static void writeEventStats(JsonGenerator g, StreamEvent.Stats s) throws IOException {
    g.writeObjectFieldStart("stats");
    g.writeNumberField("read_ops", s.readOps());
    g.writeNumberField("storage_bytes_read", s.storageBytesRead());
    g.writeNumberField("compute_ops", s.computeOps());
    g.writeNumberField("processing_time_ms", s.processingTimeMs());
    g.writeArrayFieldStart("rate_limits_hit");
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeError(JsonGenerator g, String code, String message) throws IOException {
    g.writeObjectFieldStart("error");
    g.writeStringField("code", code);
    g.writeStringField("message", message);
    g.writeEndObject();
  }

  private static void writeTail(JsonGenerator g, String summary, long txnTs, Stats stats, String queryTags,
                                long schemaVersion) throws IOException {
    g.writeStringField("summary", summary == null ? "" : summary);
    g.writeNumberField("txn_ts", txnTs);
    writeStats(g, stats == null ? Stats.ZERO : stats);
    if (queryTags != null) g.writeStringField("query_tags", queryTags);
    g.writeNumberField("schema_version", schemaVersion);
  }

  private static void writeStats(JsonGenerator g, Stats s) throws IOException {
    g.writeObjectFieldStart("stats");
    g.writeNumberField("compute_ops", s.computeOps());
    g.writeNumberField("read_ops", s.readOps());
    g.writeNumberField("write_ops", s.writeOps());
    g.writeNumberField("query_time_ms", s.queryTimeMs());
    g.writeNumberField("contention_retries", s.contentionRetries());
    g.writeNumberField("storage_bytes_read", s.storageBytesRead());
    g.writeNumberField("storage_bytes_write", s.storageBytesWrite());
    g.writeArrayFieldStart("rate_limits_hit");
    for (String r : s.rateLimitsHit()) g.writeString(r);
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeConstraintFailures(JsonGenerator g, List<ConstraintFailure> failures)
      throws IOException {
    g.writeArrayFieldStart("constraint_failures");
    for (ConstraintFailure cf : failures) {
      g.writeStartObject();
      g.writeArrayFieldStart("paths");
      for (List<Object> path : cf.paths()) {
        g.writeStartArray();
        for (Object step : path) {
          if (step instanceof Integer i) g.writeNumber(i);
          else g.writeString(String.valueOf(step));
        }
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeStringField("message", cf.message());
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
