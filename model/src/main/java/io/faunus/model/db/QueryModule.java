package io.faunus.model.db;

import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Member;
import io.faunus.model.eval.Module;
import io.faunus.model.value.Value.NullV;

/**
 * {@code Query} (spec §4.11): who the query runs as. Keys have no identity document, so both are null
 * until tokens and credentials exist (step 7).
 */
final class QueryModule implements Module {
  static final QueryModule INSTANCE = new QueryModule();

  @Override
  public String name() {
    return "Query";
  }

  @Override
  public Member member(Interp in, String name) {
    return switch (name) {
      case "identity", "token" -> new Member.Method(name, Arity.exactly(0), (i, self, args, site) -> NullV.NULL);
      default -> null;
    };
  }
}
