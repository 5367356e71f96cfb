package io.faunus.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How answers map to ok, definitely-not-committed and unknown. */
class NodeClientTest {
  private static Reply answer(int status, String body) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/query/1", x -> {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(status, b.length);
      x.getResponseBody().write(b);
      x.close();
    });
    server.start();
    try {
      return new NodeClient("n1", server.getAddress().getPort(), "secret").query("1");
    } finally {
      server.stop(0);
    }
  }

  private static String error(String code) {
    return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\"}}";
  }

  @Test
  void classifiesAnswers() throws Exception {
    assertThat(answer(200, "{\"data\":[1,2]}")).isInstanceOfSatisfying(Reply.Ok.class,
        ok -> assertThat(ok.data().size()).isEqualTo(2));
    assertThat(answer(400, error("abort"))).isEqualTo(new Reply.Fail(400, "abort", "m"));
    assertThat(answer(409, error("contended_transaction"))).isInstanceOf(Reply.Fail.class);
    assertThat(answer(429, error("limit_exceeded"))).isInstanceOf(Reply.Fail.class);
    assertThat(answer(440, error("time_out"))).isInstanceOf(Reply.Unknown.class);
    assertThat(answer(503, error("time_out"))).isInstanceOf(Reply.Unknown.class);
    assertThat(answer(500, "oops")).isInstanceOf(Reply.Unknown.class);
  }

  @Test
  void aRefusedConnectionSentNothing() throws Exception {
    int port = Cluster.freePort(); // nobody listens there now
    assertThat(new NodeClient("n1", port, "secret").query("1")).isInstanceOfSatisfying(Reply.Fail.class,
        f -> assertThat(f.code()).isEqualTo("connect"));
  }
}
