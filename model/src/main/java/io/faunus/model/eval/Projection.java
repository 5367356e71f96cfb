package io.faunus.model.eval;

import io.faunus.fql.ast.Expr.Lambda;
import io.faunus.fql.ast.Expr.Project;
import io.faunus.fql.ast.Expr.ProjField;
import io.faunus.model.set.MappedSet;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code v { a, b { c }, d: expr }} (spec §3.8). A projection is identified by the whole {@link Project}
 * node and the path of field-list indexes down to a nested one, so a set's projection is a
 * {@link ProjectionFn} that cursors can serialize.
 */
final class Projection {
  private Projection() {}

  static Value project(Interp in, Value v, Project root, List<Integer> path, Env env) {
    return project(in, v, root, path, env, new IdentityHashMap<>());
  }

  /**
   * {@code arrays}: the arrays already projected with this field list. Arrays nested in arrays all get the
   * same projection, so an array met again (values share their parts: {@code [a, a]} folded 40 times) is
   * projected once and its result shared, instead of building the 2^40-leaf tree it stands for.
   */
  private static Value project(Interp in, Value v, Project root, List<Integer> path, Env env,
                               IdentityHashMap<ArrayV, ArrayV> arrays) {
    in.tick();
    return switch (v) {
      case ArrayV a -> {
        ArrayV done = arrays.get(a);
        if (done != null) yield done;
        List<Value> out = new ArrayList<>(a.elems().size());
        for (Value x : a.elems()) out.add(project(in, x, root, path, env, arrays));
        ArrayV r = new ArrayV(out);
        arrays.put(a, r);
        yield r;
      }
      case SetV s -> {
        ProjectionFn fn = new ProjectionFn(root, path, env, in.source());
        yield new MappedSet(s, fn, fn.span());
      }
      case NullV n -> n;
      case DocV d when !in.ctx().docs().exists(in, d) -> NullV.NULL;
      case ObjectV o -> build(in, o, root, path, env);
      case DocV d -> build(in, d, root, path, env);
      default -> v;
    };
  }

  private static Value build(Interp in, Value self, Project root, List<Integer> path, Env env) {
    List<ProjField> fields = root.fields();
    for (int i : path) fields = fields.get(i).sub();
    Map<String, Value> out = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      ProjField f = fields.get(i);
      Value val;
      if (f.value() != null) {
        val = f.value() instanceof Lambda l && l.isShort()
            ? in.call(in.eval(l, env), List.of(self), f.nameSpan())
            : in.eval(f.value(), env.bind(Lambda.SHORT_PARAM, self));
      } else {
        val = Access.field(in, self, f.name(), f.nameSpan());
        if (f.sub() != null && !f.sub().isEmpty()) {
          List<Integer> sub = new ArrayList<>(path.size() + 1);
          sub.addAll(path);
          sub.add(i);
          val = project(in, val, root, sub, env);
        }
      }
      out.put(f.name(), val);
    }
    return new ObjectV(out);
  }
}
