package io.faunus.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Usage errors of {@code faunus verify} that are refused before any cluster starts (exit status 2). */
class VerifyCommandTest {
  private static int run(String... args) {
    return new CommandLine(new VerifyCommand()).execute(args);
  }

  @Test
  void localReadsNeedACluster() {
    assertThat(run("--read-mode", "local", "--nodes", "1", "--faults", "none", "--workload", "register")).isEqualTo(2);
  }

  @Test
  void localReadsRefuseWorkloadsWhoseCheckerNeedsRealTime() {
    assertThat(run("--read-mode", "local", "--workload", "set")).isEqualTo(2);
    assertThat(run("--read-mode", "local", "--workload", "pagination")).isEqualTo(2);
  }

  @Test
  void everyWorkloadButTheRealTimeOnesRunsInLocalMode() {
    assertThat(VerifyCommand.workloads(VerifyCommand.WorkloadName.all).stream().filter(w -> w.checks(ReadMode.local))
        .map(Workload::name)).containsExactly("bank", "bank-scan", "list-append", "register");
  }
}
