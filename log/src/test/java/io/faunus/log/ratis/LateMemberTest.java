package io.faunus.log.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Raft members in one JVM (real Ratis over gRPC on loopback, real RocksDB): two bootstrap without the
 * third, which starts after they elected a leader and still joins as a voter; once it took part they remember
 * it, and the same member started again with an empty directory is refused.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LateMemberTest {
  @TempDir Path dir;
  private final Map<String, String> peers = new LinkedHashMap<>();
  private final List<RatisLog> open = new ArrayList<>();

  @AfterEach
  void close() {
    for (RatisLog l : open) l.close();
  }

  private ClusterConfig config(String id) {
    return new ClusterConfig(id, peers, dir.resolve(id).resolve("raft"));
  }

  private RatisLog start(String id) {
    RatisLog l = RatisLog.open(config(id), dir.resolve(id).resolve("store"));
    open.add(l);
    return l;
  }

  private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private java.util.Set<String> heard(String id) {
    return HeardFrom.of(dir.resolve(id).resolve("raft")).ids();
  }

  @Test
  void aLateInitialMemberJoinsAndIsRememberedOnceItTookPart() throws Exception {
    for (String id : List.of("n1", "n2", "n3")) peers.put(id, "127.0.0.1:" + freePort());
    var n1 = CompletableFuture.supplyAsync(() -> start("n1"));
    RatisLog n2 = start("n2");
    n1.get(90, TimeUnit.SECONDS);
    await("a leader among n1 and n2", () -> n2.status().leader() != null);
    await("n1 and n2 remember each other", () -> heard("n1").contains("n2") && heard("n2").contains("n1"));
    assertThat(heard("n1")).doesNotContain("n3");
    assertThat(heard("n2")).doesNotContain("n3");

    RatisLog n3 = start("n3"); // after the cluster formed: refused before (it looked like a lost disk)
    await("n3 took part", () -> heard("n1").contains("n3") || heard("n2").contains("n3"));
    await("n3 applies what the leader wrote", () -> n3.status().appliedIndex() >= n2.status().appliedIndex());

    n3.close();
    open.remove(n3);
    deleteTree(dir.resolve("n3"));
    assertThatThrownBy(() -> start("n3")).isInstanceOf(StartRefusedException.class)
        .hasMessageContaining("has heard from n3 before").hasMessageContaining("admin remove-node");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (var s = Files.walk(p)) {
      for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(q);
    }
  }
}
