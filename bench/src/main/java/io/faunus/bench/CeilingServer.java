package io.faunus.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;

/**
 * The ceiling of the HTTP benchmark: a plain Netty HTTP/1.1 server, set up like Faunus's (NIO, one boss thread,
 * Netty's default worker count, TCP_NODELAY), that answers every request with a constant JSON body of the same
 * size and shape as Faunus's answer to {@code 1 + 1}. No aggregation, no routing, no thread hop: what Netty
 * alone costs on this machine.
 *
 * <pre>java -cp benchmarks.jar io.faunus.bench.CeilingServer [--port 8444] [--host 127.0.0.1]</pre>
 */
public final class CeilingServer {

  /** Faunus's answer to {@code 1 + 1} (tagged format), with a fixed txn_ts: 230 bytes. */
  static final String BODY = "{\"data\":2,\"summary\":\"\",\"txn_ts\":1795611570159483,\"stats\":{\"compute_ops\":1,"
      + "\"read_ops\":0,\"write_ops\":0,\"query_time_ms\":0,\"contention_retries\":0,\"storage_bytes_read\":0,"
      + "\"storage_bytes_write\":0,\"rate_limits_hit\":[]},\"schema_version\":0}";

  private static final ByteBuf CONTENT = Unpooled.unreleasableBuffer(
      Unpooled.directBuffer().writeBytes(BODY.getBytes(StandardCharsets.UTF_8)));

  static final class Handler extends SimpleChannelInboundHandler<HttpObject> {
    private boolean keepAlive = true;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof HttpRequest req) keepAlive = HttpUtil.isKeepAlive(req);
      if (msg instanceof LastHttpContent) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
            CONTENT.duplicate());
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json;charset=utf-8");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, CONTENT.readableBytes());
        HttpUtil.setKeepAlive(res, keepAlive);
        if (keepAlive) ctx.writeAndFlush(res, ctx.voidPromise());
        else ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  public static void main(String[] args) throws Exception {
    String host = "127.0.0.1";
    int port = 8444;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--host" -> host = args[i + 1];
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    try {
      var ch = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel c) {
              c.pipeline().addLast(new HttpServerCodec(), new Handler());
            }
          })
          .bind(host, port).sync().channel();
      System.out.println("ceiling: listening on " + host + ":" + port + " (" + BODY.length() + "-byte body)");
      ch.closeFuture().sync();
    } finally {
      boss.shutdownGracefully();
      workers.shutdownGracefully();
    }
  }
}
