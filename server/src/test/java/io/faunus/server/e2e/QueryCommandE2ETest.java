package io.faunus.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faunus.server.Main;
import io.faunus.server.e2e.E2E.InProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code faunus query} against a real node: its output and exit statuses (0 ok, 1 query error, 2 usage or no node). */
class QueryCommandE2ETest {

  static InProcess node;
  static String url;

  @BeforeAll
  static void start() {
    node = InProcess.inMemory(c -> c);
    url = "http://127.0.0.1:" + node.server.port();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  record Run(int code, String out, String err) {}

  /** Runs the command in this JVM with its stdout and stderr captured. */
  static synchronized Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new Main()).execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
  }

  @Test
  void printsTheResultAsOneLineOfJson() throws Exception {
    Run r = run("query", "--url", url, "--secret", E2E.ROOT, "[1, 2, 3].map(x => x * 2)");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("[2,4,6]\n");
    assertThat(r.err()).isEmpty();

    Run full = run("query", "--url", url, "--secret", E2E.ROOT, "--full", "{ a: 'x' }");
    JsonNode body = E2E.JSON.readTree(full.out());
    assertThat(body.get("data").get("a").asText()).isEqualTo("x");
    assertThat(body.get("txn_ts").asLong()).isPositive();
  }

  @Test
  void aQueryErrorExitsOneWithTheErrorJsonOnStderr() throws Exception {
    Run r = run("query", "--url", url, "--secret", E2E.ROOT, "let x = [1, 2\nx");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    JsonNode err = E2E.JSON.readTree(r.err());
    assertThat(err.path("error").path("code").asText()).isEqualTo("invalid_query");
    assertThat(err.path("summary").asText()).contains("^");

    Run abort = run("query", "--url", url, "--secret", E2E.ROOT, "abort('no')");
    assertThat(abort.code()).isEqualTo(1);
    assertThat(E2E.JSON.readTree(abort.err()).path("error").path("code").asText()).isEqualTo("abort");

    Run badSecret = run("query", "--url", url, "--secret", "wrong", "1");
    assertThat(badSecret.code()).isEqualTo(1);
    assertThat(E2E.JSON.readTree(badSecret.err()).path("error").path("code").asText()).isEqualTo("unauthorized");
  }

  @Test
  void usageAndConnectionErrorsExitTwo() throws Exception {
    Run noQuery = run("query", "--url", url);
    assertThat(noQuery.code()).isEqualTo(2);
    assertThat(noQuery.err()).contains("Missing required parameter");

    Run badUrl = run("query", "--url", "localhost:8443", "1");
    assertThat(badUrl.code()).isEqualTo(2);
    assertThat(badUrl.err()).contains("--url");

    int closed;
    try (var s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort(); // free once closed: nothing listens there
    }
    Run refused = run("query", "--url", "http://127.0.0.1:" + closed, "1");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).startsWith("faunus query: cannot reach");

    Run empty = run("query", "--url", url, "  ");
    assertThat(empty.code()).isEqualTo(2);
  }
  // Reading the query from stdin (-) through the real launcher: compat/console/tests/cli.test.mjs.
}
