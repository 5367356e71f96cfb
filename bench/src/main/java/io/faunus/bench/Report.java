package io.faunus.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The end of a {@link Bench} run: a Markdown table of every cell, the Faunus / PostgreSQL ratios and one
 * {@code bench:} line per cell. With {@code --runs N} above 1 every cell was measured N times (one list per run);
 * the ratio table then gives the median of the N per-run ratios with their min-max, and the {@code bench:} lines
 * the medians.
 */
record Report(List<List<Cell>> runs, Bench.Options options) {
  Report {
    if (runs.isEmpty()) throw new IllegalArgumentException("a report needs at least one run");
    runs = List.copyOf(runs);
  }

  /** The cell of one peer, workload and client count in run {@code run} (0-based). */
  Optional<Cell> find(int run, String peer, Workload w, int clients) {
    return runs.get(run).stream()
        .filter(c -> c.peer().equals(peer) && c.workload() == w && c.clients() == clients).findFirst();
  }

  /** Every cell's {@code RESULT} line, run by run, each prefixed with its run number when there are several. */
  List<String> resultLines() {
    List<String> out = new ArrayList<>();
    for (int r = 0; r < runs.size(); r++) {
      for (Cell c : runs.get(r)) out.add(runs.size() > 1 ? "run=" + (r + 1) + " " + c.resultLine() : c.resultLine());
    }
    return out;
  }

  /**
   * Per peer, workload and client count, the measured cell whose ops/s is the median over the runs (the lower
   * middle one for an even count): real cells, for the plots.
   */
  List<Cell> medianCells() {
    List<Cell> out = new ArrayList<>();
    for (Cell first : runs.get(0)) {
      List<Cell> same = new ArrayList<>();
      for (int r = 0; r < runs.size(); r++) find(r, first.peer(), first.workload(), first.clients()).ifPresent(same::add);
      same.sort((a, b) -> Double.compare(a.opsPerSec(), b.opsPerSec()));
      out.add(same.get((same.size() - 1) / 2));
    }
    return out;
  }

  String table() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "keys %s, %.0f s measured per cell after %.0f s of load%s%n%n",
        options.keys().name().toLowerCase(Locale.ROOT), options.duration(), options.warmup(),
        runs.size() > 1 ? ", " + runs.size() + " runs" : ""));
    String runCol = runs.size() > 1 ? " run |" : "";
    b.append("| workload | clients | peer |").append(runCol).append(" ops/s | p50 ms | p95 ms | p99 ms | p99.9 ms | aborts "
        + "| conflicts | retries | errors | server CPU µs/op | ops per CPU-s | JIT % of server CPU | load avg |\n");
    b.append("|---|---|---|").append(runs.size() > 1 ? "---|" : "").append("---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int r = 0; r < runs.size(); r++) {
      for (Cell c : runs.get(r)) {
        b.append(String.format(Locale.ROOT, "| %s | %d | %s |%s %.0f | %s | %s | %s | %s | %d | %d | %d | %d | %.0f | %.0f | %s | %s |%n",
            c.workload().id, c.clients(), c.peer(), runs.size() > 1 ? " " + (r + 1) + " |" : "", c.opsPerSec(),
            ms(c.p50()), ms(c.p95()), ms(c.p99()), ms(c.p999()), c.aborts(), c.conflicts(), c.retries(), c.errors(),
            c.cpuMicrosPerOp(), c.opsPerCpuSec(), Double.isNaN(c.jitPct()) ? "-" : String.format(Locale.ROOT, "%.1f", c.jitPct()),
            c.load()));
      }
    }
    if (runs.size() > 1) b.append('\n').append(medianTable());
    List<String> ratios = ratioRows();
    if (!ratios.isEmpty()) {
      b.append("\nFaunus / PostgreSQL (raw throughput; per server CPU-second")
          .append(runs.size() > 1 ? "; median of the " + runs.size() + " runs' ratios, min-max" : "")
          .append(")\n\n| workload | ");
      for (int c : options.clients()) b.append(c).append(c == 1 ? " client | " : " clients | ");
      b.append("\n|---|").append("---|".repeat(options.clients().size())).append('\n');
      ratios.forEach(r -> b.append(r).append('\n'));
    }
    return b.toString();
  }

  /** Medians over the runs, with min-max, of the figures the ratios are made of. */
  private String medianTable() {
    StringBuilder b = new StringBuilder("Medians over " + runs.size() + " runs (min-max)\n\n"
        + "| workload | clients | peer | ops/s | ops per CPU-s | p99 ms | server CPU µs/op |\n|---|---|---|---|---|---|---|\n");
    for (Cell first : runs.get(0)) {
      b.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n", first.workload().id,
          first.clients(), first.peer(), spread(first, Cell::opsPerSec, "%.0f"), spread(first, Cell::opsPerCpuSec, "%.0f"),
          spread(first, c -> c.p99() / 1000.0, "%.2f"), spread(first, Cell::cpuMicrosPerOp, "%.0f")));
    }
    return b.toString();
  }

  private String spread(Cell like, ToDoubleFunction<Cell> f, String fmt) {
    double[] v = new double[runs.size()];
    for (int r = 0; r < runs.size(); r++) {
      v[r] = find(r, like.peer(), like.workload(), like.clients()).map(f::applyAsDouble).orElse(Double.NaN);
    }
    return String.format(Locale.ROOT, fmt + " (" + fmt + "-" + fmt + ")", median(v), min(v), max(v));
  }

  private List<String> ratioRows() {
    List<String> rows = new ArrayList<>();
    for (Workload w : options.workloads()) {
      StringBuilder r = new StringBuilder("| " + w.id + " |");
      boolean any = false;
      for (int c : options.clients()) {
        double[] raw = ratios(w, c, Cell::opsPerSec);
        double[] cpu = ratios(w, c, Cell::opsPerCpuSec);
        if (raw.length == 0) {
          r.append(" - |");
          continue;
        }
        any = true;
        r.append(runs.size() == 1
            ? String.format(Locale.ROOT, " %.2f; %.2f |", raw[0], cpu[0])
            : String.format(Locale.ROOT, " %.2f (%.2f-%.2f); %.2f (%.2f-%.2f) |", median(raw), min(raw), max(raw),
                median(cpu), min(cpu), max(cpu)));
      }
      if (any) rows.add(r.toString());
    }
    return rows;
  }

  /** Faunus ÷ PostgreSQL of one figure, per run in which both peers measured the cell. */
  private double[] ratios(Workload w, int clients, ToDoubleFunction<Cell> f) {
    List<Double> out = new ArrayList<>();
    for (int r = 0; r < runs.size(); r++) {
      Optional<Cell> fc = find(r, "faunus", w, clients);
      Optional<Cell> pc = find(r, "postgres", w, clients);
      if (fc.isPresent() && pc.isPresent()) out.add(f.applyAsDouble(fc.get()) / f.applyAsDouble(pc.get()));
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** {@code bench: <W> faunus=<ops/s> postgres=<ops/s> ratio=<r>}, then the cell's client count and CPU ratio. */
  List<String> benchLines() {
    List<String> out = new ArrayList<>();
    String keys = options.keys().name().toLowerCase(Locale.ROOT);
    String runsNote = runs.size() > 1 ? " runs=" + runs.size() + " (medians)" : "";
    for (Workload w : options.workloads()) {
      for (int c : options.clients()) {
        double f = medianOf("faunus", w, c, Cell::opsPerSec);
        if (Double.isNaN(f)) continue;
        double p = medianOf("postgres", w, c, Cell::opsPerSec);
        out.add(Double.isNaN(p)
            ? String.format(Locale.ROOT, "bench: %s faunus=%.0f postgres=- ratio=- clients=%d keys=%s%s", w.id, f, c,
                keys, runsNote)
            : String.format(Locale.ROOT, "bench: %s faunus=%.0f postgres=%.0f ratio=%.2f clients=%d cpu_ratio=%.2f "
                + "keys=%s%s", w.id, f, p, median(ratios(w, c, Cell::opsPerSec)), c,
                median(ratios(w, c, Cell::opsPerCpuSec)), keys, runsNote));
      }
    }
    return out;
  }

  private double medianOf(String peer, Workload w, int clients, ToDoubleFunction<Cell> f) {
    double[] v = new double[runs.size()];
    int n = 0;
    for (int r = 0; r < runs.size(); r++) {
      Optional<Cell> c = find(r, peer, w, clients);
      if (c.isPresent()) v[n++] = f.applyAsDouble(c.get());
    }
    return median(Arrays.copyOf(v, n));
  }

  /** The median of the known values (the mean of the two middle ones for an even count); NaN for none. */
  static double median(double[] values) {
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
    if (v.length == 0) return Double.NaN;
    Arrays.sort(v);
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }

  /** Of the known values (a run whose figure is unknown, NaN, is left out); NaN when none is known. */
  private static double min(double[] v) {
    return Arrays.stream(v).filter(x -> !Double.isNaN(x)).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).filter(x -> !Double.isNaN(x)).max().orElse(Double.NaN);
  }

  private static String ms(long micros) {
    return micros < 0 ? "-" : String.format(Locale.ROOT, "%.2f", micros / 1000.0);
  }
}
