package io.faunus.model.typer;

import io.faunus.fql.ParseException;
import io.faunus.fql.Source;
import io.faunus.fql.fsl.Fsl;
import io.faunus.fql.fsl.FslType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Signatures as written (FSL type syntax, §5.1) turned into {@link Type}s. Names that are neither scalars
 * nor documents of the schema, and intersections, become {@link Type.Unknown}: a signature the typechecker
 * cannot read must not make it reject anything.
 */
final class TypeText {
  private static final Set<String> SCALARS = Set.of("String", "Number", "Int", "Long", "Double", "Float",
      "Boolean", "Null", "Time", "Date", "ID", "Bytes", "UUID");

  private TypeText() {}

  /** {@code text} parsed; {@code isDocument} tells which other names are document types. */
  static Type parse(String text, Predicate<String> isDocument) {
    try {
      return of(Fsl.parseType(new Source("*signature*", text)), isDocument);
    } catch (ParseException | IllegalArgumentException e) {
      return Type.UNKNOWN;
    }
  }

  static Type of(FslType t, Predicate<String> isDocument) {
    return switch (t) {
      case FslType.Named n -> switch (n.name()) {
        case "Any" -> Type.ANY;
        case "Never" -> Type.NEVER;
        default -> SCALARS.contains(n.name()) || isDocument.test(n.name()) ? new Type.Named(n.name()) : Type.UNKNOWN;
      };
      case FslType.Cons c -> {
        List<Type> args = new ArrayList<>();
        for (FslType a : c.args()) args.add(of(a, isDocument));
        yield switch (c.name()) {
          case "Array", "Set" -> args.size() == 1 ? new Type.Cons(c.name(), args) : Type.UNKNOWN;
          // A reference is the document it names (or its Null* stand-in, which is not modelled).
          case "Ref" -> args.size() == 1 && args.get(0) instanceof Type.Named d ? Type.union(List.of(d, Type.UNKNOWN)) : Type.UNKNOWN;
          default -> Type.UNKNOWN;
        };
      }
      case FslType.Literal l -> literal(l.text());
      case FslType.Union u -> Type.union(u.members().stream().map(m -> of(m, isDocument)).toList());
      case FslType.Intersect i -> Type.UNKNOWN;
      case FslType.Nullable n -> Type.nullable(of(n.inner(), isDocument));
      case FslType.Tuple tu -> new Type.Tuple(tu.elems().stream().map(e -> of(e, isDocument)).toList());
      case FslType.Obj o -> {
        Map<String, Type> fields = new LinkedHashMap<>();
        for (FslType.ObjField f : o.fields()) fields.put(f.name(), of(f.type(), isDocument));
        yield new Type.Obj(fields, o.wildcard() == null ? null : of(o.wildcard(), isDocument));
      }
      case FslType.Func f -> {
        List<Type> params = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (FslType.Param p : f.params()) {
          if (p.variadic()) yield new Type.Fn(List.of(), null, of(f.result(), isDocument), false); // not modelled
          params.add(of(p.type(), isDocument));
          names.add(p.name());
        }
        yield new Type.Fn(params, names.contains(null) ? null : names, of(f.result(), isDocument));
      }
    };
  }

  private static Type literal(String text) {
    if (text.startsWith("\"") || text.startsWith("'")) return new Type.Lit(text, (Type.Named) Type.STRING);
    if (text.equals("true") || text.equals("false")) return new Type.Lit(text, (Type.Named) Type.BOOLEAN);
    return new Type.Lit(text, (Type.Named) (text.contains(".") ? Type.DOUBLE : Type.INT));
  }
}
