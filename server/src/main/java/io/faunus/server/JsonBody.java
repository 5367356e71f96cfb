package io.faunus.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A request body parsed into a JSON tree. Jackson's own tree reader silently keeps the last of duplicate
 * keys, but a template {@code object} part must reject them (spec §1.3), so this reader builds the tree
 * itself and remembers, per object, the first key that was repeated.
 *
 * @param duplicateKeys object node (by identity) → first repeated key
 */
record JsonBody(JsonNode root, Map<JsonNode, String> duplicateKeys) {

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(Limits.JSON_NESTING_MAX_DEPTH)
          .maxDocumentLength(Limits.BODY_SIZE_MAX_BYTES)
          .build())
      .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static JsonBody parse(byte[] body) throws BadRequest {
    if (body.length == 0) throw new BadRequest("No request body provided");
    Map<JsonNode, String> dups = new IdentityHashMap<>();
    try (JsonParser p = FACTORY.createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == null) throw BadRequest.body("Unexpected end of input");
      JsonNode root = read(p, first, dups);
      if (p.nextToken() != null) throw BadRequest.body("Unexpected trailing content");
      return new JsonBody(root, dups);
    } catch (StreamConstraintsException e) {
      String m = e.getMessage();
      if (m != null && m.contains("nesting depth")) throw BadRequest.body("JSON exceeds nesting limit");
      throw BadRequest.body(e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw BadRequest.body(e.getOriginalMessage());
    } catch (IOException e) { // reading a byte array does no I/O; keep the compiler happy
      throw BadRequest.body(e.getMessage());
    }
  }

  // Recursion is bounded by the parser's nesting limit (1000), a few KiB of stack.
  private static JsonNode read(JsonParser p, JsonToken t, Map<JsonNode, String> dups) throws IOException {
    return switch (t) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
          String name = p.currentName();
          JsonNode v = read(p, p.nextToken(), dups);
          if (o.replace(name, v) != null) dups.putIfAbsent(o, name);
        }
        yield o;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) a.add(read(p, e, dups));
        yield a;
      }
      case VALUE_STRING -> NODES.textNode(p.getText());
      case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
        case INT -> NODES.numberNode(p.getIntValue());
        case LONG -> NODES.numberNode(p.getLongValue());
        default -> NODES.numberNode(p.getBigIntegerValue());
      };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      default -> throw new JsonProcessingException("Unexpected token " + t) {};
    };
  }

  /** Fauna's name for the kind of JSON value found where another was expected. */
  static String label(JsonNode n) {
    return switch (n.getNodeType()) {
      case OBJECT -> "Object Start";
      case ARRAY -> "Array Start";
      case STRING -> "String";
      case BOOLEAN -> "Boolean";
      case NUMBER -> n.isIntegralNumber() ? "Integer" : "Double";
      default -> "Null";
    };
  }

  static BadRequest unexpected(JsonNode found, String expected) {
    return BadRequest.body("Unexpected JSON " + label(found) + ". Expected " + expected + ".");
  }
}
