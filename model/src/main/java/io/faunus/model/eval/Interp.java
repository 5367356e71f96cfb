package io.faunus.model.eval;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.Diagnostic.Location;
import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr;
import io.faunus.fql.ast.Expr.*;
import io.faunus.fql.ast.Stmt;
import io.faunus.model.value.Meter;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tree-walking evaluator for one query. Not thread-safe: one instance per query attempt. Everything the
 * query touches outside its own values (documents, schema, time) goes through {@link QueryContext}, so
 * the same evaluator runs over a snapshot read view with buffered writes (spec/architecture: evaluate at
 * snapshot S, then order the effects in the log).
 */
public final class Interp implements Meter {
  /** Spec §8: call stack depth limit. */
  public static final int STACK_DEPTH_MAX = 2048;
  /**
   * Work units (see {@link Meter}) between two checks of the deadline and the heap: tens of microseconds
   * of evaluation, or a few hundred microseconds of bulk work charged in one piece.
   */
  private static final int WORK_UNITS_PER_CHECK = 256;
  /** Function calls per billed compute op (spec §1.5 stats). */
  private static final int CALLS_PER_COMPUTE_OP = 50;
  /** What a log entry adds to the summary besides its message: label, location, separators. */
  private static final int LOG_ENTRY_BYTES = 64;

  private final QueryContext ctx;
  private Source source;
  private int depth;
  /** Billed: function and native calls, counted the way Fauna counts compute (stats-metering §2.1). */
  private long calls;
  /** Not billed: everything the query made the node do, which the deadline bounds. */
  private long workUnits;
  private long nextCheckAtUnits = WORK_UNITS_PER_CHECK;
  /** Work units past which the running budgeted part (a role predicate) fails; see {@link #withWorkBudget}. */
  private long workCeilingUnits = Long.MAX_VALUE;
  /** Bytes of result and logs held for the response so far, against {@link Limits#QUERY_HELD_BYTES_MAX}. */
  private long heldBytes;

  public Interp(QueryContext ctx, Source source) {
    this.ctx = ctx;
    this.source = source;
  }

  public QueryContext ctx() {
    return ctx;
  }

  public Source source() {
    return source;
  }

  /** Function calls so far (compute ops are billed per 50 of them, stats-metering §2.1). */
  public long calls() {
    return calls;
  }

  public long computeOps() {
    return Math.max(1, (calls + CALLS_PER_COMPUTE_OP - 1) / CALLS_PER_COMPUTE_OP);
  }

  // ---- errors ---------------------------------------------------------------------------------

  public Location loc(Span span) {
    return span == null ? null : new Location(source, span);
  }

  public QueryError error(ErrorCode code, String message, Span span) {
    return new QueryError(code, message, loc(span));
  }

  /** A failure raised where the location is not known yet; the enclosing call site fills it in. */
  public static QueryError fail(ErrorCode code, String message) {
    return new QueryError(code, message, null);
  }

  public void checkArity(Arity arity, int provided, Span site) {
    if (!arity.accepts(provided)) {
      throw error(ErrorCode.INVALID_FUNCTION_INVOCATION, arity.calleeMessage(provided), site);
    }
  }

  // ---- entry points ---------------------------------------------------------------------------

  /** Evaluates {@code e} in {@code env}, temporarily switching the current source (UDF bodies). */
  public Value evalIn(Source src, Expr e, Env env) {
    return inSource(src, () -> eval(e, env));
  }

  /** Runs {@code body} with {@code src} as the current source (spans in it locate errors). */
  public <T> T inSource(Source src, java.util.function.Supplier<T> body) {
    Source saved = source;
    source = src;
    try {
      return body.get();
    } finally {
      source = saved;
    }
  }

  /** Calls a function value with evaluated arguments, as a stack frame located at {@code site}. */
  public Value call(Value fn, List<Value> args, Span site) {
    if (!(fn instanceof Fn f)) {
      throw error(ErrorCode.INVALID_FUNCTION_INVOCATION,
          "expected a function, found `" + Values.typeName(fn) + "`", site);
    }
    return enter(f, args, site);
  }

  private Value enter(Fn f, List<Value> args, Span site) {
    if (++depth > STACK_DEPTH_MAX) {
      depth--;
      throw error(ErrorCode.STACK_OVERFLOW, "number of stack frames exceeded limit of " + STACK_DEPTH_MAX, site);
    }
    calls++;
    // A native callback (`.map(Math.abs)`) evaluates no expression, so the call itself is the step.
    tick();
    Location at = loc(site);
    try {
      return f.invoke(this, args, site);
    } catch (QueryError e) {
      e.addFrame(at);
      throw e;
    } finally {
      depth--;
    }
  }

  /** Counts one evaluation step (conventions: deadlines checked as we run). */
  public void tick() {
    charge(1);
  }

  /**
   * Counts {@code units} of work (see {@link Meter}) and checks the deadline and the heap whenever
   * {@link #WORK_UNITS_PER_CHECK} have accumulated since the last check. Natives charge their work as they
   * go, in pieces bounded by the size of one value, so none runs unchecked for long.
   */
  @Override
  public void charge(long units) {
    assert units >= 0 : units;
    workUnits += units;
    if (workUnits > workCeilingUnits) {
      throw fail(ErrorCode.PERMISSION_DENIED, "The predicate used more than its compute budget.");
    }
    if (workUnits - nextCheckAtUnits >= 0) {
      nextCheckAtUnits = workUnits + WORK_UNITS_PER_CHECK;
      ctx.checkDeadline();
      if (Limits.heapExhausted()) {
        throw fail(ErrorCode.VALUE_TOO_LARGE, "Value too large: the query needs more memory than the node can give it.");
      }
    }
  }

  /**
   * Runs {@code body} allowed at most {@code units} more work units (within any enclosing budget); past them it
   * fails with permission_denied. Role predicates run so: a predicate runs for every document a query reads,
   * so one that loops must not take the query's whole deadline with it.
   */
  public <T> T withWorkBudget(long units, java.util.function.Supplier<T> body) {
    assert units > 0 : units;
    long saved = workCeilingUnits;
    workCeilingUnits = Math.min(saved, workUnits + units);
    try {
      return body.get();
    } finally {
      workCeilingUnits = saved;
    }
  }

  /** Work units charged so far (not billed; tests and diagnostics). */
  public long workUnits() {
    return workUnits;
  }

  /**
   * Counts {@code bytes} more of what the query holds until it answers (its materialized result, its
   * logs) against {@link Limits#QUERY_HELD_BYTES_MAX}; past it the query fails with value_too_large, long
   * before a result that is small as a graph of shared values but huge as a tree is ever built.
   */
  public void hold(long bytes) {
    assert bytes >= 0 : bytes;
    heldBytes += bytes;
    if (heldBytes > Limits.QUERY_HELD_BYTES_MAX) {
      throw fail(ErrorCode.VALUE_TOO_LARGE, "Value too large: the query's result and logs exceed the limit of "
          + Limits.QUERY_HELD_BYTES_MAX + " bytes.");
    }
  }

  // ---- evaluation -----------------------------------------------------------------------------

  public Value eval(Expr e, Env env) {
    tick();
    return switch (e) {
      case NullLit n -> new NullV(n.span());
      case BoolLit b -> BoolV.of(b.value());
      case NumLit n -> numLit(n.value());
      case StrLit s -> new StrV(s.value());
      case StrTemplate t -> template(t, env);
      case ArrayLit a -> array(a, env);
      case ObjectLit o -> object(o, env);
      case Ident i -> ident(i, env);
      case Placeholder p -> ctx.placeholder(p.index());
      case Block b -> block(b, env);
      case If i -> ifExpr(i, env);
      case At a -> ctx.at(this, a, env);
      case Lambda l -> new Closure(l, env, source);
      case Unary u -> Operators.unary(this, u, eval(u.operand(), env));
      case Binary b -> Operators.binary(this, b, env);
      case Select s -> select(s, env);
      case Call c -> callExpr(c, env);
      case Index i -> index(i, env);
      case NonNull n -> nonNull(n, env);
      case OptChain o -> optChain(o, env);
      case Project p -> Projection.project(this, eval(p.receiver(), env), p, java.util.List.of(), env);
    };
  }

  private static Value numLit(Number n) {
    return switch (n) {
      case Integer i -> new IntV(i);
      case Long l -> Numbers.of(l);
      default -> new DoubleV(n.doubleValue());
    };
  }

  private Value template(StrTemplate t, Env env) {
    StringBuilder sb = new StringBuilder();
    for (Expr part : t.parts()) {
      Display.appendDisplay(this, part instanceof StrLit s ? new StrV(s.value()) : eval(part, env), sb, part.span());
    }
    return new StrV(sb.toString());
  }

  private Value array(ArrayLit a, Env env) {
    List<Value> out = new ArrayList<>(a.elems().size());
    for (Expr x : a.elems()) out.add(eval(x, env));
    return new ArrayV(out);
  }

  private Value object(ObjectLit o, Env env) {
    Map<String, Value> out = new LinkedHashMap<>();
    for (Field f : o.fields()) out.put(f.key(), eval(f.value(), env));
    return new ObjectV(out);
  }

  private Value ident(Ident i, Env env) {
    Value v = env.lookup(i.name(), this);
    if (v != null) return v;
    v = ctx.global(this, i.name());
    if (v != null) return v;
    throw error(ErrorCode.UNBOUND_VARIABLE, "Unbound variable `" + i.name() + "`", i.span());
  }

  private Value block(Block b, Env env) {
    Value last = NullV.NULL;
    for (Stmt s : b.stmts()) {
      switch (s) {
        case Stmt.Let l -> {
          env = env.bind(l.name(), eval(l.value(), env));
          last = NullV.NULL;
        }
        case Stmt.ExprStmt x -> last = eval(x.expr(), env);
      }
    }
    return last;
  }

  private Value ifExpr(If i, Env env) {
    if (truth(eval(i.cond(), env), i.cond().span())) return eval(i.then(), env);
    return i.orElse() == null ? NullV.NULL : eval(i.orElse(), env);
  }

  /** A Boolean condition; anything else is a type_mismatch located at {@code span}. */
  public boolean truth(Value v, Span span) {
    if (v instanceof BoolV b) return b.value();
    throw error(ErrorCode.TYPE_MISMATCH, "expected type: Boolean, received " + Values.typeName(v), span);
  }

  // ---- postfix chains -------------------------------------------------------------------------

  /** Thrown by an optional link that met null; caught by the enclosing {@link OptChain}. */
  private static final class ShortCircuit extends RuntimeException {
    static final ShortCircuit INSTANCE = new ShortCircuit();

    private ShortCircuit() {
      super(null, null, false, false);
    }
  }

  private Value optChain(OptChain o, Env env) {
    try {
      return eval(o.chain(), env);
    } catch (ShortCircuit s) {
      return NullV.NULL;
    }
  }

  /** Null for {@code ?.} and {@code ??}: null, or a document that does not exist. */
  public boolean nullish(Value v) {
    return v instanceof NullV || (v instanceof DocV d && !ctx.docs().exists(this, d));
  }

  private Value select(Select s, Env env) {
    Value recv = eval(s.receiver(), env);
    if (s.optional() && nullish(recv)) throw ShortCircuit.INSTANCE;
    return Access.field(this, recv, s.name(), s.nameSpan());
  }

  private Value index(Index i, Env env) {
    Value recv = eval(i.receiver(), env);
    if (i.optional() && nullish(recv)) throw ShortCircuit.INSTANCE;
    return Access.index(this, recv, eval(i.index(), env), i.indexSpan());
  }

  private Value nonNull(NonNull n, Env env) {
    Value v = eval(n.operand(), env);
    if (v instanceof NullV nv) {
      throw error(ErrorCode.NULL_VALUE, nv.origin() != null ? "Null literal value" : "Value is null", n.span());
    }
    if (v instanceof DocV d) ctx.docs().requireExists(this, d, n.span());
    return v;
  }

  private List<Value> args(List<Expr> exprs, Env env) {
    List<Value> out = new ArrayList<>(exprs.size());
    for (Expr x : exprs) out.add(eval(x, env));
    return out;
  }

  private Value callExpr(Call c, Env env) {
    if (c.callee() instanceof Select s) return methodCall(c, s, env);
    Value fn = eval(c.callee(), env);
    if (c.optional() && nullish(fn)) throw ShortCircuit.INSTANCE;
    List<Value> args = args(c.args(), env);
    if (fn instanceof Module m && m.callable() != null) return invokeMethod(m.callable(), null, args, c.argsSpan());
    if (fn instanceof Fn f) return enter(f, args, c.argsSpan());
    throw error(ErrorCode.INVALID_FUNCTION_INVOCATION, "`" + calleeName(c.callee()) + "`: Expected a function, found `"
        + Values.typeName(fn) + "`", c.argsSpan());
  }

  private static String calleeName(Expr callee) {
    return callee instanceof Ident i ? i.name() : "function";
  }

  /** {@code recv.m(args)}: a native method of recv's type first, else field m called as a function (§3.4). */
  private Value methodCall(Call c, Select s, Env env) {
    Value recv = eval(s.receiver(), env);
    if (s.optional() && nullish(recv)) throw ShortCircuit.INSTANCE;
    Member m = Access.member(this, recv, s.name());
    if (m instanceof Member.Method method) {
      List<Value> args = args(c.args(), env);
      return invokeMethod(method, recv, args, c.argsSpan());
    }
    Value fn = m instanceof Member.Property p ? p.getter().apply(this, recv)
        : Access.fieldOrMissing(this, recv, s.name(), s.nameSpan());
    if (fn == null) {
      throw error(ErrorCode.INVALID_FUNCTION_INVOCATION, "The function `" + s.name() + "` does not exist on `"
          + Access.typeLabel(recv) + "`", s.nameSpan());
    }
    if (c.optional() && nullish(fn)) throw ShortCircuit.INSTANCE;
    List<Value> args = args(c.args(), env);
    if (fn instanceof Fn f) return enter(f, args, c.argsSpan());
    if (fn instanceof Module mod && mod.callable() != null) return invokeMethod(mod.callable(), null, args, c.argsSpan());
    throw error(ErrorCode.INVALID_FUNCTION_INVOCATION, "`" + s.name() + "`: Expected a function, found `"
        + Values.typeName(fn) + "`", s.nameSpan());
  }

  private Value invokeMethod(Member.Method m, Value self, List<Value> args, Span site) {
    return enter(new NativeFn(m.name(), m.arity(), m.impl(), self), args, site);
  }

  // ---- diagnostics from log()/dbg() -------------------------------------------------------------

  /**
   * Keeps a log entry for the summary. Its text is held until the query answers; a {@code dbg()} entry is
   * rendered with a snippet of its source lines, which costs a scan of the whole source, so that is charged
   * now and the lines it shows are held too.
   */
  public void log(Diagnostic d) {
    long held = d.message().length() + LOG_ENTRY_BYTES;
    if (d.severity() == Diagnostic.Severity.DEBUG && d.at() != null) {
      String text = d.at().source().text();
      chargeBytes(text.length());
      int start = Math.min(d.at().span().start(), text.length());
      int lineStart = text.lastIndexOf('\n', start - 1) + 1;
      int lineEnd = text.indexOf('\n', Math.min(d.at().span().end(), text.length()));
      held += (lineEnd < 0 ? text.length() : lineEnd) - lineStart;
    }
    hold(held);
    ctx.log(d);
  }
}
