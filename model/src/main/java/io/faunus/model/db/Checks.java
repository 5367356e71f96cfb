package io.faunus.model.db;

import io.faunus.fql.Parser;
import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.model.eval.Env;
import io.faunus.model.eval.Interp;
import io.faunus.model.query.QueryOutcome.ConstraintFailure;
import io.faunus.model.schema.CollectionDef;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.ArrayList;
import java.util.List;

/** Check constraints (spec §5.1): each body is a predicate over the new document version. */
final class Checks {
  private Checks() {}

  static void run(DbContext ctx, Interp in, CollectionDef def, DocV ref, DocState neu, String failMsg, Span site) {
    if (def.checks().isEmpty()) return;
    List<ConstraintFailure> failures = new ArrayList<>();
    for (CollectionDef.Check c : def.checks()) {
      Value fn = in.evalIn(new Source("*check:" + c.name() + "*", c.body()),
          Parser.parseExpr(new Source("*check:" + c.name() + "*", c.body())), Env.EMPTY);
      Value result = ctx.withPending(ref, neu, () -> in.call(fn, List.of(ref), site));
      if (result instanceof BoolV b && b.value()) continue;
      String msg = result instanceof BoolV || result instanceof NullV
          ? "Document failed check constraint `" + c.name() + "`"
          : "Document failed check constraint `" + c.name() + "`. The check function returned a non-boolean value.";
      failures.add(new ConstraintFailure(List.of(), msg));
    }
    if (!failures.isEmpty()) throw Writes.constraint(in, failMsg, site, failures);
  }
}
