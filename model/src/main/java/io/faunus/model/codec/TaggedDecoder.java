package io.faunus.model.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.ArrayV;
import io.faunus.model.value.Value.BoolV;
import io.faunus.model.value.Value.BytesV;
import io.faunus.model.value.Value.DateV;
import io.faunus.model.value.Value.DocV;
import io.faunus.model.value.Value.DoubleV;
import io.faunus.model.value.Value.IntV;
import io.faunus.model.value.Value.LongV;
import io.faunus.model.value.Value.ModuleV;
import io.faunus.model.value.Value.NullV;
import io.faunus.model.value.Value.ObjectV;
import io.faunus.model.value.Value.StrV;
import io.faunus.model.value.Value.TimeV;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes tagged JSON (spec §2.3) into a {@link Value}: query arguments under {@code x-format: tagged} and
 * template {@code value} parts. Failures throw {@link DecodeException} with the spec's message.
 */
public final class TaggedDecoder {

  private final Resolver resolver;

  public TaggedDecoder(Resolver resolver) {
    this.resolver = resolver;
  }

  public Value decode(JsonNode node) {
    return switch (node.getNodeType()) {
      case NULL, MISSING -> NullV.NULL;
      case BOOLEAN -> BoolV.of(node.booleanValue());
      case STRING -> new StrV(node.textValue());
      case NUMBER -> throw new DecodeException("numbers must be tagged");
      case ARRAY -> {
        List<Value> elems = new ArrayList<>(node.size());
        for (JsonNode e : node) elems.add(decode(e));
        yield new ArrayV(elems);
      }
      case OBJECT -> decodeObject(node);
      // BINARY and POJO nodes only come from code, never from parsed JSON.
      default -> throw new DecodeException("unsupported JSON value");
    };
  }

  private Value decodeObject(JsonNode node) {
    boolean hasTag = false;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      if (it.next().startsWith("@")) {
        hasTag = true;
        break;
      }
    }
    if (!hasTag) return new ObjectV(decodeFields(node));
    if (node.size() != 1) throw new DecodeException("too many keys in tagged value");
    Map.Entry<String, JsonNode> entry = node.fields().next();
    String tag = entry.getKey();
    JsonNode payload = entry.getValue();
    return switch (tag) {
      case "@int" -> parse(tag, payload, "invalid integer", s -> new IntV(Integer.parseInt(s)));
      case "@long" -> parse(tag, payload, "invalid long", s -> new LongV(Long.parseLong(s)));
      case "@double" -> parse(tag, payload, "invalid double", s -> new DoubleV(Double.parseDouble(s)));
      case "@time" -> parse(tag, payload, "invalid time",
          s -> new TimeV(OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()));
      case "@date" -> parse(tag, payload, "invalid date", s -> new DateV(LocalDate.parse(s)));
      case "@bytes" -> parse(tag, payload, "invalid bytes", s -> new BytesV(Base64.getDecoder().decode(s)));
      case "@object" -> {
        if (!payload.isObject()) throw new DecodeException("@object requires an object value");
        yield new ObjectV(decodeFields(payload));
      }
      case "@mod" -> module(requireString(tag, payload));
      case "@ref", "@doc" -> ref(tag, payload);
      default -> throw new DecodeException("invalid tag '" + tag + "'");
    };
  }

  private Map<String, Value> decodeFields(JsonNode obj) {
    Map<String, Value> fields = new LinkedHashMap<>();
    obj.fields().forEachRemaining(e -> fields.put(e.getKey(), decode(e.getValue())));
    return fields;
  }

  private interface Parser {
    Value parse(String text);
  }

  private static Value parse(String tag, JsonNode payload, String invalid, Parser parser) {
    String text = requireString(tag, payload);
    try {
      return parser.parse(text);
    } catch (DateTimeParseException | IllegalArgumentException e) {
      // NumberFormatException and Base64 errors are IllegalArgumentExceptions
      throw new DecodeException(invalid);
    }
  }

  private static String requireString(String tag, JsonNode payload) {
    if (!payload.isTextual()) throw new DecodeException(tag + " requires a string value");
    return payload.textValue();
  }

  private ModuleV module(String name) {
    ModuleV m = resolver.module(name);
    if (m == null) throw new DecodeException("no such module '" + name + "'");
    return m;
  }

  private Value ref(String tag, JsonNode payload) {
    if (payload.isTextual()) return legacyRef(tag, payload.textValue());
    if (!payload.isObject()) throw new DecodeException(tag + " requires an object value");
    // Every key is decoded first, extra ones included, so a bad one fails the whole value (as Fauna does).
    Map<String, Value> fields = decodeFields(payload);
    if (!fields.containsKey("coll")) throw new DecodeException(tag + " field 'coll' is required");
    if (!(fields.get("coll") instanceof ModuleV coll)) {
      throw new DecodeException(tag + " field 'coll' requires a module value");
    }
    return switch (resolver.collectionKind(coll)) {
      case BY_ID -> DocV.byId(coll.name(), parseId(tag, requireStrField(tag, fields, "id")));
      case BY_NAME -> {
        String name = requireStrField(tag, fields, "name");
        if (!resolver.namedDocExists(coll, name)) {
          throw new DecodeException("no such schema object '" + name + "'");
        }
        yield DocV.byName(coll.name(), name);
      }
      case NOT_A_COLLECTION -> throw new DecodeException(tag + " field 'coll' requires a collection module");
    };
  }

  private static String requireStrField(String tag, Map<String, Value> fields, String key) {
    Value v = fields.get(key);
    if (v == null) throw new DecodeException(tag + " field '" + key + "' is required");
    if (!(v instanceof StrV s)) throw new DecodeException(tag + " field '" + key + "' requires a string value");
    return s.value();
  }

  private static long parseId(String tag, String text) {
    try {
      long id = Long.parseLong(text);
      if (id >= 0) return id;
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new DecodeException(tag + " field 'id' must be an integer");
  }

  /** Legacy string payload {@code "Coll:id"}, kept because old clients still send it. */
  private Value legacyRef(String tag, String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) throw new DecodeException(tag + " requires an object value");
    ModuleV coll = module(text.substring(0, colon));
    if (resolver.collectionKind(coll) != Resolver.CollectionKind.BY_ID) {
      throw new DecodeException(tag + " field 'coll' requires a collection module");
    }
    return DocV.byId(coll.name(), parseId(tag, text.substring(colon + 1)));
  }
}
