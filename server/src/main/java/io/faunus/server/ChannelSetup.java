package io.faunus.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.AsciiString;

/**
 * One plaintext port speaking HTTP/1.1, HTTP/1.1 → h2c Upgrade and HTTP/2 with prior knowledge (spec §1.0;
 * the Node driver uses prior knowledge). Every HTTP/2 stream gets its own child channel that converts frames
 * to HTTP/1.1-style messages, so both protocols share {@link RequestAggregator} and {@link RequestHandler}.
 * Each connection starts with its {@link ConnectionGuard} (timeouts), each stream with a {@link StreamGuard}.
 */
final class ChannelSetup extends ChannelInitializer<SocketChannel> {

  private final Services services;
  private final Connections connections;
  private final ConnectionLimits limits;
  /** HTTPS, or null for cleartext. */
  private final Tls tls;

  ChannelSetup(Services services, Connections connections, ConnectionLimits limits, Tls tls) {
    this.services = services;
    this.connections = connections;
    this.limits = limits;
    this.tls = tls;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    Connections.Admission admission = connections.admit(ch);
    if (admission == Connections.Admission.DROPPED) {
      ch.close();
      return;
    }
    ConnectionGuard guard = new ConnectionGuard(limits, admission == Connections.Admission.REFUSED);
    HttpServerCodec http1 = new HttpServerCodec(new HttpDecoderConfig()
        .setMaxInitialLineLength(Limits.REQUEST_LINE_MAX_BYTES)
        .setMaxHeaderSize(Limits.HEADER_BLOCK_MAX_BYTES)
        .setMaxChunkSize(Limits.BODY_CHUNK_MAX_BYTES));
    HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(http1, protocol ->
        AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
            ? new Http2ServerUpgradeCodec(Http2Codec.newServerCodec(), new Http2MultiplexHandler(streamInitializer(guard))) {
              @Override
              public void upgradeTo(ChannelHandlerContext ctx, FullHttpRequest request) {
                super.upgradeTo(ctx, request);
                ctx.pipeline().addLast(Http2ConnectionErrors.INSTANCE);
                guard.switchedToHttp2();
              }
            }
            : null,
        Limits.BODY_SIZE_MAX_BYTES);
    ChannelPipeline p = ch.pipeline();
    if (tls != null) p.addLast(tls.context().newHandler(ch.alloc()));
    p.addLast(guard);
    p.addLast(new CleartextHttp2ServerUpgradeHandler(http1, upgrade, new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel c) {
        guard.switchedToHttp2();
        c.pipeline().addLast(Http2Codec.newServerCodec(), new Http2MultiplexHandler(streamInitializer(guard)), Http2ConnectionErrors.INSTANCE);
      }
    }));
    // HTTP/1.1 handlers; removed by the aggregator when the connection switches to HTTP/2.
    p.addLast(RequestAggregator.NAME, new RequestAggregator(guard));
    p.addLast(RequestHandler.NAME, new RequestHandler(services, guard, false));
  }

  private ChannelInitializer<Channel> streamInitializer(ConnectionGuard connection) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel stream) {
        StreamGuard guard = new StreamGuard(connection, limits);
        stream.pipeline().addLast(guard, new Http2StreamFrameToHttpObjectCodec(true), new RequestAggregator(guard),
            new RequestHandler(services, connection, true));
      }
    };
  }
}
