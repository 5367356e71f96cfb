package io.faunus.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.server.Main;
import io.faunus.server.e2e.E2E.Child;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The connection and CORS options of {@code faunus start} reach the node, and bad values stop it early. */
class CommandLineE2ETest {
  static final long BOUND_MS = 10_000;

  @TempDir
  Path dir;

  @Test
  void optionsReachTheRunningNode() throws Exception {
    try (Child node = Child.start(dir.resolve("data"), dir.resolve("node.log"), "--memory",
        "--idle-timeout-ms", "500", "--request-read-timeout-ms", "500",
        "--cors-origin", "https://app.example.com,https://other.example", "--cors-origin", "http://localhost:3000")) {
      int port = node.client.port;
      try (RawHttp idle = new RawHttp(port)) {
        assertThat(idle.closedWithin(BOUND_MS)).isTrue();
      }
      try (RawHttp slow = new RawHttp(port)) {
        slow.write("POST /query/1 HTTP/1.1\r\n"); // and nothing more
        assertThat(slow.response().status()).isEqualTo(408);
      }
      for (String origin : List.of("https://other.example", "http://localhost:3000")) {
        try (RawHttp c = new RawHttp(port)) {
          RawHttp.Response r = c.exchange("POST", "/query/1", "{\"query\":\"1\"}", "Authorization",
              "Bearer " + E2E.ROOT, "Origin", origin);
          assertThat(r.status()).isEqualTo(200);
          assertThat(r.header("access-control-allow-origin")).isEqualTo(origin);
        }
      }
      try (RawHttp c = new RawHttp(port)) { // a loopback host serves the web console unless --no-console
        assertThat(c.exchange("GET", "/console/", "").status()).isEqualTo(200);
      }
    }
  }

  @Test
  void badValuesExitWithAUsageErrorBeforeStarting() {
    for (List<String> bad : List.of(List.of("--cors-origin", "https://app.example.com/"),
        List.of("--idle-timeout-ms", "0"), List.of("--request-read-timeout-ms", "-1"),
        List.of("--max-connections", "0"), List.of("--node-id", "n1"), List.of("--raft-port", "9443"), List.of("--raft-listen", "127.0.0.1:9443"),
        List.of("--peers", "n1=127.0.0.1:9443"), List.of("--join"), List.of("--bootstrap"))) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream saved = System.err;
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code;
      try {
        code = new CommandLine(new Main()).execute(
            Stream.concat(Stream.of("start", "--memory", "--port", "0"), bad.stream()).toArray(String[]::new));
      } finally {
        System.setErr(saved);
      }
      assertThat(code).as("%s", bad).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8)).as("%s", bad).startsWith("faunus: ").contains(bad.get(0));
    }
  }
}
