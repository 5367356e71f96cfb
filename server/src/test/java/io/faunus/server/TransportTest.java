package io.faunus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.faunus.model.query.QueryOutcome.Stats;
import io.faunus.model.query.QueryOutcome.Success;
import io.faunus.model.value.Value.IntV;
import io.faunus.server.e2e.H2Client;
import io.faunus.server.transport.LeakDetection;
import io.faunus.server.transport.Transport;
import io.faunus.server.transport.TransportChoice;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.ResourceLeakDetector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The socket layer ({@code --transport}): each choice serves HTTP/1.1 (keep-alive, several requests on one
 * connection) and HTTP/2 with prior knowledge, and on Linux x86-64 the native epoll library is in the build.
 */
class TransportTest {

  @Test
  void choicesParseInAnyCaseAndAnythingElseIsRefusedNamingThem() {
    assertThat(TransportChoice.parse("auto")).isEqualTo(TransportChoice.AUTO);
    assertThat(TransportChoice.parse(" EPOLL ")).isEqualTo(TransportChoice.EPOLL);
    assertThat(TransportChoice.parse("Nio")).isEqualTo(TransportChoice.NIO);
    assertThatThrownBy(() -> TransportChoice.parse("kqueue")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--transport must be one of [auto, epoll, nio], not 'kqueue'");
  }

  @Test
  void autoIsEpollOnLinuxX86AndNioIsAlwaysThere() {
    assertThat(Transport.of(TransportChoice.NIO).name()).isEqualTo("nio");
    assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
        "the build carries the native library for Linux x86-64 only");
    assertThat(Transport.epollUnavailableReason()).isNull();
    assertThat(Transport.of(TransportChoice.AUTO).name()).isEqualTo("epoll");
    assertThat(Transport.of(TransportChoice.EPOLL).name()).isEqualTo("epoll");
  }

  @Test
  void launchersTurnTheLeakDetectorOffUnlessItsPropertyIsSet() {
    ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
    String asked = System.getProperty("io.netty.leakDetection.level");
    try {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
      System.setProperty("io.netty.leakDetection.level", "simple");
      LeakDetection.productionDefault();
      assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.SIMPLE);
      System.clearProperty("io.netty.leakDetection.level");
      LeakDetection.productionDefault();
      assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.DISABLED);
    } finally {
      if (asked == null) System.clearProperty("io.netty.leakDetection.level");
      else System.setProperty("io.netty.leakDetection.level", asked);
      ResourceLeakDetector.setLevel(before);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportChoice.class)
  void everyTransportServesHttp1AndHttp2(TransportChoice choice) throws Exception {
    assumeTrue(choice == TransportChoice.NIO || Transport.epollUnavailableReason() == null, "no native epoll here");
    FakeEngine engine = new FakeEngine(r -> new Success(new IntV(2), "", 10, Stats.ZERO, 5));
    try (FaunusServer server = new FaunusServer(ServerConfig.of("127.0.0.1", 0, Path.of("unused"), "secret", true)
        .withTransport(choice), engine).start(); H2Client h2 = new H2Client()) {
      assertThat(server.transport()).isEqualTo(choice == TransportChoice.NIO ? "nio" : "epoll");
      HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < 3; i++) { // one kept-alive connection: each answer is written and flushed in full
        HttpResponse<String> r = http1.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/query/1")).header("authorization", "Bearer secret").header("x-format", "tagged")
            .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"1 + 1\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"data\":{\"@int\":\"2\"},\"summary\":\"\",\"txn_ts\":10,");
      }
      Channel conn = h2.connect("127.0.0.1", server.port());
      H2Client.Answer a = h2.send(conn, HttpMethod.POST, "/query/1", "{\"query\":\"1 + 1\"}", "x-format", "tagged",
          "authorization", "Bearer secret").get(5, TimeUnit.SECONDS);
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.body()).startsWith("{\"data\":{\"@int\":\"2\"},");
      assertThat(engine.calls).hasValue(4);
    }
  }
}
