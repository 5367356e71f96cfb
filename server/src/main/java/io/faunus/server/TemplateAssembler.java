package io.faunus.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faunus.model.query.QueryRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns a query template ({@code {"fql": [...]}}, spec §1.3) into FQL source text plus the bound values,
 * each referenced from the text as {@code PLACEHOLDER + i + ">"}. Array and object parts that contain no
 * literal FQL text anywhere inside are bound as one value instead (objects wrapped in {@code @object}), so
 * pure data costs the evaluator nothing to re-assemble.
 */
final class TemplateAssembler {

  static final String BAD_PART =
      "Unexpected JSON Object Field Name. Expected an object with a single key 'fql', 'value', 'array', or 'object'.";

  /** The assembled query. */
  record Assembled(String source, List<JsonNode> values) {}

  private final StringBuilder source = new StringBuilder();
  private final List<JsonNode> values = new ArrayList<>();
  private final Map<JsonNode, String> duplicateKeys;
  /** Whether a literal string part was met since the innermost enclosing array/object part began. */
  private boolean sawText;

  private TemplateAssembler(Map<JsonNode, String> duplicateKeys) {
    this.duplicateKeys = duplicateKeys;
  }

  /** Assembles the body's {@code query} member: FQL text as is, or a template part. */
  static Assembled assemble(JsonNode query, Map<JsonNode, String> duplicateKeys) throws BadRequest {
    if (query.isTextual()) return new Assembled(query.textValue(), List.of());
    TemplateAssembler a = new TemplateAssembler(duplicateKeys);
    a.part(query, false);
    return new Assembled(a.source.toString(), List.copyOf(a.values));
  }

  /** Appends one part; {@code inContainer} when it is directly an element of an array/object part. */
  private void part(JsonNode part, boolean inContainer) throws BadRequest {
    if (part.isTextual()) {
      String text = part.textValue();
      if (text.indexOf('\0') >= 0) throw BadRequest.body("FQL strings cannot contain NUL characters");
      sawText = true;
      // Parenthesise container elements so "1 + 1" stays one element: [(1 + 1)].
      if (inContainer) source.append('(').append(text).append(')');
      else source.append(text);
      return;
    }
    if (!part.isObject()) throw JsonBody.unexpected(part, "query template");
    if (part.size() != 1) throw BadRequest.body(BAD_PART);
    Map.Entry<String, JsonNode> only = part.fields().next();
    JsonNode payload = only.getValue();
    switch (only.getKey()) {
      case "fql" -> {
        if (!payload.isArray()) throw JsonBody.unexpected(payload, "Array Start");
        // Nested templates keep their own lexical scope inside a container element.
        if (inContainer) source.append('(');
        for (JsonNode p : payload) part(p, false);
        if (inContainer) source.append(')');
      }
      case "value" -> bind(payload);
      case "array" -> array(payload);
      case "object" -> object(payload);
      default -> throw BadRequest.body(BAD_PART);
    }
  }

  private void bind(JsonNode value) {
    source.append(QueryRequest.PLACEHOLDER).append(values.size()).append('>');
    values.add(value);
  }

  private void array(JsonNode payload) throws BadRequest {
    if (!payload.isArray()) throw JsonBody.unexpected(payload, "Array Start");
    boolean outerSawText = sawText;
    sawText = false;
    int sourceStart = source.length();
    int valuesStart = values.size();
    source.append('[');
    boolean first = true;
    for (JsonNode p : payload) {
      if (!first) source.append(", ");
      first = false;
      part(p, true);
    }
    source.append(']');
    if (!sawText) {
      // Pure data: bind the element values as one array value.
      JsonNode array = JsonNodeFactory.instance.arrayNode().addAll(values.subList(valuesStart, values.size()));
      rebind(sourceStart, valuesStart, array);
    }
    sawText |= outerSawText;
  }

  private void object(JsonNode payload) throws BadRequest {
    if (!payload.isObject()) throw JsonBody.unexpected(payload, "Object Start");
    String dup = duplicateKeys.get(payload);
    if (dup != null) throw BadRequest.body("Duplicate object field `" + dup + "`");
    boolean outerSawText = sawText;
    sawText = false;
    int sourceStart = source.length();
    int valuesStart = values.size();
    source.append("{ ");
    boolean first = true;
    for (Iterator<Map.Entry<String, JsonNode>> it = payload.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!first) source.append(", ");
      first = false;
      FqlStrings.appendQuoted(source, e.getKey());
      source.append(": ");
      part(e.getValue(), true);
    }
    source.append(" }");
    // A key whose part bound no value (an empty nested fql) cannot be paired with one: keep the literal.
    if (!sawText && values.size() - valuesStart == payload.size()) {
      // Pure data: bind as one object value; @object keeps '@'-prefixed keys literal when decoded as tagged.
      ObjectNode fields = JsonNodeFactory.instance.objectNode();
      Iterator<String> keys = payload.fieldNames();
      for (JsonNode v : values.subList(valuesStart, values.size())) fields.set(keys.next(), v);
      ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
      wrapped.set("@object", fields);
      rebind(sourceStart, valuesStart, wrapped);
    }
    sawText |= outerSawText;
  }

  /** Replaces everything emitted since (sourceStart, valuesStart) by one bound value. */
  private void rebind(int sourceStart, int valuesStart, JsonNode value) {
    source.setLength(sourceStart);
    values.subList(valuesStart, values.size()).clear();
    bind(value);
  }
}
