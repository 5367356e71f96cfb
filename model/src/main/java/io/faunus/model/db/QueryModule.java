package io.faunus.model.db;

import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Member;
import io.faunus.model.eval.Module;
import io.faunus.model.value.Value.NullV;

/**
 * {@code Query} (spec §4.11): who the query runs as: a token's identity document and the token itself;
 * both null for keys.
 */
final class QueryModule implements Module {
  static final QueryModule INSTANCE = new QueryModule();

  @Override
  public String name() {
    return "Query";
  }

  private static io.faunus.model.value.Value orNull(io.faunus.model.value.Value d) {
    return d == null ? NullV.NULL : d;
  }

  @Override
  public Member member(Interp in, String name) {
    return switch (name) {
      case "identity" -> new Member.Method(name, Arity.exactly(0), (i, self, args, site) -> orNull(DbContext.of(i).identity()));
      case "token" -> new Member.Method(name, Arity.exactly(0), (i, self, args, site) -> orNull(DbContext.of(i).token()));
      default -> null;
    };
  }
}
