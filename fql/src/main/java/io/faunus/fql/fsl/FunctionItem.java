package io.faunus.fql.fsl;

import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr;
import java.util.List;

/**
 * {@code [@alias(A)] [@role(R)] function name(params) [: Result] { body }} (schema-v10.md §3.3). Parameters are
 * typed all or none; {@code result} is null when untyped. {@code body} is the block, as an {@link Fql} whose
 * expression is an {@link Expr.Block} (or, for functions made through FQL, any expression).
 */
public record FunctionItem(Name name, Name alias, Name role, List<Param> params, FslType result, Fql body,
                           Span span) implements Item {
  public FunctionItem {
    params = List.copyOf(params);
  }

  @Override
  public Kind kind() {
    return Kind.FUNCTION;
  }

  /** {@code name [: Type]} or, last, {@code ...name [: Type]}; {@code type} may be null. */
  public record Param(Name name, FslType type, boolean variadic) {}

  /** Every parameter typed and a result type given: the function has a signature. */
  public boolean typed() {
    return result != null;
  }
}
