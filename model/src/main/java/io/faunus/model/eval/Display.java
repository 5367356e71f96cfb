package io.faunus.model.eval;

import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/** String forms of values: display (interpolation, {@code +}, toString) and debug (nested) — spec §3.1. */
public final class Display {
  private Display() {}

  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Display form: strings raw, numbers plain, everything else as its debug form. */
  public static String display(Interp in, Value v) {
    return switch (v) {
      case StrV s -> s.value();
      case NumV n -> Numbers.display(n);
      case BoolV b -> Boolean.toString(b.value());
      case NullV n -> "null";
      case TimeV t -> t.value().toString();
      case DateV d -> d.value().toString();
      case BytesV b -> Base64.getEncoder().encodeToString(b.value());
      case IdV i -> Long.toString(i.value());
      case UuidV u -> u.value().toString();
      case TxnTimeV t -> "[transaction time]";
      default -> debug(in, v);
    };
  }

  /** Debug form: FQL-like source text. Documents show all their fields. */
  public static String debug(Interp in, Value v) {
    StringBuilder sb = new StringBuilder();
    debug(in, v, sb, true);
    return sb.toString();
  }

  private static void debug(Interp in, Value v, StringBuilder sb, boolean expandDocs) {
    switch (v) {
      case StrV s -> quote(s.value(), sb);
      case NumV n -> sb.append(Numbers.display(n));
      case BoolV b -> sb.append(b.value());
      case NullV n -> sb.append("null");
      case TimeV t -> sb.append("Time(\"").append(t.value()).append("\")");
      case DateV d -> sb.append("Date(\"").append(d.value()).append("\")");
      case BytesV b -> sb.append("Bytes(\"").append(Base64.getEncoder().encodeToString(b.value())).append("\")");
      case IdV i -> sb.append("ID(\"").append(i.value()).append("\")");
      case UuidV u -> sb.append("UUID(\"").append(u.value()).append("\")");
      case TxnTimeV t -> sb.append("TransactionTime()");
      case ArrayV a -> {
        sb.append('[');
        for (int i = 0; i < a.elems().size(); i++) {
          if (i > 0) sb.append(", ");
          debug(in, a.elems().get(i), sb, expandDocs);
        }
        sb.append(']');
      }
      case ObjectV o -> object(in, o.fields(), sb, expandDocs);
      case DocV d -> doc(in, d, sb, expandDocs);
      case Value.ModuleV m -> sb.append(m.name());
      case Value.SetV s -> sb.append("[set]");
      case Value.EventSourceV e -> sb.append("[event source]");
      case Value.FuncV f -> sb.append(f.display());
      case MatDocV d -> object(in, d.fields().fields(), sb, false);
      case MatNullDocV d -> sb.append("null");
      case MatSetV s -> sb.append("[set]");
      case MatSetCursorV s -> sb.append("[set]");
    }
  }

  private static void object(Interp in, Map<String, Value> fields, StringBuilder sb, boolean expandDocs) {
    if (fields.isEmpty()) {
      sb.append("{}");
      return;
    }
    sb.append("{ ");
    boolean first = true;
    for (var e : fields.entrySet()) {
      if (!first) sb.append(", ");
      first = false;
      if (IDENT.matcher(e.getKey()).matches()) sb.append(e.getKey());
      else quote(e.getKey(), sb);
      sb.append(": ");
      debug(in, e.getValue(), sb, expandDocs);
    }
    sb.append(" }");
  }

  private static void doc(Interp in, DocV d, StringBuilder sb, boolean expand) {
    ObjectV fields = expand ? in.ctx().docs().read(in, d) : null;
    if (fields == null) {
      sb.append("[doc ").append(d.named() ? d.name() : Long.toString(d.id())).append(" in ").append(d.coll()).append(']');
      return;
    }
    object(in, fields.fields(), sb, false);
  }

  public static void quote(String s, StringBuilder sb) {
    sb.append('"');
    s.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '#' -> sb.append("#");
        default -> {
          if (c < 0x20 || c == 0x7f) sb.append(String.format("\\u%04X", c));
          else sb.appendCodePoint(c);
        }
      }
    });
    sb.append('"');
  }
}
