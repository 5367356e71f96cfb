package io.faunus.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The end of a {@link Bench} run: a Markdown table of every cell and one {@code bench:} line per cell. */
record Report(List<Cell> cells, Bench.Options options) {

  Optional<Cell> find(String peer, Workload w, int clients) {
    return cells.stream().filter(c -> c.peer().equals(peer) && c.workload() == w && c.clients() == clients).findFirst();
  }

  String table() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "keys %s, %.0f s measured per cell after %.0f s of load%n%n",
        options.keys().name().toLowerCase(Locale.ROOT), options.duration(), options.warmup()));
    b.append("| workload | clients | peer | ops/s | p50 ms | p95 ms | p99 ms | p99.9 ms | aborts | conflicts | retries "
        + "| errors | server CPU µs/op | ops per CPU-s | load avg |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Cell c : cells) {
      b.append(String.format(Locale.ROOT, "| %s | %d | %s | %.0f | %s | %s | %s | %s | %d | %d | %d | %d | %.0f | %.0f | %s |%n",
          c.workload().id, c.clients(), c.peer(), c.opsPerSec(), ms(c.p50()), ms(c.p95()), ms(c.p99()), ms(c.p999()),
          c.aborts(), c.conflicts(), c.retries(), c.errors(), c.cpuMicrosPerOp(), c.opsPerCpuSec(), c.load()));
    }
    List<String> ratios = ratioRows();
    if (!ratios.isEmpty()) {
      b.append("\nFaunus / PostgreSQL (raw throughput; per server CPU-second)\n\n| workload | ");
      for (int c : options.clients()) b.append(c).append(c == 1 ? " client | " : " clients | ");
      b.append("\n|---|").append("---|".repeat(options.clients().size())).append('\n');
      ratios.forEach(r -> b.append(r).append('\n'));
    }
    return b.toString();
  }

  private List<String> ratioRows() {
    List<String> rows = new ArrayList<>();
    for (Workload w : options.workloads()) {
      StringBuilder r = new StringBuilder("| " + w.id + " |");
      boolean any = false;
      for (int c : options.clients()) {
        Optional<Cell> f = find("faunus", w, c);
        Optional<Cell> p = find("postgres", w, c);
        if (f.isEmpty() || p.isEmpty()) {
          r.append(" - |");
          continue;
        }
        any = true;
        r.append(String.format(Locale.ROOT, " %.2f; %.2f |", f.get().opsPerSec() / p.get().opsPerSec(),
            f.get().opsPerCpuSec() / p.get().opsPerCpuSec()));
      }
      if (any) rows.add(r.toString());
    }
    return rows;
  }

  /** {@code bench: <W> faunus=<ops/s> postgres=<ops/s> ratio=<r>}, then the cell's client count and CPU ratio. */
  List<String> benchLines() {
    List<String> out = new ArrayList<>();
    for (Workload w : options.workloads()) {
      for (int c : options.clients()) {
        Optional<Cell> f = find("faunus", w, c);
        if (f.isEmpty()) continue;
        Optional<Cell> p = find("postgres", w, c);
        out.add(p.map(pc -> String.format(Locale.ROOT,
                "bench: %s faunus=%.0f postgres=%.0f ratio=%.2f clients=%d cpu_ratio=%.2f keys=%s", w.id,
                f.get().opsPerSec(), pc.opsPerSec(), f.get().opsPerSec() / pc.opsPerSec(), c,
                f.get().opsPerCpuSec() / pc.opsPerCpuSec(), options.keys().name().toLowerCase(Locale.ROOT)))
            .orElse(String.format(Locale.ROOT, "bench: %s faunus=%.0f postgres=- ratio=- clients=%d keys=%s", w.id,
                f.get().opsPerSec(), c, options.keys().name().toLowerCase(Locale.ROOT))));
      }
    }
    return out;
  }

  private static String ms(long micros) {
    return micros < 0 ? "-" : String.format(Locale.ROOT, "%.2f", micros / 1000.0);
  }
}
