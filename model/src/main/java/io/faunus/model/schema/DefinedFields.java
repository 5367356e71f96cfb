package io.faunus.model.schema;

import io.faunus.fql.ParseException;
import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.fql.fsl.Fsl;
import io.faunus.fql.fsl.FslType;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A collection's defined fields and wildcard (schema-v10.md §5): each field's type (parsed from its stored
 * signature) and default (FQL source, or null). {@link #enforced()} is false for a collection without defined
 * fields, which accepts any document (an implicit {@code *: Any}).
 */
public record DefinedFields(Map<String, Field> fields, FslType wildcard) {
  public static final DefinedFields NONE = new DefinedFields(Map.of(), null);

  public record Field(FslType type, String defaultValue) {}

  public boolean enforced() {
    return !fields.isEmpty();
  }

  /** From a stored definition's {@code fields} and {@code wildcard}. */
  public static DefinedFields of(Value fields, Value wildcard) {
    if (!(fields instanceof ObjectV fs) || fs.fields().isEmpty()) return NONE;
    Map<String, Field> out = new LinkedHashMap<>();
    fs.fields().forEach((name, spec) -> {
      ObjectV s = spec instanceof ObjectV o ? o : ObjectV.EMPTY;
      out.put(name, new Field(type(s.get("signature")), s.get("default") instanceof StrV d ? d.value() : null));
    });
    return new DefinedFields(java.util.Collections.unmodifiableMap(out), wildcard instanceof StrV w ? type(w) : null);
  }

  /** A signature that does not parse (stored through FQL without validation) accepts anything. */
  private static FslType type(Value signature) {
    if (!(signature instanceof StrV s)) return new FslType.Named("Any", Span.NONE);
    try {
      return Fsl.parseType(new Source("*signature*", s.value()));
    } catch (ParseException e) {
      return new FslType.Named("Any", Span.NONE);
    }
  }
}
