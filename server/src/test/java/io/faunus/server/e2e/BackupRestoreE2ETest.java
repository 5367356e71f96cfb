package io.faunus.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faunus.server.Main;
import io.faunus.server.backup.Manifest;
import io.faunus.server.client.NodeClient;
import io.faunus.server.e2e.E2E.InProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code faunus backup} taken while writes run, then {@code faunus restore}: the restored node holds exactly
 * the source's state at the backup's commit time (same store digest as the source computes for that time),
 * and exactly the acknowledged writes up to that time.
 */
class BackupRestoreE2ETest {
  @TempDir
  Path dir;

  /** An acknowledged write: the value written and the commit time the node answered. */
  record Acked(int n, long txnTs) {}

  @Test
  void backupDuringWritesRestoresTheStateAtItsCommitTime() throws Exception {
    Path source = dir.resolve("source");
    Path backup = dir.resolve("backup");
    Path restored = dir.resolve("restored");
    Manifest manifest;
    List<Acked> acked = java.util.Collections.synchronizedList(new ArrayList<>());
    String sourceDigestAtBackup;
    String sourceDigestNow;
    try (InProcess src = InProcess.start(source)) {
      src.query("Collection.create({ name: \"Items\" })").ok();
      src.query("Items.create({ id: \"0\", n: -1, tags: [\"kept\"] })").ok();
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch warm = new CountDownLatch(50);
      List<Acked> afterBackup = java.util.Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean backupDone = new AtomicBoolean();
      Thread writer = new Thread(() -> {
        for (int i = 0; !stop.get(); i++) {
          // Documents are created, and every tenth write changes the first one: updates must be exact too.
          var r = i % 10 == 9 ? src.query("Items.byId(\"0\")!.update({ n: " + i + " }); Items.create({ n: " + i + " })")
              : src.query("Items.create({ n: " + i + " })");
          if (r.status() != 200) continue;
          Acked a = new Acked(i, r.txnTs());
          acked.add(a);
          if (backupDone.get()) afterBackup.add(a);
          warm.countDown();
        }
      }, "writer");
      writer.start();
      warm.await();
      int exit = cli("backup", "--url", "http://127.0.0.1:" + src.server.port(), "--secret", E2E.ROOT, "--to", backup.toString());
      backupDone.set(true);
      long waitUntil = System.nanoTime() + 30_000_000_000L;
      while (afterBackup.size() < 20 && System.nanoTime() < waitUntil) Thread.sleep(10);
      stop.set(true);
      writer.join();
      assertThat(exit).isZero();
      manifest = Manifest.read(backup);
      assertThat(afterBackup).as("writes went on after the backup").hasSizeGreaterThanOrEqualTo(20);
      NodeClient admin = new NodeClient("http://127.0.0.1:" + src.server.port(), E2E.ROOT);
      sourceDigestAtBackup = admin.expectOk("GET", "/admin/status?digest=true&digest_at=" + manifest.commitTs(), null).json()
          .get("digest").asText();
      sourceDigestNow = admin.expectOk("GET", "/admin/status?digest=true", null).json().get("digest").asText();
      // The node released its staging copy.
      try (Stream<Path> staged = Files.list(source.resolve("backup-staging"))) {
        assertThat(staged.toList()).isEmpty();
      }
    }
    assertThat(manifest.layout()).isEqualTo("single");
    assertThat(manifest.digest()).isEqualTo(sourceDigestAtBackup);
    assertThat(sourceDigestNow).as("the source moved on after the backup").isNotEqualTo(sourceDigestAtBackup);
    Set<Integer> before = acked.stream().filter(a -> a.txnTs() <= manifest.commitTs()).map(Acked::n)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(before).as("writes acknowledged before the backup's time").hasSizeGreaterThanOrEqualTo(50);
    assertThat(acked.stream().filter(a -> a.txnTs() > manifest.commitTs())).isNotEmpty();

    assertThat(cli("restore", "--from", backup.toString(), "--data-dir", restored.toString())).isZero();
    assertThat(cli("restore", "--from", backup.toString(), "--data-dir", restored.toString()))
        .as("a non-empty target is refused").isEqualTo(1);

    try (InProcess copy = InProcess.start(restored)) {
      JsonNode status = new NodeClient("http://127.0.0.1:" + copy.server.port(), E2E.ROOT)
          .expectOk("GET", "/admin/status?digest=true", null).json();
      assertThat(status.get("digest").asText()).isEqualTo(sourceDigestAtBackup);
      assertThat(status.get("applied_index").asLong()).isEqualTo(manifest.appliedIndex());
      JsonNode ns = copy.query("Items.where(.id != \"0\").map(.n).toArray()").ok().data();
      Set<Integer> got = new TreeSet<>();
      ns.forEach(n -> got.add(n.asInt()));
      assertThat(got).isEqualTo(before);
      int lastUpdate = before.stream().filter(n -> n % 10 == 9).mapToInt(Integer::intValue).max().orElse(-1);
      assertThat(copy.query("Items.byId(\"0\")!.n").ok().data().asInt()).isEqualTo(lastUpdate);
      // The restored node takes new writes after the backup's time.
      assertThat(copy.query("Items.create({ n: 1000000 })").ok().txnTs()).isGreaterThan(manifest.commitTs());
    }
  }

  @Test
  void restoreRefusesACorruptBackup() throws Exception {
    Path backup = dir.resolve("backup");
    try (InProcess src = InProcess.start(dir.resolve("source"))) {
      src.query("Collection.create({ name: \"Items\" })").ok();
      src.query("Items.create({ n: 1 })").ok();
      assertThat(cli("backup", "--url", "http://127.0.0.1:" + src.server.port(), "--to", backup.toString())).isZero();
    }
    Manifest m = Manifest.read(backup);
    Manifest.FileEntry biggest = m.files().stream().max(java.util.Comparator.comparingLong(Manifest.FileEntry::bytes)).orElseThrow();
    Path file = backup.resolve(Manifest.STORE_DIR).resolve(biggest.name());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
    Path target = dir.resolve("restored");
    assertThat(cli("restore", "--from", backup.toString(), "--data-dir", target.toString())).isEqualTo(1);
    assertThat(target).doesNotExist();
    assertThat(cli("restore", "--from", dir.resolve("nothing").toString(), "--data-dir", target.toString())).isEqualTo(1);
  }

  @Test
  void oneBackupAtATimeForTheRootAdminOnly() throws Exception {
    try (InProcess src = InProcess.start(dir.resolve("source"))) {
      String url = "http://127.0.0.1:" + src.server.port();
      assertThat(new NodeClient(url, "wrong").send("POST", "/admin/backup", new byte[0]).status()).isEqualTo(401);
      String serverKey = src.query("Key.create({ role: \"server\" }).secret").ok().data().asText();
      assertThat(new NodeClient(url, serverKey).send("POST", "/admin/backup", new byte[0]).status()).isEqualTo(401);
      NodeClient admin = new NodeClient(url, E2E.ROOT);
      String id = admin.expectOk("POST", "/admin/backup", new byte[0]).json().get("id").asText();
      assertThat(admin.send("POST", "/admin/backup", new byte[0]).status()).isEqualTo(409);
      assertThat(admin.send("GET", "/admin/backup/file?id=" + id + "&name=..%2FCURRENT&offset=0", null).status()).isEqualTo(404);
      admin.expectOk("DELETE", "/admin/backup?id=" + id, null);
      String next = admin.expectOk("POST", "/admin/backup", new byte[0]).json().get("id").asText();
      admin.expectOk("DELETE", "/admin/backup?id=" + next, null);
    }
    try (InProcess mem = InProcess.start(null, true)) {
      assertThat(cli("backup", "--url", "http://127.0.0.1:" + mem.server.port(), "--to", dir.resolve("m").toString())).isEqualTo(1);
    }
  }

  /** A cluster member's backup (here of a one-member Raft group) restores as a single node's data directory. */
  @Test
  void aClusterMembersBackupRestoresAsASingleNode() throws Exception {
    Path member = dir.resolve("member");
    Path backup = dir.resolve("backup");
    int raftPort;
    try (var socket = new java.net.ServerSocket(0)) {
      raftPort = socket.getLocalPort();
    }
    var cluster = new io.faunus.log.ratis.ClusterConfig("n1", java.util.Map.of("n1", "127.0.0.1:" + raftPort), member.resolve("raft"));
    var node = io.faunus.node.Node.open(new io.faunus.node.NodeConfig(member, false, E2E.ROOT, cluster));
    Manifest m;
    try (var server = new io.faunus.server.FaunusServer(io.faunus.server.ServerConfig.of("127.0.0.1", 0, member, E2E.ROOT, false), node).start()) {
      var c = new E2E.Client(server.port(), E2E.ROOT);
      long waitUntil = System.nanoTime() + 60_000_000_000L;
      while (c.query("Collection.create({ name: \"Items\" })").status() != 200 && System.nanoTime() < waitUntil) Thread.sleep(100);
      c.query("Set.sequence(0, 20).forEach(i => Items.create({ id: i.toString(), n: i }))").ok();
      assertThat(cli("backup", "--url", "http://127.0.0.1:" + server.port(), "--to", backup.toString())).isZero();
      m = Manifest.read(backup);
    } finally {
      node.close();
    }
    assertThat(m.layout()).isEqualTo("replica");
    assertThat(m.node()).isEqualTo("n1");
    Path restored = dir.resolve("restored");
    assertThat(cli("restore", "--from", backup.toString(), "--data-dir", restored.toString())).isZero();
    try (InProcess single = InProcess.start(restored)) {
      JsonNode status = new NodeClient("http://127.0.0.1:" + single.server.port(), E2E.ROOT)
          .expectOk("GET", "/admin/status?digest=true", null).json();
      assertThat(status.get("digest").asText()).isEqualTo(m.digest());
      assertThat(single.query("Items.all().map(.n).toArray()").ok().data().size()).isEqualTo(20);
      assertThat(single.query("Items.create({ n: 20 })").ok().txnTs()).isGreaterThan(m.commitTs());
      assertThat(single.query("Items.all().count()").ok().data().asInt()).isEqualTo(21);
    }
  }

  private static int cli(String... args) {
    return new CommandLine(new Main()).execute(args);
  }
}
