package io.faunus.server.e2e;

import static io.faunus.server.e2e.SchemaE2ETest.files;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.server.e2e.E2E.Client;
import io.faunus.server.e2e.E2E.InProcess;
import io.faunus.server.e2e.SchemaE2ETest.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Index builds of a staged schema over HTTP (schema-v10.md §1.4): a staged push that indexes a collection too large
 * to index in one transaction is {@code pending} while the node's background builder works, commit is refused
 * until it is {@code ready}, then the committed index answers at once; abandon drops the build; a restart resumes
 * it. The build thread is held back ({@link PausableBuilds}) so that "pending" does not depend on machine speed.
 */
class StagedIndexBuildE2ETest {
  /** More documents than a definition change indexes in its own transaction (IndexBuilds.SYNC_BUILD_DOCS_MAX). */
  static final int DOCS = 300;
  static final String LIVE = "collection User {}\n";
  static final String STAGED = "collection User {\n  index byName { terms [.name] }\n}\n";
  static final String NOT_READY =
      "Cannot commit schema before it is in the `ready` state. Check schema status for details.";
  static final long READY_WAIT_MS = 90_000;

  @Test
  void pendingWhileBuildingThenReadyAndTheCommittedIndexAnswers() throws Exception {
    PausableBuilds builds = new PausableBuilds();
    try (InProcess node = InProcess.start(null, true, builds)) {
      String s = populated(node, "Staged");
      Client c = node.client.as(s);
      int port = node.server.port();
      SchemaE2ETest.call(port, s, "POST", "/schema/1/update?staged=true&force=true", files("main.fsl", STAGED)).ok();

      assertThat(status(port, s)).isEqualTo("pending");
      Answer detail = SchemaE2ETest.call(port, s, "GET", "/schema/1/staged/status?format=semantic", null).ok();
      assertThat(detail.body().get("pending_summary").asText()).isEqualTo("* Collection User:\n  ~ index byName: building\n");
      assertThat(detail.body().get("diff").asText()).startsWith("* Modifying collection `User` at main.fsl:1:1");
      SchemaE2ETest.call(port, s, "POST", "/schema/1/staged/commit?force=true", null).fails(400, NOT_READY);
      // Queries keep the live schema; a write made during the build is indexed too.
      assertThat(c.query("User.byName(\"u3\")", "x-typecheck", "false").status()).isEqualTo(400);
      c.query("User.create({ name: \"u3\" })").ok();
      c.query("User.where(.name == \"u4\").first()!.update({ name: \"u3\" })").ok();

      builds.resume();
      awaitReady(port, s);
      SchemaE2ETest.call(port, s, "POST", "/schema/1/staged/commit", null).ok();
      assertThat(c.query("User.definition.indexes.byName.status").ok().data().asText()).isEqualTo("complete");
      assertThat(c.query("User.byName(\"u3\").count()").ok().data().asLong()).isEqualTo(DOCS / 10 + 2);
      assertThat(c.query("User.byName(\"u4\").count()").ok().data().asLong()).isEqualTo(DOCS / 10 - 1);
      assertThat(c.query("User.definition").ok().raw()).doesNotContain("\\u0000");
      assertThat(status(port, s)).isEqualTo("none");
    }
  }

  @Test
  void abandonDropsTheHalfBuiltIndex() throws Exception {
    PausableBuilds builds = new PausableBuilds();
    try (InProcess node = InProcess.start(null, true, builds)) {
      String s = populated(node, "Abandoned");
      int port = node.server.port();
      SchemaE2ETest.call(port, s, "POST", "/schema/1/update?staged=true", files("main.fsl", STAGED)).ok();
      assertThat(status(port, s)).isEqualTo("pending");
      SchemaE2ETest.call(port, s, "POST", "/schema/1/staged/abandon", null).ok();
      assertThat(status(port, s)).isEqualTo("none");
      builds.resume(); // the queued build finds nothing left to build
      Client c = node.client.as(s);
      c.query("User.create({ name: \"u7\" })").ok();
      // Staging again starts a new build: nothing of the abandoned one is reused.
      builds.pause();
      SchemaE2ETest.call(port, s, "POST", "/schema/1/update?staged=true", files("main.fsl", STAGED)).ok();
      assertThat(status(port, s)).isEqualTo("pending");
      builds.resume();
      awaitReady(port, s);
      SchemaE2ETest.call(port, s, "POST", "/schema/1/staged/commit", null).ok();
      assertThat(c.query("User.byName(\"u7\").count()").ok().data().asLong()).isEqualTo(DOCS / 10 + 1);
    }
  }

  @Test
  void aRestartResumesTheBuild(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    String s;
    try (InProcess node = InProcess.start(data, false, new PausableBuilds())) { // never resumed
      s = populated(node, "Restarted");
      SchemaE2ETest.call(node.server.port(), s, "POST", "/schema/1/update?staged=true", files("main.fsl", STAGED)).ok();
      assertThat(status(node.server.port(), s)).isEqualTo("pending");
    }
    PausableBuilds builds = new PausableBuilds();
    builds.resume();
    try (InProcess node = InProcess.start(data, false, builds)) {
      int port = node.server.port();
      awaitReady(port, s);
      SchemaE2ETest.call(port, s, "POST", "/schema/1/staged/commit", null).ok();
      assertThat(node.client.as(s).query("User.byName(\"u1\").count()").ok().data().asLong()).isEqualTo(DOCS / 10);
    }
  }

  /** A child database {@code name} whose collection User holds {@link #DOCS} documents; its admin secret. */
  private static String populated(InProcess node, String name) throws Exception {
    node.query("Database.create({ name: \"" + name + "\" })").ok();
    String s = E2E.ROOT + ":" + name + ":admin";
    SchemaE2ETest.call(node.server.port(), s, "POST", "/schema/1/update", files("main.fsl", LIVE)).ok();
    node.client.as(s).query("Set.sequence(0, " + DOCS + ").forEach(i => User.create({ name: \"u\" + (i % 10).toString() }))").ok();
    return s;
  }

  private static String status(int port, String secret) throws Exception {
    return SchemaE2ETest.call(port, secret, "GET", "/schema/1/staged/status", null).ok().body().get("status").asText();
  }

  private static void awaitReady(int port, String secret) throws Exception {
    long deadline = System.nanoTime() + READY_WAIT_MS * 1_000_000L;
    while (!status(port, secret).equals("ready")) {
      assertThat(System.nanoTime()).as("the staged index build finishes").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
