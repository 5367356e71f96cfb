package io.faunus.server.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;

/** How the shell and {@code faunus query} print answers. */
final class Render {

  /** Arrays one element a line, like objects (Jackson's default keeps arrays on one line), and "a": 1. */
  private static final ObjectWriter PRETTY = QueryClient.MAPPER.writer(new DefaultPrettyPrinter()
      .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE)
      .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

  private Render() {}

  static String json(JsonNode value, boolean pretty) {
    try {
      return pretty ? PRETTY.writeValueAsString(value)
          : QueryClient.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree cannot be written back", e);
    }
  }

  /**
   * An error for a person: the node's summary (the query text with carets under the failing span, spec
   * §1.4) when it has one, and the code and message, which the summary may not repeat.
   */
  static String error(Answer.QueryFailed f) {
    StringBuilder b = new StringBuilder();
    b.append(f.code().isEmpty() ? "error" : f.code()).append(": ").append(f.message());
    if (!f.summary().isBlank()) b.append('\n').append(f.summary());
    JsonNode abort = f.body().path("error").path("abort");
    if (!abort.isMissingNode()) b.append("\nabort value: ").append(json(abort, false));
    return b.toString();
  }

  /** One line of a response's cost, for {@code .stats on}. */
  static String stats(JsonNode body) {
    JsonNode s = body.path("stats");
    return "txn_ts " + body.path("txn_ts").asLong() + ", " + s.path("query_time_ms").asLong() + " ms, "
        + s.path("compute_ops").asLong() + " compute / " + s.path("read_ops").asLong() + " read / "
        + s.path("write_ops").asLong() + " write ops";
  }
}
