package io.faunus.model.stdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Member;
import io.faunus.model.eval.Module;
import io.faunus.model.eval.QueryError;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Calls stdlib members directly (no parser needed) in a fake query context. */
final class StdlibTestSupport {
  private StdlibTestSupport() {}

  /** The fixed snapshot time of the fake query: {@code Time.now()}. */
  static final Instant NOW = Instant.parse("2024-03-05T06:07:08.123456789Z");

  static Interp interp() {
    return new Interp(new Fql.FakeContext(NOW), Source.query("test"));
  }

  /** {@code recv.name(args)} for a value's built-in method. */
  static Value call(Value recv, String name, Value... args) {
    return invoke(Builtins.member(recv, name), recv, args);
  }

  /** {@code recv.name} for a value's built-in property. */
  static Value prop(Value recv, String name) {
    Member m = Builtins.member(recv, name);
    assertThat(m).as("property %s", name).isInstanceOf(Member.Property.class);
    return ((Member.Property) m).getter().apply(interp(), recv);
  }

  /** {@code Module.name(args)}. */
  static Value callStatic(String module, String name, Value... args) {
    return invoke(module(module).member(interp(), name), null, args);
  }

  /** {@code Module.name} for a module property (Math.PI). */
  static Value staticProp(String module, String name) {
    Member m = module(module).member(interp(), name);
    assertThat(m).as("property %s.%s", module, name).isInstanceOf(Member.Property.class);
    return ((Member.Property) m).getter().apply(interp(), module(module));
  }

  /** {@code Module(args)}, e.g. {@code Time("…")}. */
  static Value apply(String module, Value... args) {
    return invoke(module(module).callable(), null, args);
  }

  static boolean isa(Value v, String module) {
    return module(module).isInstance(interp(), v);
  }

  static Module module(String name) {
    Value g = Builtins.global(name);
    assertThat(g).as("global %s", name).isInstanceOf(Module.class);
    return (Module) g;
  }

  private static Value invoke(Member m, Value self, Value... args) {
    assertThat(m).as("method").isInstanceOf(Member.Method.class);
    return ((Member.Method) m).invoke(interp(), self, Arrays.asList(args), Span.NONE);
  }

  /** Runs {@code body}, which must fail with {@code code}; returns the error for more checks. */
  static QueryError error(Runnable body, String code, String message) {
    QueryError e = catchThrowableOfType(QueryError.class, body::run);
    assertThat(e).as("expected a %s error", code).isNotNull();
    assertThat(e.code().wire()).isEqualTo(code);
    assertThat(e.getMessage()).isEqualTo(message);
    return e;
  }

  // ---- value shorthands ------------------------------------------------------------------------

  static StrV s(String v) {
    return new StrV(v);
  }

  static IntV i(int v) {
    return new IntV(v);
  }

  static LongV l(long v) {
    return new LongV(v);
  }

  static DoubleV d(double v) {
    return new DoubleV(v);
  }

  static ArrayV arr(Value... vs) {
    return new ArrayV(List.of(vs));
  }

  static TimeV time(String iso) {
    return new TimeV(Instant.parse(iso));
  }
}
