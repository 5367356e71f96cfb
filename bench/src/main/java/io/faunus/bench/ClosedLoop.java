package io.faunus.bench;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The client side that {@link DbLoad} and {@link EtcdLoad} share: closed-loop cells over {@link HttpLoad}'s
 * connections (each request a seeded random pick from a pool of pre-encoded requests), a JIT warm-up that is
 * not measured, and one {@code RESULT} line per measured cell in the format {@code db_table.py} and
 * {@code cluster_table.py} read. Every cell gets its own connection seed, so runs with one {@code --seed} repeat.
 */
final class ClosedLoop {
  /** Connections of the (unmeasured) JIT warm-up. */
  static final int WARM_UP_CLIENTS = 16;

  private final String host;
  private final int[] ports;
  private final long[] serverPids;
  private final double warmupS;
  private final double durationS;
  private final String label;
  private final String run;
  private long connSeed;

  /** {@code warmupS} and {@code durationS}: each measured cell's unmeasured start and measured window. */
  ClosedLoop(String host, int[] ports, long[] serverPids, double warmupS, double durationS, String label, String run,
      long seed) {
    this.host = host;
    this.ports = ports;
    this.serverPids = serverPids;
    this.warmupS = warmupS;
    this.durationS = durationS;
    this.label = label;
    this.run = run;
    this.connSeed = seed * 1_000_003L;
  }

  /** What a measured cell saw: its figures, and how many requests were answered 200. */
  record Measured(HttpLoad.Result result, long ok) {}

  /** Not measured: {@value #WARM_UP_CLIENTS} connections on {@code pool} for {@code seconds}; the 200 answers. */
  long warmUp(List<ByteBuf> pool, double seconds) throws InterruptedException {
    HttpLoad.Session s = new HttpLoad.Session(false);
    HttpLoad.run(s, host, ports, WARM_UP_CLIENTS, 1, seconds, 0, serverPids, random(pool, connSeed++), start -> {});
    return s.ok.get();
  }

  /**
   * One measured cell: {@code clients} connections on {@code pool}; prints its {@code RESULT} line.
   * {@code counters}: {commits, fsyncs} of the server, read just before and after the measured window; null
   * for a server that has none (printed as -1). {@code countRetries}: sum the answers' contention retries.
   */
  Measured cell(String workload, int clients, List<ByteBuf> pool, boolean countRetries, Supplier<long[]> counters)
      throws InterruptedException {
    long[][] counted = new long[2][];
    String[] load = new String[2];
    HttpLoad.Session s = new HttpLoad.Session(countRetries);
    HttpLoad.Sampled m = HttpLoad.run(s, host, ports, clients, 1, warmupS, durationS, serverPids,
        random(pool, connSeed++), start -> {
          if (counters != null) counted[start ? 0 : 1] = counters.get(); // the measured window only
          load[start ? 0 : 1] = loadAvg();
        });
    HttpLoad.Result r = m.result();
    long commits = counters == null ? -1 : counted[1][0] - counted[0][0];
    long fsyncs = counters == null ? -1 : counted[1][1] - counted[0][1];
    if (r.firstError() != null) System.out.println("first error (" + workload + ", " + clients + " clients): " + r.firstError());
    System.out.println(String.format(Locale.ROOT,
        "RESULT label=%s workload=%s clients=%d run=%s secs=%.2f requests=%d rps=%.1f p50_us=%d p90_us=%d "
            + "p99_us=%d max_us=%d errors=%d conflicts=%d retries=%d commits=%d fsyncs=%d fsyncs_per_commit=%s "
            + "server_cpu=%.0f client_cpu=%.0f load_before=%s load_after=%s",
        label, workload, clients, run, r.secs(), r.requests(), r.rps(), r.p50(), r.p90(), r.p99(), r.max(), r.errors(),
        r.conflicts(), r.contentionRetries(), commits, fsyncs,
        commits > 0 ? String.format(Locale.ROOT, "%.3f", (double) fsyncs / commits) : "-",
        CpuSample.otherPct(m.before(), m.after()), CpuSample.selfPct(m.before(), m.after()), load[0], load[1]));
    return new Measured(r, s.ok.get());
  }

  /** Per connection: a seeded random pick from the pool for every request. */
  static Supplier<HttpLoad.Requests> random(List<ByteBuf> pool, long seed) {
    SplittableRandom root = new SplittableRandom(seed);
    ByteBuf[] arr = pool.toArray(new ByteBuf[0]);
    return () -> {
      SplittableRandom r = root.split();
      return () -> arr[r.nextInt(arr.length)];
    };
  }

  /** The 1-minute load average, for the RESULT lines (a busy machine explains an outlier). */
  static String loadAvg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "-";
    }
  }
}
