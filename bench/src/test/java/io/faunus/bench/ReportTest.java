package io.faunus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures {@code ./faunus bench} prints: medians over runs, per-run ratios, and the {@code --runs} option. */
class ReportTest {
  private static Cell cell(String peer, double opsPerSec, double cpuSecs) {
    // 5 s windows: ops = ops/s × 5; latencies in µs.
    return new Cell(peer, Workload.READ, 16, 5.0, Math.round(opsPerSec * 5), 100, 200, 300, 400, 500, 0, 0, 0, 0,
        cpuSecs, cpuSecs / 10, "1.0", null);
  }

  private static Bench.Options options(int runs) {
    return Bench.parse(new String[] {"--workload", "read", "--clients", "16", "--runs", String.valueOf(runs)});
  }

  @Test
  void oneRunKeepsTheSingleRatioFormat() {
    Report r = new Report(List.of(List.of(cell("faunus", 1000, 2.5), cell("postgres", 2000, 5.0))), options(1));
    assertThat(r.benchLines()).containsExactly(
        "bench: read faunus=1000 postgres=2000 ratio=0.50 clients=16 cpu_ratio=1.00 keys=uniform");
    assertThat(r.table()).contains("| read | 0.50; 1.00 |").doesNotContain("Medians");
    assertThat(r.resultLines()).hasSize(2).allMatch(l -> l.startsWith("RESULT "));
  }

  @Test
  void severalRunsReportMediansOfTheRatiosWithTheirSpread() {
    // Per-run raw ratios 0.5, 1.0, 0.25 (median 0.5); per CPU-s: Faunus 5000/2500/1000 over PostgreSQL 1000.
    Report r = new Report(List.of(
        List.of(cell("faunus", 1000, 1.0), cell("postgres", 2000, 10.0)),
        List.of(cell("postgres", 1000, 5.0), cell("faunus", 1000, 2.0)),
        List.of(cell("faunus", 500, 2.5), cell("postgres", 2000, 10.0))), options(3));
    assertThat(r.benchLines()).containsExactly("bench: read faunus=1000 postgres=2000 ratio=0.50 clients=16 "
        + "cpu_ratio=2.50 keys=uniform runs=3 (medians)");
    assertThat(r.table())
        .contains("| read | 0.50 (0.25-1.00); 2.50 (1.00-5.00) |")
        .contains("| read | 16 | faunus | 1000 (500-1000) |")
        .contains("| read | 16 | faunus | 2 |");
    assertThat(r.resultLines()).hasSize(6).first().asString().startsWith("run=1 RESULT peer=faunus");
    // The plots get the real cell of the median run, per peer.
    assertThat(r.medianCells()).extracting(Cell::peer, Cell::opsPerSec)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("faunus", 1000.0),
            org.assertj.core.groups.Tuple.tuple("postgres", 2000.0));
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Report.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(Report.median(new double[] {})).isNaN();
    assertThat(Report.median(new double[] {Double.NaN, 3, 1})).as("unknown values left out").isEqualTo(2);
  }

  @Test
  void aRunWithUnknownServerCpuLeavesTheOthersSpread() {
    // Run 2's PostgreSQL window has no CPU figure (0 s): its per-CPU ratio is unknown, not the spread's end.
    Report r = new Report(List.of(
        List.of(cell("faunus", 1000, 1.0), cell("postgres", 2000, 2.0)),
        List.of(cell("faunus", 1000, 1.0), cell("postgres", 2000, 0.0)),
        List.of(cell("faunus", 1000, 1.0), cell("postgres", 2000, 4.0))), options(3));
    assertThat(r.table()).contains("| read | 0.50 (0.50-0.50); 1.50 (1.00-2.00) |").doesNotContain("NaN-NaN");
  }

  @Test
  void theTableShowsTheJitShareOfServerCpu() {
    Report r = new Report(List.of(List.of(cell("faunus", 1000, 2.5), cell("postgres", 2000, 5.0))), options(1));
    assertThat(r.table()).contains("| JIT % of server CPU |").contains("| 10.0 | 1.0 |");
    assertThat(r.resultLines().get(0)).contains("jit_cpu_s=0.25");
  }

  @Test
  void runsMustBeWithinBounds() {
    assertThat(options(3).runs()).isEqualTo(3);
    assertThatThrownBy(() -> options(0)).hasMessageContaining("--runs must be at least 1");
    assertThatThrownBy(() -> options(Bench.Options.RUNS_MAX + 1)).hasMessageContaining("--runs is at most");
  }
}
