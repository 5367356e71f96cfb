package io.faunus.model.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.ArrayV;
import io.faunus.model.value.Value.BoolV;
import io.faunus.model.value.Value.DoubleV;
import io.faunus.model.value.Value.IntV;
import io.faunus.model.value.Value.LongV;
import io.faunus.model.value.Value.NullV;
import io.faunus.model.value.Value.ObjectV;
import io.faunus.model.value.Value.StrV;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes plain JSON ({@code x-format: simple} arguments) structurally: integers become Int when they fit
 * 32 bits, else Long, else Double (spec §2.4); no tags are interpreted.
 */
public final class SimpleDecoder {

  private SimpleDecoder() {}

  public static Value decode(JsonNode node) {
    return switch (node.getNodeType()) {
      case NULL, MISSING -> NullV.NULL;
      case BOOLEAN -> BoolV.of(node.booleanValue());
      case STRING -> new StrV(node.textValue());
      case NUMBER -> number(node);
      case ARRAY -> {
        List<Value> elems = new ArrayList<>(node.size());
        for (JsonNode e : node) elems.add(decode(e));
        yield new ArrayV(elems);
      }
      case OBJECT -> {
        Map<String, Value> fields = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> fields.put(e.getKey(), decode(e.getValue())));
        yield new ObjectV(fields);
      }
      default -> throw new DecodeException("unsupported JSON value");
    };
  }

  private static Value number(JsonNode n) {
    if (!n.isIntegralNumber()) return new DoubleV(n.doubleValue());
    if (n.canConvertToInt()) return new IntV(n.intValue());
    if (n.canConvertToLong()) return new LongV(n.longValue());
    return new DoubleV(n.doubleValue());
  }
}
