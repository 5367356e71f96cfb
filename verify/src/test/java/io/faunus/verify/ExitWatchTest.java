package io.faunus.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes that exit on their own are reported and started again; nodes the harness ended are not reported. */
class ExitWatchTest {
  @TempDir Path dir;

  /** A "node" whose process is a shell script of {@code body} (it ignores the JVM option the harness adds). */
  private Node node(String id, String body) throws java.io.IOException {
    Path script = dir.resolve(id + ".sh");
    java.nio.file.Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    script.toFile().setExecutable(true);
    return new Node(id, 0, 0, dir.resolve(id), dir.resolve(id + ".log"), List.of(script.toString()));
  }

  @Test
  void aNodeThatExitsOnItsOwnIsReportedAndStartedAgainUpToTheLimit() throws Exception {
    Node crashing = node("n1", "exit 1"); // exits at once, every time
    crashing.start();
    ExitWatch watch = new ExitWatch(List.of(crashing), System.nanoTime());
    Thread t = Thread.ofPlatform().daemon().start(watch);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    // The first start plus RESTARTS_MAX restarts, each seen exiting: then it is left down.
    while (System.nanoTime() < deadline && watch.exitsSoFar() < ExitWatch.RESTARTS_MAX + 1) Thread.sleep(100);
    Thread.sleep(2 * ExitWatch.POLL_MS); // no further restart after the limit
    List<ExitWatch.Exit> exits = watch.stop();
    t.join(10_000);
    assertThat(exits).hasSize(ExitWatch.RESTARTS_MAX + 1).allSatisfy(e -> {
      assertThat(e.node()).isEqualTo("n1");
      assertThat(e.status()).isEqualTo(1);
    });
    assertThat(crashing.alive()).isFalse();
  }

  @Test
  void aNodeTheHarnessKilledOrStoppedIsNotReported() throws Exception {
    Node killed = node("n1", "exec sleep 60"), stopped = node("n2", "exec sleep 60"), running = node("n3", "exec sleep 60");
    for (Node n : List.of(killed, stopped, running)) n.start();
    ExitWatch watch = new ExitWatch(List.of(killed, stopped, running), System.nanoTime());
    killed.kill();
    stopped.stop();
    Thread t = Thread.ofPlatform().daemon().start(watch);
    Thread.sleep(2 * ExitWatch.POLL_MS);
    List<ExitWatch.Exit> exits = watch.stop();
    t.join(10_000);
    assertThat(exits).isEmpty();
    assertThat(running.alive()).isTrue();
    running.kill();
  }
}
