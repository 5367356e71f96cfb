package io.faunus.model.eval;

import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr.Project;
import io.faunus.fql.ast.Expr.ProjField;
import io.faunus.model.value.Value;
import java.util.List;

/**
 * A projection applied to every element of a set ({@code set { a, b { c } }}, spec §3.8): like a closure,
 * the projection's syntax ({@code root}, and {@code path}, the indexes of the nested field lists for a
 * sub-projection), the environment it was written in and its source, so a set cursor can carry it.
 */
public record ProjectionFn(Project root, List<Integer> path, Env env, Source source) implements Fn {
  public ProjectionFn {
    path = List.copyOf(path);
  }

  /** The projected fields this function applies. */
  public List<ProjField> fields() {
    List<ProjField> fields = root.fields();
    for (int i : path) fields = fields.get(i).sub();
    return fields;
  }

  /** Where the projection is written: the whole projection, or the name of the projected field. */
  public Span span() {
    Span span = root.span();
    List<ProjField> fields = root.fields();
    for (int i : path) {
      span = fields.get(i).nameSpan();
      fields = fields.get(i).sub();
    }
    return span;
  }

  @Override
  public Arity arity() {
    return Arity.exactly(1);
  }

  @Override
  public Value invoke(Interp in, List<Value> args, Span site) {
    in.checkArity(arity(), args.size(), site);
    return in.inSource(source, () -> Projection.project(in, args.get(0), root, path, env));
  }

  @Override
  public String display() {
    return "[function projection()]";
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
