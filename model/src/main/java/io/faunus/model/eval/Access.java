package io.faunus.model.eval;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.fql.Diagnostic.Location;
import io.faunus.model.stdlib.Builtins;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;

/** Field, member and index access on any value (spec §3.3-§3.6). */
public final class Access {
  private Access() {}

  /** The built-in member {@code name} of recv's type (methods and properties), or null. */
  public static Member member(Interp in, Value recv, String name) {
    return switch (recv) {
      case DocV d -> in.ctx().docs().member(in, d, name);
      case Module m -> m.member(in, name);
      case ObjectV o -> null;
      default -> Builtins.member(recv, name);
    };
  }

  /** {@code recv.name}. */
  public static Value field(Interp in, Value recv, String name, Span span) {
    switch (recv) {
      case NullV n -> throw nullAccess(in, n, "`" + name + "`", span);
      case ObjectV o -> {
        Value v = o.fields().get(name);
        return v != null ? v : new NullV(span);
      }
      case DocV d -> {
        Member m = in.ctx().docs().member(in, d, name);
        if (m instanceof Member.Method method) return method.bind(d);
        Value v = in.ctx().docs().field(in, d, name, span);
        return v != null ? v : new NullV(span);
      }
      default -> {
        Member m = member(in, recv, name);
        if (m instanceof Member.Property p) return p.getter().apply(in, recv);
        if (m instanceof Member.Method method) return method.bind(recv);
        // Fauna reads an unknown field of any other value as null (the null remembers where it came from).
        return new NullV(span);
      }
    }
  }

  /** The value of field {@code name} for a method call on objects/docs, or null when absent. */
  static Value fieldOrMissing(Interp in, Value recv, String name, Span span) {
    return switch (recv) {
      case NullV n -> throw nullAccess(in, n, "`" + name + "`", span);
      case ObjectV o -> o.fields().get(name);
      case DocV d -> {
        Value v = in.ctx().docs().field(in, d, name, span);
        yield v instanceof NullV ? null : v;
      }
      default -> null;
    };
  }

  public static QueryError nullAccess(Interp in, NullV n, String what, Span span) {
    QueryError e = in.error(ErrorCode.INVALID_NULL_ACCESS, "Cannot access " + what + " on null.", span);
    if (n.origin() != null) e.hint("Null value created here", new Location(in.source(), n.origin()));
    return e;
  }

  /** The name used in "does not exist on `T`" messages. */
  public static String typeLabel(Value v) {
    return v instanceof ModuleV m ? m.name() : Values.typeName(v);
  }

  /** {@code recv[idx]}. */
  public static Value index(Interp in, Value recv, Value idx, Span span) {
    switch (recv) {
      case NullV n -> throw nullAccess(in, n, "`[" + Display.debug(in, idx) + "]`", span);
      case ArrayV a -> {
        int i = intIndex(in, idx, span);
        if (i < 0 || i >= a.elems().size()) throw outOfBounds(in, i, a.elems().size(), span);
        return a.elems().get(i);
      }
      case StrV s -> {
        int i = intIndex(in, idx, span);
        in.chargeBytes(s.value().length()); // code points are counted from the start
        int len = s.value().codePointCount(0, s.value().length());
        if (i < 0 || i >= len) throw outOfBounds(in, i, len, span);
        int at = s.value().offsetByCodePoints(0, i);
        return new StrV(new String(Character.toChars(s.value().codePointAt(at))));
      }
      case ObjectV o when idx instanceof StrV k -> {
        Value v = o.fields().get(k.value());
        return v != null ? v : new NullV(span);
      }
      case DocV d when idx instanceof StrV k -> {
        return field(in, d, k.value(), span);
      }
      default -> throw in.error(ErrorCode.INVALID_ARGUMENT, "expected value for `index` of type "
          + (recv instanceof ObjectV || recv instanceof DocV ? "String" : "Int") + ", received "
          + Values.typeName(idx), span);
    }
  }

  private static int intIndex(Interp in, Value idx, Span span) {
    if (idx instanceof NumV n && Numbers.isIntegral(n)) {
      long l = Numbers.asLong(n);
      return l > Integer.MAX_VALUE ? Integer.MAX_VALUE : l < Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) l;
    }
    throw in.error(ErrorCode.INVALID_ARGUMENT, "expected value for `index` of type Int, received " + Values.typeName(idx), span);
  }

  public static QueryError outOfBounds(Interp in, long i, long len, Span span) {
    return in.error(ErrorCode.INDEX_OUT_OF_BOUNDS, "index " + i + " out of bounds for length " + len, span);
  }
}
