package io.faunus.bench;

import java.util.Locale;

/**
 * One measured window of {@link Bench}: one peer, one workload, one client count. Latencies (µs) are of successful
 * operations only, retries included; {@code aborts} are operations the database refused for a business reason
 * (FQL {@code abort}, PL/pgSQL {@code RAISE}), {@code conflicts} those that still conflicted after every retry,
 * {@code errors} anything else. {@code jitCpuSecs}: the part of {@code serverCpuSecs} the JVM's JIT compiler threads
 * took (NaN for a server that is not a JVM): a large share means the warm-up was too short and the window measured
 * compilation as much as serving.
 */
record Cell(String peer, Workload workload, int clients, double secs, long ops, long p50, long p95, long p99,
    long p999, long max, long aborts, long conflicts, long retries, long errors, double serverCpuSecs,
    double jitCpuSecs, String load, String firstError) {

  double opsPerSec() {
    return ops / secs;
  }

  /** Operations per second of server CPU: the fairer figure on a machine shared with other work. */
  double opsPerCpuSec() {
    return serverCpuSecs > 0 ? ops / serverCpuSecs : Double.NaN;
  }

  /** Server CPU per operation, in microseconds. */
  double cpuMicrosPerOp() {
    return ops > 0 ? serverCpuSecs * 1e6 / ops : Double.NaN;
  }

  /** Percent of the window's server CPU that went to the JIT compiler; NaN when unknown. */
  double jitPct() {
    return serverCpuSecs > 0 && !Double.isNaN(jitCpuSecs) ? 100 * jitCpuSecs / serverCpuSecs : Double.NaN;
  }

  String resultLine() {
    return String.format(Locale.ROOT,
        "RESULT peer=%s workload=%s clients=%d secs=%.2f ops=%d ops_per_s=%.1f p50_us=%d p95_us=%d p99_us=%d "
            + "p999_us=%d max_us=%d aborts=%d conflicts=%d retries=%d errors=%d server_cpu_s=%.2f "
            + "cpu_us_per_op=%.1f ops_per_cpu_s=%.1f jit_cpu_s=%.2f load=%s",
        peer, workload.id, clients, secs, ops, opsPerSec(), p50, p95, p99, p999, max, aborts, conflicts, retries,
        errors, serverCpuSecs, cpuMicrosPerOp(), opsPerCpuSec(), jitCpuSecs, load);
  }

  static Cell of(String peer, Workload w, int clients, HttpLoad.Histogram h, double secs, long aborts,
      long conflicts, long retries, long errors, double serverCpuSecs, double jitCpuSecs, String load, String firstError) {
    return new Cell(peer, w, clients, secs, h.total, h.percentile(0.50), h.percentile(0.95), h.percentile(0.99),
        h.percentile(0.999), h.maxMicros, aborts, conflicts, retries, errors, serverCpuSecs, jitCpuSecs, load, firstError);
  }
}
