package io.faunus.server.e2e;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An HTTP/2 client with prior knowledge (what the Node driver does), one stream per request. */
public final class H2Client implements AutoCloseable {

  /** A response as a test sees it. */
  public record Answer(int status, HttpHeaders headers, String body) {
    public String header(String name) {
      return headers.get(name);
    }
  }

  private static final AttributeKey<Boolean> GOAWAY = AttributeKey.valueOf("faunus-test-goaway");
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

  /** Opens a connection and sends the preface. */
  public Channel connect(String host, int port) throws InterruptedException {
    return new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof Http2GoAwayFrame) ctx.channel().attr(GOAWAY).set(true);
                    ReferenceCountUtil.release(msg);
                  }
                });
          }
        })
        .connect(host, port).sync().channel();
  }

  /** Whether the server said GOAWAY on this connection (an orderly close, not a bare one). */
  public static boolean saidGoAway(Channel conn) {
    return Boolean.TRUE.equals(conn.attr(GOAWAY).get());
  }

  /** Sends a whole request on a new stream; {@code headers} are name, value pairs. */
  public CompletableFuture<Answer> send(Channel conn, HttpMethod method, String path, String body,
                                        String... headers) throws InterruptedException {
    return open(conn, new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8)), headers);
  }

  /** Opens a stream and sends only a request head that announces a body, which never comes. */
  public CompletableFuture<Answer> sendHeadOnly(Channel conn, String path, String... headers)
      throws InterruptedException {
    return open(conn, new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path), headers);
  }

  private CompletableFuture<Answer> open(Channel conn, HttpRequest req, String... headers)
      throws InterruptedException {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    Http2StreamChannel stream = new Http2StreamChannelBootstrap(conn).handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false), new HttpObjectAggregator(1 << 20),
            new SimpleChannelInboundHandler<FullHttpResponse>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
                answer.complete(new Answer(res.status().code(), res.headers().copy(),
                    res.content().toString(StandardCharsets.UTF_8)));
              }

              @Override
              public void channelInactive(ChannelHandlerContext ctx) {
                answer.completeExceptionally(new IllegalStateException("stream closed without an answer"));
              }
            });
      }
    }).open().sync().getNow();
    req.headers().set("host", "localhost");
    for (int i = 0; i < headers.length; i += 2) req.headers().add(headers[i], headers[i + 1]);
    stream.writeAndFlush(req);
    return answer;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
