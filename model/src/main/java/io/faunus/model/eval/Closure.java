package io.faunus.model.eval;

import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr.Lambda;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.ArrayV;
import java.util.List;

/** A lambda value: its syntax, the environment it closes over and the source it was written in. */
public record Closure(Lambda lambda, Env env, Source source) implements Fn {
  @Override
  public Arity arity() {
    int n = lambda.params().size();
    return lambda.rest() != null ? Arity.atLeast(n) : Arity.exactly(n);
  }

  @Override
  public Value invoke(Interp in, List<Value> args, Span site) {
    in.checkArity(arity(), args.size(), site);
    Env e = env;
    List<String> params = lambda.params();
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i) != null) e = e.bind(params.get(i), args.get(i));
    }
    if (lambda.rest() != null) {
      e = e.bind(lambda.rest(), new ArrayV(List.copyOf(args.subList(params.size(), args.size()))));
    }
    return in.evalIn(source, lambda.body(), e);
  }

  @Override
  public String display() {
    return "[function <lambda>]";
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
