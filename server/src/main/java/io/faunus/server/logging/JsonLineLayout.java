package io.faunus.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object a line: {@code ts}, {@code level}, {@code logger}, {@code thread}, {@code msg}, then the
 * event's key-value pairs as fields (the query log's {@code database}, {@code duration_ms}, ...), then
 * {@code error} with the stack trace if any.
 */
final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public String doLayout(ILoggingEvent e) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("ts", Instant.ofEpochMilli(e.getTimeStamp()).toString());
      g.writeStringField("level", e.getLevel().toString());
      g.writeStringField("logger", e.getLoggerName());
      g.writeStringField("thread", e.getThreadName());
      g.writeStringField("msg", e.getFormattedMessage());
      if (e.getKeyValuePairs() != null) {
        for (KeyValuePair kv : e.getKeyValuePairs()) {
          if (kv.value instanceof Number n) g.writeNumberField(kv.key, n.longValue());
          else if (kv.value instanceof Boolean b) g.writeBooleanField(kv.key, b);
          else if (kv.value instanceof java.util.Collection<?> c) {
            g.writeArrayFieldStart(kv.key);
            for (Object o : c) g.writeString(String.valueOf(o));
            g.writeEndArray();
          } else g.writeStringField(kv.key, String.valueOf(kv.value));
        }
      }
      if (e.getThrowableProxy() != null) g.writeStringField("error", ThrowableProxyUtil.asString(e.getThrowableProxy()));
      g.writeEndObject();
    } catch (IOException impossible) { // a StringWriter does not fail
      throw new java.io.UncheckedIOException(impossible);
    }
    return out.append('\n').toString();
  }
}
