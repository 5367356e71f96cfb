package io.faunus.model.db;

import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Fn;
import io.faunus.model.eval.Member;
import io.faunus.model.set.LazySet;
import io.faunus.model.set.WhereSet;
import io.faunus.model.stdlib.Args;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.NullV;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/** {@code C.where(pred)} and {@code C.firstWhere(pred)} of user and native collections: scans of {@code all()}. */
final class ScanMembers {
  private ScanMembers() {}

  static Member where(Supplier<LazySet> all) {
    return new Member.Method("where", Arity.exactly(1), (in, self, args, site) ->
        new WhereSet(all.get(), Args.fn(in, args, 0, "pred", 1, site), site));
  }

  static Member firstWhere(Supplier<LazySet> all) {
    return new Member.Method("firstWhere", Arity.exactly(1), (in, self, args, site) -> {
      Fn pred = Args.fn(in, args, 0, "pred", 1, site);
      for (Iterator<Value> it = all.get().iterator(in); it.hasNext(); ) {
        Value v = it.next();
        if (Args.test(in, in.call(pred, List.of(v), site), site)) return v;
      }
      return NullV.NULL;
    });
  }
}
