package io.faunus.model.stdlib;

import io.faunus.model.query.ErrorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.Parser;
import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr;
import io.faunus.model.engine.Materializer;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Cursors;
import io.faunus.model.eval.DocAccess;
import io.faunus.model.eval.Env;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Member;
import io.faunus.model.eval.Module;
import io.faunus.model.eval.NativeFn;
import io.faunus.model.eval.QueryContext;
import io.faunus.model.eval.QueryError;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Test helper for the standard library without a parser: an interpreter over a small fake
 * {@link QueryContext} (fixed snapshot, no documents, in-memory cursors), member calls by name, native
 * callbacks that count their calls, and value builders.
 */
public final class Fql {
  public static final Instant SNAPSHOT = Instant.parse("2024-01-02T03:04:05.123456Z");

  public final FakeContext ctx = new FakeContext();
  public final Interp in = new Interp(ctx, Source.query("test"));

  /** In-memory cursors: an opaque counter string per issued position. */
  public static final class FakeCursors implements Cursors {
    public final Map<String, Position> issued = new HashMap<>();

    public String issue(Interp in, SetV set, long offset, int pageSize, long snapshotMicros) {
      String c = "cursor-" + issued.size();
      issued.put(c, new Position(set, offset, pageSize, snapshotMicros));
      return c;
    }

    public Position resolve(Interp in, String cursor, Span site) {
      Position p = issued.get(cursor);
      if (p == null) throw Interp.fail(ErrorCode.INVALID_CURSOR, "Cursor cursor is invalid or expired.");
      return p;
    }

    public final Map<String, SourceToken> sources = new HashMap<>();

    public String issueSource(Interp in, SetV set, List<String> watched, long createdMicros) {
      String t = "source-" + sources.size();
      sources.put(t, new SourceToken(set, watched, createdMicros));
      return t;
    }

    public SourceToken resolveSource(Interp in, String token) {
      SourceToken t = sources.get(token);
      if (t == null) throw QueryError.protocol(ErrorCode.INVALID_REQUEST, "Invalid request body: invalid event source provided");
      return t;
    }
  }

  /**
   * The one fake QueryContext of the model's unit tests: fixed snapshot time, no documents. Its deadline
   * is counted in checks rather than time: once {@link #deadlineChecksAllowed} checks have passed, the next
   * one fails with time_out (440), as a passed deadline does.
   */
  public static final class FakeContext implements QueryContext {
    public final FakeCursors cursors = new FakeCursors();
    public final List<Diagnostic> logs = new ArrayList<>();
    public long deadlineChecks;
    public long deadlineChecksAllowed = Long.MAX_VALUE;
    private final Instant snapshot;
    private long ids;

    public FakeContext() {
      this(SNAPSHOT);
    }

    public FakeContext(Instant snapshot) {
      this.snapshot = snapshot;
    }

    public Value placeholder(int index) {
      throw new UnsupportedOperationException();
    }

    public Value global(Interp in, String name) {
      return Builtins.global(name);
    }

    public Value at(Interp in, Expr.At at, Env env) {
      throw new UnsupportedOperationException();
    }

    public DocAccess docs() {
      return DocAccess.NONE;
    }

    public void checkDeadline() {
      if (++deadlineChecks > deadlineChecksAllowed) {
        throw QueryError.protocol(ErrorCode.TIME_OUT, "deadline passed after " + deadlineChecksAllowed + " checks");
      }
    }

    public void log(Diagnostic d) {
      logs.add(d);
    }

    public Instant snapshotTime() {
      return snapshot;
    }

    public long newId() {
      return ++ids;
    }

    public Cursors cursors() {
      return cursors;
    }
  }

  // ---- calling ----------------------------------------------------------------------------------

  /** Parses and evaluates a whole query. */
  public Value eval(String query) {
    Source src = Source.query(query);
    return in.inSource(src, () -> in.eval(Parser.parseQuery(src), Env.EMPTY));
  }

  /** Evaluates a query and materializes its result, as the engine does before encoding it. */
  public Value result(String query) {
    return new Materializer(in, 0).materialize(eval(query));
  }

  /** {@code recv.name(args…)} for a method, {@code recv.name} for a property. */
  public Value call(Value recv, String name, Value... args) {
    Member m = Builtins.member(recv, name);
    assertThat(m).as("member %s of %s", name, recv).isNotNull();
    return switch (m) {
      case Member.Method method -> method.invoke(in, recv, List.of(args), Span.NONE);
      case Member.Property p -> p.getter().apply(in, recv);
    };
  }

  /** {@code Module.name(args…)} on a built-in module such as Set or Array. */
  public Value callStatic(String module, String name, Value... args) {
    Module mod = (Module) Builtins.global(module);
    Member.Method m = (Member.Method) mod.member(in, name);
    assertThat(m).as("%s.%s", module, name).isNotNull();
    return m.invoke(in, null, List.of(args), Span.NONE);
  }

  /** The error a call raises. */
  public static QueryError error(Runnable r) {
    QueryError e = catchThrowableOfType(QueryError.class, r::run);
    assertThat(e).as("expected a QueryError").isNotNull();
    return e;
  }

  public static void assertError(Runnable r, String code, String message) {
    QueryError e = error(r);
    assertThat(e.code().wire()).isEqualTo(code);
    assertThat(e.getMessage()).isEqualTo(message);
  }

  // ---- callbacks --------------------------------------------------------------------------------

  /** A native callback of fixed arity that counts its calls. */
  public static final class Callback {
    public final AtomicInteger calls = new AtomicInteger();
    public final NativeFn fn;

    Callback(int arity, Function<List<Value>, Value> body) {
      fn = new NativeFn("f", Arity.exactly(arity), (in, self, a, s) -> {
        calls.incrementAndGet();
        return body.apply(a);
      }, null);
    }
  }

  public static Callback fn1(Function<Value, Value> body) {
    return new Callback(1, a -> body.apply(a.get(0)));
  }

  public static Callback fn2(java.util.function.BiFunction<Value, Value, Value> body) {
    return new Callback(2, a -> body.apply(a.get(0), a.get(1)));
  }

  public static NativeFn arity(int n) {
    return new NativeFn("f", Arity.exactly(n), (in, self, a, s) -> BoolV.TRUE, null);
  }

  // ---- values -----------------------------------------------------------------------------------

  public static Value i(long n) {
    return Numbers.of(n);
  }

  public static StrV s(String v) {
    return new StrV(v);
  }

  public static ArrayV arr(Value... vs) {
    return ArrayV.of(vs);
  }

  public static ArrayV ints(long... ns) {
    return new ArrayV(Arrays.stream(ns).mapToObj(Fql::i).toList());
  }

  public static ArrayV strs(String... vs) {
    return new ArrayV(Arrays.stream(vs).<Value>map(StrV::new).toList());
  }

  public static ObjectV obj(Object... kvs) {
    Map<String, Value> m = new LinkedHashMap<>();
    for (int k = 0; k < kvs.length; k += 2) m.put((String) kvs[k], (Value) kvs[k + 1]);
    return new ObjectV(m);
  }

  public static long asLong(Value v) {
    return Numbers.asLong((NumV) v);
  }

  /** Integer arithmetic on an Int/Long value, for callbacks. */
  public static Value plus(Value a, Value b) {
    return Numbers.add((NumV) a, (NumV) b);
  }
}
