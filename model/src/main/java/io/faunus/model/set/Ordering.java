package io.faunus.model.set;

import io.faunus.fql.Span;
import io.faunus.model.eval.Fn;
import io.faunus.model.eval.Interp;
import io.faunus.model.stdlib.Args;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.ObjectV;
import io.faunus.model.value.Values;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One ordering of {@code order(...)}: an accessor (null = the element itself) and a direction. Shared by
 * {@code array.order} and {@code set.order}.
 */
public record Ordering(Fn accessor, boolean ascending) {
  static final Ordering IDENTITY_DESC = new Ordering(null, false);

  Ordering flip() {
    return new Ordering(accessor, !ascending);
  }

  /**
   * Parses {@code order()} arguments: an accessor function (ascending), {@code asc(fn)} = {@code {asc: fn}}
   * or {@code desc(fn)} = {@code {desc: fn}}. Errors name the argument {@code ordering<i>} as Fauna does.
   */
  public static List<Ordering> parse(Interp in, List<Value> args, Span site) {
    List<Ordering> out = new ArrayList<>(args.size());
    for (int i = 0; i < args.size(); i++) out.add(parseOne(in, args.get(i), "ordering" + i, site));
    return out;
  }

  private static Ordering parseOne(Interp in, Value v, String name, Span site) {
    if (v instanceof ObjectV o && o.fields().size() == 1) {
      var e = o.fields().entrySet().iterator().next();
      boolean asc = e.getKey().equals("asc");
      if ((asc || e.getKey().equals("desc")) && e.getValue() instanceof Fn) {
        return new Ordering(Args.fn(in, List.of(e.getValue()), 0, name, 1, site), asc);
      }
      throw Args.type(in, name, "Function", v, site);
    }
    return new Ordering(Args.fn(in, List.of(v), 0, name, 1, site), true);
  }

  /** Sorts stably: each element's keys are computed once, ties keep input order. */
  public static List<Value> sort(Interp in, List<Value> elems, List<Ordering> orderings, Span site) {
    List<Ordering> ords = orderings.isEmpty() ? List.of(new Ordering(null, true)) : orderings;
    record Keyed(Value value, Value[] keys) {}
    List<Keyed> keyed = new ArrayList<>(elems.size());
    for (Value v : elems) {
      Value[] keys = new Value[ords.size()];
      for (int i = 0; i < keys.length; i++) {
        Fn f = ords.get(i).accessor();
        keys[i] = f == null ? v : in.call(f, List.of(v), site);
      }
      keyed.add(new Keyed(v, keys));
    }
    Comparator<Keyed> cmp = (a, b) -> {
      for (int i = 0; i < ords.size(); i++) {
        int c = Values.compare(a.keys()[i], b.keys()[i], in);
        if (c != 0) return ords.get(i).ascending() ? c : -c;
      }
      return 0;
    };
    keyed.sort(cmp); // List.sort is a stable merge sort
    List<Value> out = new ArrayList<>(keyed.size());
    for (Keyed k : keyed) out.add(k.value());
    return out;
  }
}
