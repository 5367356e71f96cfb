package io.faunus.model.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.ArrayV;
import io.faunus.model.value.Value.BoolV;
import io.faunus.model.value.Value.BytesV;
import io.faunus.model.value.Value.DateV;
import io.faunus.model.value.Value.DocV;
import io.faunus.model.value.Value.DoubleV;
import io.faunus.model.value.Value.EventSourceV;
import io.faunus.model.value.Value.FuncV;
import io.faunus.model.value.Value.IdV;
import io.faunus.model.value.Value.IntV;
import io.faunus.model.value.Value.LongV;
import io.faunus.model.value.Value.MatDocV;
import io.faunus.model.value.Value.MatNullDocV;
import io.faunus.model.value.Value.MatSetCursorV;
import io.faunus.model.value.Value.MatSetV;
import io.faunus.model.value.Value.ModuleV;
import io.faunus.model.value.Value.NullV;
import io.faunus.model.value.Value.ObjectV;
import io.faunus.model.value.Value.SetV;
import io.faunus.model.value.Value.StrV;
import io.faunus.model.value.Value.TimeV;
import io.faunus.model.value.Value.TxnTimeV;
import io.faunus.model.value.Value.UuidV;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes a materialized {@link Value} as JSON in the {@code simple} or {@code tagged} format (spec §2.1).
 * The input must be materialized: lazy sets and {@code TransactionTime()} are the evaluator's job to resolve
 * before the result reaches the transport, so meeting one here is a bug (IllegalStateException).
 */
public final class ValueEncoder {

  public enum Format { SIMPLE, TAGGED }

  private static final ValueEncoder SIMPLE = new ValueEncoder(false);
  private static final ValueEncoder TAGGED = new ValueEncoder(true);

  private final boolean tagged;

  private ValueEncoder(boolean tagged) {
    this.tagged = tagged;
  }

  public static ValueEncoder of(Format format) {
    return format == Format.TAGGED ? TAGGED : SIMPLE;
  }

  public static ValueEncoder simple() {
    return SIMPLE;
  }

  public static ValueEncoder tagged() {
    return TAGGED;
  }

  /** Writes {@code v} as one JSON value; I/O errors surface as {@link UncheckedIOException}. */
  public void write(JsonGenerator g, Value v) {
    try {
      encode(g, v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void encode(JsonGenerator g, Value v) throws IOException {
    switch (v) {
      case NullV n -> g.writeNull();
      case BoolV b -> g.writeBoolean(b.value());
      case StrV s -> g.writeString(s.value());
      case IntV i -> {
        if (tagged) tag(g, "@int", Integer.toString(i.value()));
        else g.writeNumber(i.value());
      }
      case LongV l -> {
        if (tagged) tag(g, "@long", Long.toString(l.value()));
        else g.writeNumber(l.value());
      }
      case DoubleV d -> writeDouble(g, d.value());
      case IdV id -> g.writeString(Long.toString(id.value()));
      case TimeV t -> scalar(g, "@time", t.value().toString());
      case DateV d -> scalar(g, "@date", d.value().toString());
      case BytesV b -> scalar(g, "@bytes", Base64.getEncoder().encodeToString(b.value()));
      case UuidV u -> scalar(g, "@uuid", u.value().toString());
      case ArrayV a -> writeArray(g, a.elems());
      case ObjectV o -> writeObject(g, o.fields());
      case ModuleV m -> scalar(g, "@mod", m.name());
      case DocV d -> writeRef(g, d, null);
      case MatDocV d -> {
        if (tagged) {
          g.writeStartObject();
          g.writeFieldName("@doc");
          writeFields(g, d.fields().fields());
          g.writeEndObject();
        } else {
          writeFields(g, d.fields().fields());
        }
      }
      case MatNullDocV d -> {
        if (tagged) writeRef(g, d.ref(), d.cause());
        else g.writeNull();
      }
      case MatSetV s -> {
        if (tagged) {
          g.writeStartObject();
          g.writeFieldName("@set");
        }
        g.writeStartObject();
        g.writeFieldName("data");
        writeArray(g, s.data());
        if (s.after() != null) g.writeStringField("after", s.after());
        g.writeEndObject();
        if (tagged) g.writeEndObject();
      }
      case MatSetCursorV c -> scalar(g, "@set", c.cursor());
      case FuncV f -> g.writeString(f.display());
      case EventSourceV e -> scalar(g, "@stream", e.token());
      case TxnTimeV t ->
          throw new IllegalStateException("TransactionTime() must be resolved before encoding a result");
      case SetV s -> throw new IllegalStateException("sets must be materialized before encoding a result");
    }
  }

  /** A value that is a bare string in simple format and {@code {tag: string}} in tagged format. */
  private void scalar(JsonGenerator g, String tag, String text) throws IOException {
    if (tagged) tag(g, tag, text);
    else g.writeString(text);
  }

  private static void tag(JsonGenerator g, String tag, String text) throws IOException {
    g.writeStartObject();
    g.writeStringField(tag, text);
    g.writeEndObject();
  }

  private void writeDouble(JsonGenerator g, double d) throws IOException {
    // Double.toString gives the shortest round-trip digits and keeps ".0" on whole values, as Fauna does.
    String text = Double.toString(d);
    if (tagged) tag(g, "@double", text);
    else if (Double.isNaN(d) || Double.isInfinite(d)) g.writeString(text); // JSON has no NaN/Infinity
    else g.writeNumber(text);
  }

  private void writeArray(JsonGenerator g, List<Value> elems) throws IOException {
    g.writeStartArray();
    for (Value e : elems) encode(g, e);
    g.writeEndArray();
  }

  private void writeObject(JsonGenerator g, Map<String, Value> fields) throws IOException {
    // In tagged format a key starting with '@' would read back as a tag: wrap the object to escape it.
    boolean wrap = tagged && fields.keySet().stream().anyMatch(k -> k.startsWith("@"));
    if (wrap) {
      g.writeStartObject();
      g.writeFieldName("@object");
    }
    writeFields(g, fields);
    if (wrap) g.writeEndObject();
  }

  private void writeFields(JsonGenerator g, Map<String, Value> fields) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, Value> e : fields.entrySet()) {
      g.writeFieldName(e.getKey());
      encode(g, e.getValue());
    }
    g.writeEndObject();
  }

  /** A document reference; {@code cause} non-null marks a missing document ("exists": false). */
  private void writeRef(JsonGenerator g, DocV ref, String cause) throws IOException {
    if (tagged) {
      g.writeStartObject();
      g.writeFieldName("@ref");
    }
    g.writeStartObject();
    if (ref.named()) g.writeStringField("name", ref.name());
    else g.writeStringField("id", Long.toString(ref.id()));
    g.writeFieldName("coll");
    scalar(g, "@mod", ref.coll());
    if (cause != null) {
      g.writeBooleanField("exists", false);
      g.writeStringField("cause", cause);
    }
    g.writeEndObject();
    if (tagged) g.writeEndObject();
  }
}
