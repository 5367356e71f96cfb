package io.faunus.bench;

import io.faunus.fql.Parser;
import io.faunus.fql.Source;
import io.faunus.fql.ast.Expr;
import io.faunus.model.engine.CursorTokens;
import io.faunus.model.engine.EvalContext;
import io.faunus.model.engine.Materializer;
import io.faunus.model.eval.Cursors;
import io.faunus.model.eval.DocAccess;
import io.faunus.model.eval.Env;
import io.faunus.model.eval.Interp;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryRequest;
import io.faunus.model.value.Value;
import io.faunus.node.Node;
import io.faunus.node.NodeConfig;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Front end and evaluator throughput over a rotating {@link QueryMix}: each invocation handles the next query
 * of the shuffled mix (hundreds of distinct texts), so the score is queries per second averaged over the mix.
 *
 * <ul>
 *   <li>{@code parse}: {@code Parser.parseQuery} only.
 *   <li>{@code parseEval}: parse, evaluate with {@link Interp} and materialize the result, built the way
 *       {@code Node.execute} builds them (no auth, clock, stats or JSON).
 *   <li>{@code execute}: the whole in-process {@code Node.execute} (auth, clock, parse, eval, stats); no HTTP
 *       and no JSON encoding.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xss16m"})
public class EvalBench {

  @Param({"core"})
  public String mix;

  private static final long SNAPSHOT_MICROS = 1_700_000_000_000_000L;
  private static final Instant SNAPSHOT = Instant.ofEpochSecond(0, SNAPSHOT_MICROS * 1000);

  private String[] texts;
  private int next;
  private Node node;
  private Cursors cursors;
  private long id;
  private final LongSupplier ids = () -> ++id;

  @Setup(Level.Trial)
  public void setUp() {
    texts = QueryMix.texts(mix);
    node = Node.open(new NodeConfig(null, true, "secret"));
    cursors = new CursorTokens(CursorTokens.newKey()).forDatabase(0);
    // Measure only queries that succeed: a mix with an unsupported function would measure error paths.
    for (String t : texts) {
      String p = QueryMix.problem(node, t);
      if (p != null) throw new IllegalStateException("mix " + mix + ": query fails on this build: " + t + " -> " + p);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    node.close();
  }

  private String nextText() {
    String t = texts[next];
    if (++next == texts.length) next = 0;
    return t;
  }

  @Benchmark
  public Expr.Block parse() {
    return Parser.parseQuery(Source.query(nextText()));
  }

  @Benchmark
  public Value parseEval() {
    Source src = Source.query(nextText());
    Expr.Block ast = Parser.parseQuery(src);
    EvalContext ctx = new EvalContext(List.of(), System.nanoTime(), QueryRequest.DEFAULT_TIMEOUT_MS, SNAPSHOT, ids,
        cursors, EvalContext.Schema.NONE, DocAccess.NONE);
    Interp in = new Interp(ctx, src);
    Value result = in.eval(ast, Env.EMPTY);
    return new Materializer(in, SNAPSHOT_MICROS).materialize(result);
  }

  @Benchmark
  public QueryOutcome execute() {
    return node.execute(QueryMix.request(nextText()));
  }
}
