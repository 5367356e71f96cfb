package io.faunus.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A query whose values outgrow the heap (16 000 arrays of 16 000 elements pass every per-value cap) must
 * fail with value_too_large while the node keeps serving, not kill the JVM. Runs in a child JVM with a
 * small heap so the guard, not the machine's memory, decides.
 */
class MemoryGuardTest {
  /** Child JVM entry: prints the outcome of the big query, then of a trivial one. */
  public static void main(String[] args) {
    try (FqlNode n = new FqlNode()) {
      System.out.println(n.outcome(FqlNode.ROOT, "Array.sequence(0, 16000).map(x => Array.sequence(0, 16000)).length"));
      System.out.println(n.outcome(FqlNode.ROOT, "1 + 1"));
    }
  }

  @Test
  void aQueryThatWouldExhaustTheHeapFailsAndTheNodeKeepsServing() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx256m", "-Xss16m", "-cp", System.getProperty("java.class.path"),
        MemoryGuardTest.class.getName()).redirectErrorStream(true).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finishes").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out).doesNotContain("OutOfMemoryError");
    assertThat(out.lines().filter(l -> !l.isBlank()).toList()).containsExactly("value_too_large", "ok");
    assertThat(p.exitValue()).isZero();
  }
}
