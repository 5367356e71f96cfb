package io.faunus.model.eval;

import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr.Lambda;
import io.faunus.fql.ast.Expr.ProjField;
import io.faunus.model.set.MappedSet;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code v { a, b { c }, d: expr }} (spec §3.8). */
final class Projection {
  private Projection() {}

  static Value project(Interp in, Value v, List<ProjField> fields, Env env, Span span) {
    return switch (v) {
      case ArrayV a -> {
        List<Value> out = new ArrayList<>(a.elems().size());
        for (Value x : a.elems()) out.add(project(in, x, fields, env, span));
        yield new ArrayV(out);
      }
      case SetV s -> new MappedSet(s, new NativeFn("projection", Arity.exactly(1),
          (i, self, args, site) -> project(i, args.get(0), fields, env, span), null), span);
      case NullV n -> n;
      case DocV d when !in.ctx().docs().exists(in, d) -> NullV.NULL;
      case ObjectV o -> build(in, o, fields, env);
      case DocV d -> build(in, d, fields, env);
      default -> v;
    };
  }

  private static Value build(Interp in, Value self, List<ProjField> fields, Env env) {
    Map<String, Value> out = new LinkedHashMap<>();
    for (ProjField f : fields) {
      Value val;
      if (f.value() != null) {
        val = f.value() instanceof Lambda l && l.isShort()
            ? in.call(in.eval(l, env), List.of(self), f.nameSpan())
            : in.eval(f.value(), env.bind(Lambda.SHORT_PARAM, self));
      } else {
        val = Access.field(in, self, f.name(), f.nameSpan());
        if (f.sub() != null && !f.sub().isEmpty()) val = project(in, val, f.sub(), env, f.nameSpan());
      }
      out.put(f.name(), val);
    }
    return new ObjectV(out);
  }
}
