package io.faunus.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The PostgreSQL side of {@link Bench}: the same data as {@link FaunusSide} in the tables of
 * {@code examples/ecommerce/postgres/store.sql} plus {@code bench}, and each workload as one prepared statement
 * over JDBC (autocommit, so one statement is one SERIALIZABLE transaction), closed-loop on one thread and one
 * connection per client. Serialization failures (SQLSTATE 40001, and deadlocks 40P01) are retried up to
 * {@code retries} times and counted, as Faunus retries contended transactions itself.
 */
final class PgLoad {
  private static final String BENCH_TABLE =
      "CREATE TABLE bench (id bigserial PRIMARY KEY, k bigint NOT NULL UNIQUE, v bigint NOT NULL)";

  private final PgServer pg;
  private final Bench.Data data;
  private final int retries;
  /** Successful rmw and place-order operations, warm-up included: what the correctness checks expect. */
  final AtomicLong rmwOk = new AtomicLong();
  final AtomicLong ordersOk = new AtomicLong();
  private final AtomicLong nextK;

  PgLoad(PgServer pg, Bench.Data data, int retries) {
    this.pg = pg;
    this.data = data;
    this.retries = retries;
    this.nextK = new AtomicLong(data.docs());
  }

  /** Tables, the store's function, then the rows: bench row i+1 holds k = ks[i]; every product has STOCK units. */
  void setup() throws SQLException, IOException {
    long t0 = System.nanoTime();
    try (Connection c = pg.connect(); Statement st = c.createStatement()) {
      st.execute(Bench.resource("/ecommerce/postgres/store.sql"));
      st.execute(BENCH_TABLE);
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO bench (k, v) VALUES (?, 0)")) {
        for (int k : data.ks()) {
          ins.setLong(1, k);
          ins.addBatch();
        }
        ins.executeBatch();
      }
      st.execute("INSERT INTO customer (name, email) SELECT 'customer ' || i, 'c' || i || '@example.com' "
          + "FROM generate_series(1, " + data.customers() + ") i");
      st.execute("INSERT INTO product (name, category, price_cents) SELECT 'product ' || i, 'c' || (i % 10), "
          + "100 + i FROM generate_series(1, " + data.products() + ") i");
      st.execute("INSERT INTO stock (product_id, quantity) SELECT id, " + Bench.STOCK + " FROM product");
      st.execute("VACUUM ANALYZE");
    }
    System.out.printf(java.util.Locale.ROOT, "postgres: preloaded %d rows, %d customers, %d products in %.1f s%n",
        data.docs(), data.customers(), data.products(), (System.nanoTime() - t0) / 1e9);
  }

  /** What one operation does, given its connection's prepared statement. */
  private interface Op {
    void run(PreparedStatement ps, SplittableRandom r) throws SQLException;
  }

  private String sql(Workload w) {
    return switch (w) {
      case READ -> "SELECT v FROM bench WHERE id = ?";
      case INDEX -> "SELECT v FROM bench WHERE k = ?";
      case INSERT -> "INSERT INTO bench (k, v) VALUES (?, 0) RETURNING id";
      case RMW -> "UPDATE bench SET v = v + 1 WHERE id = ? RETURNING v";
      case PLACE_ORDER -> "SELECT place_order(?, ?, ?)";
    };
  }

  private Op op(Workload w, Keys keys, Connection c) {
    return switch (w) {
      case READ, RMW -> (ps, r) -> {
        ps.setLong(1, keys.pick(r, data.docs()) + 1);
        expectRow(ps);
      };
      case INDEX -> (ps, r) -> {
        ps.setLong(1, data.ks()[keys.pick(r, data.docs())]);
        expectRow(ps);
      };
      case INSERT -> (ps, r) -> {
        ps.setLong(1, nextK.getAndIncrement());
        expectRow(ps);
      };
      case PLACE_ORDER -> (ps, r) -> {
        int[] picks = keys.pickDistinct(r, data.products(), Bench.LINES_PER_ORDER);
        Long[] products = new Long[picks.length];
        Long[] quantities = new Long[picks.length];
        for (int i = 0; i < picks.length; i++) {
          products[i] = (long) picks[i] + 1;
          quantities[i] = 1L;
        }
        ps.setLong(1, keys.pick(r, data.customers()) + 1);
        ps.setArray(2, c.createArrayOf("bigint", products));
        ps.setArray(3, c.createArrayOf("bigint", quantities));
        expectRow(ps);
      };
    };
  }

  private static void expectRow(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) throw new SQLException("no row", "NOROW");
    }
  }

  /** Warm-up, then a measured window; {@code clients} threads, each on its own connection. */
  Cell run(Workload w, Keys keys, int clients, double warmupSecs, double durationSecs, long seed)
      throws SQLException, InterruptedException {
    // The same per-window state as HttpLoad's connections share; refusals by the store (RAISE) come on top.
    HttpLoad.Session win = new HttpLoad.Session(true);
    AtomicLong aborts = new AtomicLong();
    List<Connection> conns = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<HttpLoad.Histogram> hists = new ArrayList<>();
    SplittableRandom root = new SplittableRandom(seed);
    try {
      for (int i = 0; i < clients; i++) conns.add(pg.connect());
      for (int i = 0; i < clients; i++) {
        Connection c = conns.get(i);
        PreparedStatement ps = c.prepareStatement(sql(w));
        Op op = op(w, keys, c);
        HttpLoad.Histogram h = new HttpLoad.Histogram();
        hists.add(h);
        SplittableRandom r = root.split();
        Thread t = new Thread(() -> loop(w, op, ps, r, h, win, aborts), "pg-client-" + i);
        threads.add(t);
      }
      threads.forEach(Thread::start);
      Thread.sleep((long) (warmupSecs * 1000));
      String load = ClosedLoop.loadAvg();
      CpuSample a = CpuSample.takeTree(pg.pid());
      win.measuring = true;
      Thread.sleep((long) (durationSecs * 1000));
      win.measuring = false;
      CpuSample b = CpuSample.takeTree(pg.pid());
      win.stopping = true;
      for (Thread t : threads) t.join();
      HttpLoad.Histogram all = new HttpLoad.Histogram();
      for (HttpLoad.Histogram h : hists) all.add(h);
      return Cell.of("postgres", w, clients, all, (b.nanos() - a.nanos()) / 1e9, aborts.get(),
          win.measuredConflicts.get(), win.measuredRetries.get(), win.measuredErrors.get(),
          (b.otherCpuNanos() - a.otherCpuNanos()) / 1e9, Double.NaN, load, win.firstError.get());
    } finally {
      win.stopping = true;
      for (Thread t : threads) t.join();
      for (Connection c : conns) c.close();
    }
  }

  private void loop(Workload w, Op op, PreparedStatement ps, SplittableRandom r, HttpLoad.Histogram h,
      HttpLoad.Session win, AtomicLong aborts) {
    while (!win.stopping) {
      boolean measured = win.measuring;
      long t0 = System.nanoTime();
      int attempt = 0;
      while (true) {
        try {
          op.run(ps, r);
          if (w == Workload.RMW) rmwOk.incrementAndGet();
          if (w == Workload.PLACE_ORDER) ordersOk.incrementAndGet();
          if (measured && win.measuring) h.record((System.nanoTime() - t0) / 1000);
          break;
        } catch (SQLException e) {
          String state = e.getSQLState();
          boolean serialization = "40001".equals(state) || "40P01".equals(state);
          if (serialization && attempt < retries) {
            attempt++;
            if (measured) win.measuredRetries.incrementAndGet();
            continue;
          }
          if (measured) {
            if (serialization) win.measuredConflicts.incrementAndGet();
            else if ("P0001".equals(state)) aborts.incrementAndGet();
            else win.measuredErrors.incrementAndGet();
            win.firstError.compareAndSet(null, state + " " + e.getMessage());
          }
          break;
        }
      }
    }
  }

  /** Checks after the run (docs/benchmarks.md, "Correctness checks"); each line says ok or MISMATCH. */
  List<String> check(boolean ranRmw, boolean ranOrders) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = pg.connect(); Statement st = c.createStatement()) {
      if (ranRmw) {
        long sum = one(st, "SELECT coalesce(sum(v), 0) FROM bench");
        out.add(Bench.checkLine("postgres rmw", "sum of increments = " + sum + ", acknowledged = " + rmwOk.get(),
            sum == rmwOk.get()));
      }
      if (ranOrders) {
        long taken = (long) data.products() * Bench.STOCK - one(st, "SELECT sum(quantity) FROM stock");
        long lines = one(st, "SELECT coalesce(sum(quantity), 0) FROM order_line");
        long orders = one(st, "SELECT count(*) FROM orders");
        out.add(Bench.checkLine("postgres place-order", "stock taken = " + taken + ", order-line units = " + lines
            + "; orders = " + orders + ", acknowledged = " + ordersOk.get(),
            taken == lines && orders == ordersOk.get() && lines == orders * Bench.LINES_PER_ORDER));
      }
    }
    return out;
  }

  private static long one(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
