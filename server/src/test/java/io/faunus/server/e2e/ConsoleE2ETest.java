package io.faunus.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.server.e2e.E2E.InProcess;
import org.junit.jupiter.api.Test;

/** The web console's files over real HTTP: types, security headers, no way out of the file list. */
class ConsoleE2ETest {

  @Test
  void servesTheConsoleWithTypesAndAPolicy() throws Exception {
    try (InProcess node = InProcess.inMemory(c -> c.withConsole(true)); RawHttp http = new RawHttp(node.server.port())) {
      RawHttp.Response index = http.exchange("GET", "/console/", "");
      assertThat(index.status()).isEqualTo(200);
      assertThat(index.header("content-type")).isEqualTo("text/html; charset=utf-8");
      assertThat(index.header("content-security-policy")).contains("default-src 'none'").contains("script-src 'self'")
          .contains("connect-src 'self'");
      assertThat(index.header("x-content-type-options")).isEqualTo("nosniff");
      assertThat(index.body()).contains("<title>Faunus console</title>");

      RawHttp.Response js = http.exchange("GET", "/console/api.js", "");
      assertThat(js.status()).isEqualTo(200);
      assertThat(js.header("content-type")).isEqualTo("text/javascript; charset=utf-8");
      assertThat(js.body()).contains("/query/1");

      RawHttp.Response bare = http.exchange("GET", "/console", "");
      assertThat(bare.status()).isEqualTo(308);
      assertThat(bare.header("location")).isEqualTo("/console/");

      for (String path : new String[] {"/console/../query/1", "/console/%2e%2e/%2e%2e/etc/passwd",
          "/console/..%2fRequestHandler.class", "/console/%2fetc%2fpasswd", "/console/nope.js"}) {
        RawHttp.Response r = http.exchange("GET", path, "");
        assertThat(r.status()).as(path).isEqualTo(404);
        assertThat(r.header("content-type")).as(path).startsWith("application/json");
      }
      assertThat(http.exchange("POST", "/console/index.html", "x").status()).isEqualTo(405);
    }
  }

  @Test
  void offUnlessEnabled() throws Exception {
    try (InProcess node = InProcess.inMemory(c -> c); RawHttp http = new RawHttp(node.server.port())) {
      RawHttp.Response r = http.exchange("GET", "/console/", "");
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.body()).contains("--console");
    }
  }
}
