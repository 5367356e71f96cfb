package io.faunus.model.stdlib;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.Diagnostic.Location;
import io.faunus.fql.Span;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Display;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Limits;
import io.faunus.model.eval.Member;
import io.faunus.model.eval.NativeFn;
import io.faunus.model.eval.NativeImpl;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Global functions (spec §4.9) and the type-only modules used with {@code isa}. */
final class GlobalLib {
  private GlobalLib() {}

  static void register(Map<String, Value> g) {
    fn(g, "abort", Arity.exactly(1), GlobalLib::abort);
    fn(g, "log", Arity.atLeast(0), GlobalLib::log);
    fn(g, "dbg", Arity.exactly(1), GlobalLib::dbg);
    fn(g, "newId", Arity.exactly(0), (in, self, args, site) -> new IdV(in.ctx().newId()));
    fn(g, "TransactionTime", Arity.exactly(0), (in, self, args, site) -> TxnTimeV.INSTANCE);
    fn(g, "asc", Arity.exactly(1), (in, self, args, site) -> ordering("asc", args.get(0)));
    fn(g, "desc", Arity.exactly(1), (in, self, args, site) -> ordering("desc", args.get(0)));
    module(g, "ID", v -> v instanceof IdV, new Member.Method("ID", Arity.exactly(1), GlobalLib::id));
    module(g, "Number", v -> v instanceof NumV, null);
    module(g, "Int", v -> v instanceof IntV, null);
    module(g, "Long", v -> v instanceof LongV, null);
    module(g, "Double", v -> v instanceof DoubleV, null);
    module(g, "Float", v -> v instanceof DoubleV, null);
    module(g, "Boolean", v -> v instanceof BoolV, null);
    module(g, "Null", v -> v instanceof NullV, null);
    module(g, "UUID", v -> v instanceof UuidV, null);
    module(g, "Doc", v -> v instanceof DocV, null);
  }

  static void fn(Map<String, Value> g, String name, Arity arity, NativeImpl impl) {
    g.put(name, new NativeFn(name, arity, impl, null));
  }

  static BuiltinModule module(Map<String, Value> g, String name, Predicate<Value> isa, Member.Method callable) {
    return module(g, name, new TypeMembers(), isa, callable);
  }

  static BuiltinModule module(Map<String, Value> g, String name, TypeMembers statics, Predicate<Value> isa,
                              Member.Method callable) {
    BuiltinModule m = new BuiltinModule(name, statics, callable, isa);
    g.put(name, m);
    return m;
  }

  /**
   * abort(v): the value is encoded in the error response after the query has failed, when nothing can
   * fail anymore, so a value whose text would not fit the query's held-bytes budget fails here instead.
   */
  private static Value abort(Interp in, Value self, List<Value> args, Span site) {
    Value v = args.get(0);
    if (Values.expandedBytes(v, in, Limits.QUERY_HELD_BYTES_MAX) > Limits.QUERY_HELD_BYTES_MAX) {
      throw in.error(ErrorCode.VALUE_TOO_LARGE, "Value too large: the abort value exceeds the limit of "
          + Limits.QUERY_HELD_BYTES_MAX + " bytes.", site);
    }
    throw Interp.fail(ErrorCode.ABORT, "Query aborted.").withAbort(v);
  }

  private static Value ordering(String dir, Value fn) {
    Map<String, Value> m = new LinkedHashMap<>();
    m.put(dir, fn);
    return new ObjectV(m);
  }

  private static Value id(Interp in, Value self, List<Value> args, Span site) {
    Value v = args.get(0);
    try {
      long id = switch (v) {
        case IdV i -> i.value();
        case NumV n when Numbers.isIntegral(n) -> Numbers.asLong(n);
        case StrV s -> Long.parseLong(s.value());
        default -> throw Args.type(in, "id", "String | Number", v, site);
      };
      if (id < 0) throw in.error(ErrorCode.INVALID_ID, "The ID `" + Display.display(in, v) + "` is invalid.", site);
      return new IdV(id);
    } catch (NumberFormatException e) {
      throw in.error(ErrorCode.INVALID_ID, "The ID `" + Display.display(in, v) + "` is invalid.", site);
    }
  }

  private static Value log(Interp in, Value self, List<Value> args, Span site) {
    StringBuilder line = new StringBuilder(); // a log line is a string: under the string limit as it grows
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) line.append(' ');
      Display.appendDisplay(in, args.get(i), line, null);
    }
    in.log(new Diagnostic(Diagnostic.Severity.INFO, line.toString(), new Location(in.source(), site), List.of(),
        List.of()));
    return NullV.NULL;
  }

  private static Value dbg(Interp in, Value self, List<Value> args, Span site) {
    in.log(new Diagnostic(Diagnostic.Severity.DEBUG, Display.debug(in, args.get(0)),
        new Location(in.source(), site), List.of(), List.of()));
    return args.get(0);
  }
}
