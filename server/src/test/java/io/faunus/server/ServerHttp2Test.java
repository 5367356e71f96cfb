package io.faunus.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.query.QueryOutcome.Stats;
import io.faunus.model.query.QueryOutcome.Success;
import io.faunus.model.value.Value.IntV;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP/2 on the same port: prior knowledge (what the Node driver does) and the HTTP/1.1 Upgrade. */
class ServerHttp2Test {

  FakeEngine engine;
  FaunusServer server;
  EventLoopGroup group;

  /** A response as the test sees it: status, traceparent and body text. */
  record Answer(int status, String traceparent, String contentType, String body) {}

  @BeforeEach
  void start() throws Exception {
    engine = new FakeEngine(r -> new Success(new IntV(2), "", 10, Stats.ZERO, 5));
    server = ServerHttp1Test.startServer(engine, 4, 16);
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    server.close();
  }

  /** Opens an HTTP/2 prior-knowledge connection. */
  Channel connect(String host) throws InterruptedException {
    return new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
          }
        })
        .connect(host, server.port()).sync().channel();
  }

  CompletableFuture<Answer> send(Channel conn, HttpMethod method, String path, String body, String... headers)
      throws InterruptedException {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    Http2StreamChannel stream = new Http2StreamChannelBootstrap(conn).handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false), new HttpObjectAggregator(1 << 20),
            new SimpleChannelInboundHandler<FullHttpResponse>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
                answer.complete(new Answer(res.status().code(), res.headers().get("traceparent"),
                    res.headers().get("content-type"), res.content().toString(StandardCharsets.UTF_8)));
              }
            });
      }
    }).open().sync().getNow();
    FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    req.headers().set("host", "localhost");
    for (int i = 0; i < headers.length; i += 2) req.headers().add(headers[i], headers[i + 1]);
    stream.writeAndFlush(req);
    return answer;
  }

  @Test
  void priorKnowledgeQueriesAndPing() throws Exception {
    Channel conn = connect("127.0.0.1");
    Answer ping = send(conn, HttpMethod.GET, "/ping", "").get(5, TimeUnit.SECONDS);
    assertThat(ping.status()).isEqualTo(200);
    assertThat(ping.body()).isEqualTo("{\"resource\":\"Scope write is OK\"}");
    assertThat(ping.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");

    // Several streams at once on one connection, as the Node driver multiplexes.
    List<CompletableFuture<Answer>> answers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      answers.add(send(conn, HttpMethod.POST, "/query/1", "{\"query\":\"1 + 1\"}", "x-format", "tagged",
          "authorization", "Bearer secret"));
    }
    for (var a : answers) {
      Answer r = a.get(5, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.contentType()).isEqualTo("application/json;charset=utf-8");
      assertThat(r.body()).startsWith("{\"data\":{\"@int\":\"2\"},\"summary\":\"\",\"txn_ts\":10,");
    }
    assertThat(engine.calls).hasValue(10);

    Answer bad = send(conn, HttpMethod.POST, "/query/1", "{\"query\":\"1\"}", "x-format", "nope")
        .get(5, TimeUnit.SECONDS);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo(
        "{\"error\":{\"code\":\"invalid_request\",\"message\":\"Invalid header 'x-format': Invalid format nope\"}}");
    conn.close().sync();
  }

  @Test
  void priorKnowledgeOnIpv6LoopbackWhenAvailable() throws Exception {
    boolean v6 = server.addresses().stream().anyMatch(a -> a.getAddress() instanceof java.net.Inet6Address);
    if (!v6) return; // host without IPv6: the server skips ::1 quietly
    Channel conn = connect("::1");
    assertThat(send(conn, HttpMethod.GET, "/ping", "").get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
    conn.close().sync();
  }

  @Test
  void http1UpgradeToH2c() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    URI ping = URI.create("http://127.0.0.1:" + server.port() + "/ping");
    HttpResponse<String> first = client.send(HttpRequest.newBuilder(ping).build(), BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("{\"resource\":\"Scope write is OK\"}");
    assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
    HttpResponse<String> query = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/query/1"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"1\"}")).build(), BodyHandlers.ofString());
    assertThat(query.statusCode()).isEqualTo(200);
    assertThat(query.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(query.body()).startsWith("{\"data\":2,");
  }
}
