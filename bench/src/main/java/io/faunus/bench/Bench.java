package io.faunus.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * {@code ./faunus bench}: Faunus against PostgreSQL on the same workloads, in one run (docs/benchmarks.md,
 * "Faunus against PostgreSQL"). Starts a fresh durable Faunus node ({@link DbServer}) and a fresh PostgreSQL
 * ({@link PgServer}) pinned to the server cores, pins itself (the one load generator) to the others, loads the
 * same data into both, then measures every workload × client count on both, alternating which peer goes first
 * from cell to cell so that both see the same background load. Ends with the correctness checks, PNG plots,
 * a table and one {@code bench:} line per cell.
 */
public final class Bench {
  static final String SECRET = "secret";
  /** Units of stock per product: enough that no order is refused in a run (a refusal is counted as an abort). */
  static final long STOCK = 1_000_000_000L;
  static final int LINES_PER_ORDER = 3;

  /** The data both peers hold: bench row/document i has k = ks[i]. */
  record Data(int docs, int[] ks, int customers, int products, long seed) {
    static Data of(int docs, int customers, int products, long seed) {
      List<Integer> ks = new ArrayList<>();
      for (int k = 0; k < docs; k++) ks.add(k);
      Collections.shuffle(ks, new Random(seed)); // the same shuffle as DbLoad.preload
      return new Data(docs, ks.stream().mapToInt(Integer::intValue).toArray(), customers, products, seed);
    }
  }

  private Bench() {}

  static final String HELP = """
      Usage: ./faunus bench [options]
      Runs the same workloads against a fresh durable Faunus node and a fresh PostgreSQL, interleaved in one run,
      and prints throughput, latency, aborts, retries and server CPU per operation for each, the correctness checks,
      and one line per cell:  bench: <workload> faunus=<ops/s> postgres=<ops/s> ratio=<faunus/postgres> clients=<C> ...
      Both servers are started (and removed) by the command; see docs/benchmarks.md.

        --workload W[,W...]  read, index, insert, rmw, place-order, or all (default: all)
                               read         point read of one document/row by id
                               index        lookup by a unique-valued indexed field
                               insert       insert one new document/row
                               rmw          read one document/row and write it back incremented
                               place-order  the store of examples/ecommerce: 3 products, stock check and
                                            decrement, the order and 3 lines, in one call (FQL UDF placeOrder,
                                            PL/pgSQL place_order)
        --peer P             postgres (default) or none (Faunus only)
        --clients C[,C...]   concurrent clients (connections), each closed-loop (default: 1,16,64)
        --duration S         measured seconds per cell and peer (default: 5)
        --warmup S           seconds of load before each measured window (default: 2)
        --jit-warmup S       seconds of load per workload before the first cell, not measured; a JVM server
                             needs tens of seconds before its JIT settles (the table shows the JIT's share
                             of each window's server CPU) (default: 40)
        --keys K             uniform: keys and products drawn from all of them; hot: from the first 10 only
                             (contention) (default: uniform)
        --docs N             documents/rows preloaded for read, index and rmw (default: 10000)
        --products N         products for place-order, each with 1e9 units of stock (default: 1000)
        --customers N        customers for place-order (default: 100)
        --retries N          retries of a contended transaction: Faunus x-max-contention-retries; PostgreSQL
                             re-executes on SQLSTATE 40001/40P01; Faunus allows 0-7 (default: 7)
        --seed N             seed of the data and of every key choice (default: 1)
        --runs N             measure every cell N times, whole runs one after the other on the same two
                             servers (run 2 starts after run 1's last cell); the table then gives each
                             figure's median and min-max, and the bench: lines the medians (default: 1)
        --query-style S      how Faunus gets the keys: literal, a distinct text per request with the key written
                             in it (no parse cache helps once there are more keys than it holds); template, the
                             query as FQL fragments and value parts, as the drivers' fql templates send it; args,
                             one text per workload with the key as an FQL argument (default: literal)
        --server-cpus LIST   cores for both servers, as taskset takes them (default: 0 when the machine has 2+
                             cores; "none" for no pinning)
        --client-cpus LIST   cores for this load generator (default: the rest, 1-(n-1))
        --data-root DIR      where both servers keep their data (default: bench/target/data under FAUNUS_HOME,
                             else ./bench-data); put it on a real disk: on tmpfs fsync costs nothing
        --pg-bin DIR         PostgreSQL binaries (default: /usr/lib/postgresql/15/bin, Debian's postgresql package)
        --out DIR            results, table and PNG plots (default: bench/target/bench-<time> under FAUNUS_HOME)
        --help               this text
      """;

  record Options(List<Workload> workloads, String peer, List<Integer> clients, double duration, double warmup,
      double jitWarmup, Keys keys, int docs, int products, int customers, int retries, long seed, int runs,
      String serverCpus, String clientCpus, Path dataRoot, Path pgBin, Path out, QueryStyle queryStyle) {
    /** Upper bound of --runs: a run of every cell takes minutes. */
    static final int RUNS_MAX = 20;
  }

  static Options parse(String[] args) {
    List<Workload> workloads = List.of(Workload.values());
    String peer = "postgres";
    List<Integer> clients = List.of(1, 16, 64);
    double duration = 5;
    double warmup = 2;
    double jitWarmup = 40;
    Keys keys = Keys.UNIFORM;
    int docs = 10_000;
    int products = 1_000;
    int customers = 100;
    int retries = 7;
    long seed = 1;
    int runs = 1;
    QueryStyle queryStyle = QueryStyle.LITERAL;
    int cores = Runtime.getRuntime().availableProcessors();
    String serverCpus = cores >= 2 ? "0" : "none";
    String clientCpus = cores >= 2 ? (cores == 2 ? "1" : "1-" + (cores - 1)) : "none";
    String home = System.getenv("FAUNUS_HOME");
    Path base = home != null ? Path.of(home, "bench", "target") : Path.of(".");
    Path dataRoot = base.resolve(home != null ? "data" : "bench-data");
    Path pgBin = PgServer.DEFAULT_BIN;
    Path out = base.resolve("bench-" + Instant.now().toString().replaceAll("[:.]", "").substring(0, 15) + "Z");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        System.out.print(HELP);
        System.exit(0);
      }
      if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value (see --help)");
      String v = args[++i];
      try {
        switch (a) {
          case "--workload", "--workloads" -> workloads = v.equals("all") ? List.of(Workload.values())
              : Stream.of(v.split(",")).map(Workload::parse).toList();
          case "--peer" -> {
            if (!v.equals("postgres") && !v.equals("none")) throw new IllegalArgumentException("--peer is postgres or none");
            peer = v;
          }
          case "--clients" -> clients = Stream.of(v.split(",")).map(c -> positive(a, c)).toList();
          case "--duration" -> duration = seconds(a, v);
          case "--warmup" -> warmup = seconds(a, v);
          case "--jit-warmup" -> jitWarmup = seconds(a, v);
          case "--keys" -> keys = Keys.parse(v);
          case "--docs" -> docs = positive(a, v);
          case "--products" -> products = positive(a, v);
          case "--customers" -> customers = positive(a, v);
          case "--retries" -> {
            retries = Integer.parseInt(v);
            if (retries < 0 || retries > 7) throw new IllegalArgumentException("--retries is 0 to 7 (Faunus's limit)");
          }
          case "--seed" -> seed = Long.parseLong(v);
          case "--runs" -> {
            runs = positive(a, v);
            if (runs > Options.RUNS_MAX) throw new IllegalArgumentException("--runs is at most " + Options.RUNS_MAX);
          }
          case "--query-style" -> queryStyle = QueryStyle.parse(v);
          case "--server-cpus" -> serverCpus = v;
          case "--client-cpus" -> clientCpus = v;
          case "--data-root" -> dataRoot = Path.of(v);
          case "--pg-bin" -> pgBin = Path.of(v);
          case "--out" -> out = Path.of(v);
          default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(a + " needs a number, not '" + v + "'");
      }
    }
    if (products < LINES_PER_ORDER) throw new IllegalArgumentException("--products must be at least " + LINES_PER_ORDER);
    if (duration <= 0) throw new IllegalArgumentException("--duration must be above 0");
    return new Options(workloads, peer, clients, duration, warmup, jitWarmup, keys, docs, products, customers,
        retries, seed, runs, serverCpus, clientCpus, dataRoot.toAbsolutePath(), pgBin, out.toAbsolutePath(),
        queryStyle);
  }

  private static int positive(String opt, String v) {
    int n = Integer.parseInt(v.trim());
    if (n < 1) throw new IllegalArgumentException(opt + " must be at least 1, not " + v);
    return n;
  }

  private static double seconds(String opt, String v) {
    double s = Double.parseDouble(v);
    if (s < 0) throw new IllegalArgumentException(opt + " must not be negative, not " + v);
    return s;
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(o));
  }

  static int run(Options o) throws Exception {
    Files.createDirectories(o.out());
    Files.createDirectories(o.dataRoot());
    String serverCpus = o.serverCpus().equals("none") ? null : o.serverCpus();
    if (!o.clientCpus().equals("none")) pinSelf(o.clientCpus());
    Data data = Data.of(o.docs(), o.customers(), o.products(), o.seed());
    boolean pgToo = o.peer().equals("postgres");
    System.out.println("bench: " + machine() + "; servers on cores " + o.serverCpus() + ", load generator on "
        + o.clientCpus() + "; data in " + o.dataRoot() + " (" + fsType(o.dataRoot()) + "); keys " + o.keys()
        .name().toLowerCase(Locale.ROOT) + ", query style " + o.queryStyle() + "; load average " + ClosedLoop.loadAvg());
    List<List<Cell>> runs = new ArrayList<>();
    List<String> checks = new ArrayList<>();
    try (FaunusProcess faunus = FaunusProcess.start(o.dataRoot(), serverCpus);
         PgServer pg = pgToo ? PgServer.start(o.pgBin(), o.dataRoot(), freePort(), serverCpus) : null) {
      System.out.printf(Locale.ROOT, "faunus started in %.2f s%s%n", faunus.startSecs,
          pg != null ? String.format(Locale.ROOT, ", postgres in %.2f s (after initdb), on port %d", pg.startSecs, pg.port) : "");
      FaunusSide f = new FaunusSide("127.0.0.1", faunus.port, SECRET, faunus.pid(), data, o.retries(), o.queryStyle());
      f.setup();
      PgLoad p = pg != null ? new PgLoad(pg, data, o.retries()) : null;
      if (p != null) p.setup();
      long seed = o.seed() * 1_000_003L;
      if (o.jitWarmup() > 0) {
        System.out.println("warm-up: " + o.jitWarmup() + " s per workload at 16 clients on each peer, not measured");
        for (Workload w : o.workloads()) {
          f.run(w, o.keys(), 16, 0, o.jitWarmup(), seed++);
          if (p != null) p.run(w, o.keys(), 16, 0, o.jitWarmup(), seed++);
        }
      }
      int n = 0;
      for (int run = 1; run <= o.runs(); run++) {
        if (o.runs() > 1) System.out.println("run " + run + " of " + o.runs());
        List<Cell> mine = new ArrayList<>();
        for (Workload w : o.workloads()) {
          for (int c : o.clients()) {
            // Alternate which peer goes first, so neither always runs right after the other's burst.
            for (Cell cell : measure(f, p, w, c, o, seed++, n++ % 2 == 0 || p == null)) {
              mine.add(cell);
              print(cell, o);
            }
          }
        }
        runs.add(mine);
      }
      boolean rmw = o.workloads().contains(Workload.RMW);
      boolean orders = o.workloads().contains(Workload.PLACE_ORDER);
      checks.addAll(f.check(rmw, orders));
      if (p != null) checks.addAll(p.check(rmw, orders));
    }
    Report report = new Report(runs, o);
    Files.writeString(o.out().resolve("results.txt"), String.join("\n", report.resultLines()) + "\n");
    String table = report.table();
    Files.writeString(o.out().resolve("table.md"), table + "\n" + String.join("\n", checks) + "\n");
    List<Path> plots = Plot.write(report.medianCells(), o.out());
    System.out.println();
    System.out.println(table);
    checks.forEach(System.out::println);
    System.out.println("plots: " + plots.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("none"));
    System.out.println("results: " + o.out());
    report.benchLines().forEach(System.out::println);
    return checks.stream().allMatch(c -> c.contains(": ok")) ? 0 : 1;
  }

  /** One cell on both peers (Faunus only without a peer), in the given order, with the same seed. */
  private static List<Cell> measure(FaunusSide f, PgLoad p, Workload w, int clients, Options o, long seed,
      boolean faunusFirst) throws Exception {
    Cell faunus = null;
    Cell pg = null;
    if (faunusFirst) faunus = f.run(w, o.keys(), clients, o.warmup(), o.duration(), seed);
    if (p != null) pg = p.run(w, o.keys(), clients, o.warmup(), o.duration(), seed);
    if (!faunusFirst) faunus = f.run(w, o.keys(), clients, o.warmup(), o.duration(), seed);
    return pg == null ? List.of(faunus) : faunusFirst ? List.of(faunus, pg) : List.of(pg, faunus);
  }

  private static void print(Cell cell, Options o) {
    System.out.println(cell.resultLine());
    // A window much longer than asked means the run was paused (SIGSTOP, a suspended VM): ops/s is void.
    if (cell.secs() > o.duration() * 1.5 + 1) {
      System.out.printf(Locale.ROOT, "  WARNING: the window lasted %.0f s instead of %.0f s (the run was "
          + "paused?): this cell's ops/s is invalid; its CPU per operation is not%n", cell.secs(), o.duration());
    }
    if (cell.firstError() != null) {
      String e = cell.firstError().replaceAll("\\s+", " ");
      System.out.println("  first error: " + (e.length() > 240 ? e.substring(0, 240) + "..." : e));
    }
  }

  static String checkLine(String what, String detail, boolean ok) {
    return "CHECK " + what + ": " + (ok ? "ok" : "MISMATCH") + " (" + detail + ")";
  }

  /** A classpath resource as text: the example's schema files are packed into the jar (bench/pom.xml). */
  static String resource(String name) throws IOException {
    try (InputStream in = Bench.class.getResourceAsStream(name)) {
      if (in == null) throw new IOException("missing resource " + name + " (rebuild bench/target/benchmarks.jar)");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Pins every thread of this JVM, present and future, to {@code cpus}. */
  private static void pinSelf(String cpus) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, String.valueOf(ProcessHandle.current().pid()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) throw new IOException("taskset could not pin the load generator to cores " + cpus);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a temp directory left behind is not worth failing a finished run
    }
  }

  private static String machine() {
    String cpu = "?";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?");
    } catch (IOException e) {
      // not Linux
    }
    // Not availableProcessors(): this JVM is pinned by now and would count only its own cores.
    long cores = -1;
    try {
      cores = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
    } catch (IOException e) {
      // not Linux
    }
    return cores + " cores (" + cpu + "), Java " + Runtime.version();
  }

  private static String fsType(Path dir) {
    try {
      return Files.getFileStore(dir).type();
    } catch (IOException e) {
      return "?";
    }
  }
}
