package io.faunus.model.db;

import io.faunus.fql.cache.ParseCache;
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
      // Parsed once per body text in the process, as UDF bodies are (it was parsed on every write).
      var parsed = ParseCache.shared().expr("*check:" + c.name() + "*", c.body());
      Value fn = in.evalIn(parsed.source(), parsed.tree(), Env.EMPTY);
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
