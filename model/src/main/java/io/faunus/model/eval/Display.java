package io.faunus.model.eval;

import io.faunus.fql.Span;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * String forms of values: display (interpolation, {@code +}, toString) and debug (nested) — spec §3.1.
 *
 * <p>Text is built under the string limit (16 MiB, value_too_large), checked as it grows, and its work is
 * charged to the query: a value sharing its parts ({@code {x: o, y: o}} folded 40 times) is small in memory
 * but its text is not, and must fail early rather than after gigabytes are written.
 */
public final class Display {
  private Display() {}

  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Display form: strings raw, numbers plain, everything else as its debug form. */
  public static String display(Interp in, Value v) {
    if (v instanceof StrV s) return s.value();
    StringBuilder sb = new StringBuilder();
    appendDisplay(in, v, sb, null);
    return sb.toString();
  }

  /**
   * Appends the display form of {@code v} to {@code sb}, failing with value_too_large (located at
   * {@code site}, or at the calling native when null) as soon as {@code sb} passes the string limit.
   */
  public static void appendDisplay(Interp in, Value v, StringBuilder sb, Span site) {
    Text out = new Text(in, sb, site);
    switch (v) {
      case StrV s -> out.append(s.value());
      case NumV n -> out.append(Numbers.display(n));
      case BoolV b -> out.append(Boolean.toString(b.value()));
      case NullV n -> out.append("null");
      case TimeV t -> out.append(t.value().toString());
      case DateV d -> out.append(d.value().toString());
      case BytesV b -> out.append(base64(in, b));
      case IdV i -> out.append(Long.toString(i.value()));
      case UuidV u -> out.append(u.value().toString());
      case TxnTimeV t -> out.append("[transaction time]");
      default -> debug(out, v, true);
    }
  }

  /** Debug form: FQL-like source text. Documents show all their fields. */
  public static String debug(Interp in, Value v) {
    Text out = new Text(in, new StringBuilder(), null);
    debug(out, v, true);
    return out.sb.toString();
  }

  /** The text being built: every append is charged and checked against the string limit. */
  private record Text(Interp in, StringBuilder sb, Span site) {
    Text append(String s) {
      in.chargeBytes(s.length());
      Limits.checkString((long) sb.length() + s.length(), site, in);
      sb.append(s);
      return this;
    }

    Text append(char c) {
      Limits.checkString(sb.length() + 1L, site, in);
      sb.append(c);
      return this;
    }
  }

  private static String base64(Interp in, BytesV b) {
    in.chargeBytes(b.value().length);
    Limits.checkString(b.value().length * 4L / 3, null, in);
    return Base64.getEncoder().encodeToString(b.value());
  }

  private static void debug(Text out, Value v, boolean expandDocs) {
    out.in().tick();
    switch (v) {
      case StrV s -> quote(out, s.value());
      case NumV n -> out.append(Numbers.display(n));
      case BoolV b -> out.append(Boolean.toString(b.value()));
      case NullV n -> out.append("null");
      case TimeV t -> out.append("Time(\"").append(t.value().toString()).append("\")");
      case DateV d -> out.append("Date(\"").append(d.value().toString()).append("\")");
      case BytesV b -> out.append("Bytes(\"").append(base64(out.in(), b)).append("\")");
      case IdV i -> out.append("ID(\"").append(Long.toString(i.value())).append("\")");
      case UuidV u -> out.append("UUID(\"").append(u.value().toString()).append("\")");
      case TxnTimeV t -> out.append("TransactionTime()");
      case ArrayV a -> {
        out.append('[');
        for (int i = 0; i < a.elems().size(); i++) {
          if (i > 0) out.append(", ");
          debug(out, a.elems().get(i), expandDocs);
        }
        out.append(']');
      }
      case ObjectV o -> object(out, o.fields(), expandDocs);
      case DocV d -> doc(out, d, expandDocs);
      case Value.ModuleV m -> out.append(m.name());
      case Value.SetV s -> out.append("[set]");
      case Value.EventSourceV e -> out.append("[event source]");
      case Value.FuncV f -> out.append(f.display());
      case MatDocV d -> object(out, d.fields().fields(), false);
      case MatNullDocV d -> out.append("null");
      case MatSetV s -> out.append("[set]");
      case MatSetCursorV s -> out.append("[set]");
    }
  }

  private static void object(Text out, Map<String, Value> fields, boolean expandDocs) {
    if (fields.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append("{ ");
    boolean first = true;
    for (var e : fields.entrySet()) {
      if (!first) out.append(", ");
      first = false;
      if (IDENT.matcher(e.getKey()).matches()) out.append(e.getKey());
      else quote(out, e.getKey());
      out.append(": ");
      debug(out, e.getValue(), expandDocs);
    }
    out.append(" }");
  }

  private static void doc(Text out, DocV d, boolean expand) {
    ObjectV fields = expand ? out.in().ctx().docs().read(out.in(), d) : null;
    if (fields == null) {
      out.append("[doc ").append(d.named() ? d.name() : Long.toString(d.id())).append(" in ").append(d.coll())
          .append(']');
      return;
    }
    object(out, fields.fields(), false);
  }

  private static void quote(Text out, String s) {
    // Quoting only lengthens a string: refuse before copying one that cannot fit anyway.
    Limits.checkString((long) out.sb().length() + s.length() + 2, out.site(), out.in());
    StringBuilder q = new StringBuilder(s.length() + 2);
    quote(s, q);
    out.append(q.toString());
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
