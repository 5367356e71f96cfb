package io.faunus.model.schema;

import io.faunus.fql.Span;
import io.faunus.fql.fsl.FslType;
import io.faunus.fql.print.Strings;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a stored value has a field type (schema-v10.md §5.2), and how Fauna words it when not. An Int is a
 * Long and a Number; a Long is not an Int; integers are not Doubles (as in Fauna). References match
 * {@code Ref<C>} by their collection, whether or not the document exists.
 */
public final class TypeMatch {
  private TypeMatch() {}

  public static boolean matches(Value v, FslType t) {
    return switch (t) {
      case FslType.Named n -> named(v, n.name());
      case FslType.Cons c -> switch (c.name()) {
        case "Ref" -> c.args().size() == 1 && v instanceof DocV d && c.args().get(0) instanceof FslType.Named n
            && d.coll().equals(n.name());
        case "Array" -> v instanceof ArrayV a && c.args().size() == 1
            && a.elems().stream().allMatch(e -> matches(e, c.args().get(0)));
        default -> false; // Set<…> and other non-persistable constructors
      };
      case FslType.Literal l -> literal(v, l.text());
      case FslType.Union u -> u.members().stream().anyMatch(m -> matches(v, m));
      case FslType.Intersect i -> i.members().stream().allMatch(m -> matches(v, m));
      case FslType.Nullable n -> v instanceof NullV || matches(v, n.inner());
      case FslType.Tuple tu -> v instanceof ArrayV a && a.elems().size() == tu.elems().size()
          && java.util.stream.IntStream.range(0, a.elems().size()).allMatch(i -> matches(a.elems().get(i), tu.elems().get(i)));
      case FslType.Obj o -> v instanceof ObjectV obj && object(obj, o);
      case FslType.Func f -> false;
    };
  }

  private static boolean named(Value v, String name) {
    return switch (name) {
      case "Any" -> true;
      case "Never" -> false;
      case "String" -> v instanceof StrV;
      case "Int" -> v instanceof IntV;
      case "Long" -> v instanceof IntV || v instanceof LongV;
      case "Double", "Float" -> v instanceof DoubleV;
      case "Number" -> v instanceof NumV;
      case "Boolean" -> v instanceof BoolV;
      case "Time" -> v instanceof TimeV || v instanceof TxnTimeV;
      case "Date" -> v instanceof DateV;
      case "Bytes" -> v instanceof BytesV;
      case "UUID" -> v instanceof UuidV;
      case "Null" -> v instanceof NullV;
      case "ID" -> v instanceof IdV;
      case "Object" -> v instanceof ObjectV;
      case "Array" -> v instanceof ArrayV;
      default -> v instanceof DocV d && d.coll().equals(name); // a document of that collection
    };
  }

  private static boolean literal(Value v, String text) {
    return switch (v) {
      case StrV s -> Strings.quote(s.value()).equals(text);
      case BoolV b -> Boolean.toString(b.value()).equals(text);
      case NumV n -> {
        try {
          yield new java.math.BigDecimal(text).compareTo(new java.math.BigDecimal(Numbers.display(n))) == 0;
        } catch (NumberFormatException e) {
          yield false;
        }
      }
      default -> false;
    };
  }

  private static boolean object(ObjectV obj, FslType.Obj o) {
    for (FslType.ObjField f : o.fields()) {
      Value v = obj.fields().get(f.name());
      if (!matches(v == null ? NullV.NULL : v, f.type())) return false;
    }
    for (Map.Entry<String, Value> e : obj.fields().entrySet()) {
      if (o.fields().stream().anyMatch(f -> f.name().equals(e.getKey()))) continue;
      if (o.wildcard() == null || !matches(e.getValue(), o.wildcard())) return false;
    }
    return true;
  }

  /** "Expected X, provided Y" of Fauna: nullable types spelled as unions, references with their null docs. */
  public static String mismatch(Value v, FslType t) {
    return "Expected " + expected(t).display() + ", provided " + provided(v, t);
  }

  private static FslType expected(FslType t) {
    List<FslType> members = new ArrayList<>();
    flatten(t, members);
    return members.size() == 1 ? members.get(0) : new FslType.Union(members, Span.NONE);
  }

  private static void flatten(FslType t, List<FslType> out) {
    switch (t) {
      case FslType.Union u -> u.members().forEach(m -> flatten(m, out));
      case FslType.Nullable n -> {
        flatten(n.inner(), out);
        out.add(new FslType.Named("Null", Span.NONE));
      }
      case FslType.Cons c when c.name().equals("Ref") && c.args().size() == 1 && c.args().get(0) instanceof FslType.Named n -> {
        out.add(n);
        out.add(new FslType.Named("Null" + n.name(), Span.NONE));
      }
      default -> out.add(t);
    }
  }

  /** The value as Fauna names it: its literal where the type lists literals, else its type. */
  private static String provided(Value v, FslType t) {
    if (hasLiteral(t)) {
      if (v instanceof StrV s) return Strings.quote(s.value());
      if (v instanceof BoolV || v instanceof NumV) return Values.typeName(v).equals("Boolean")
          ? Boolean.toString(((BoolV) v).value()) : Numbers.display((NumV) v);
    }
    return switch (v) {
      case DocV d -> "Document";
      case ObjectV o -> "{ *: Any }";
      case ArrayV a -> "Array<Any>";
      default -> Values.typeName(v);
    };
  }

  private static boolean hasLiteral(FslType t) {
    return switch (t) {
      case FslType.Literal l -> true;
      case FslType.Union u -> u.members().stream().anyMatch(TypeMatch::hasLiteral);
      case FslType.Nullable n -> hasLiteral(n.inner());
      default -> false;
    };
  }
}
