package io.faunus.server;

import io.faunus.model.query.QueryEngine;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.AsciiString;

/**
 * One plaintext port speaking HTTP/1.1, HTTP/1.1 → h2c Upgrade and HTTP/2 with prior knowledge (spec §1.0;
 * the Node driver uses prior knowledge). Every HTTP/2 stream gets its own child channel that converts frames
 * to HTTP/1.1-style messages, so both protocols share {@link RequestAggregator} and {@link RequestHandler}.
 */
final class ChannelSetup extends ChannelInitializer<SocketChannel> {

  private final QueryEngine engine;
  private final QueryExecutor executor;

  ChannelSetup(QueryEngine engine, QueryExecutor executor) {
    this.engine = engine;
    this.executor = executor;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    HttpServerCodec http1 = new HttpServerCodec(new HttpDecoderConfig()
        .setMaxInitialLineLength(Limits.REQUEST_LINE_MAX_BYTES)
        .setMaxHeaderSize(Limits.HEADER_BLOCK_MAX_BYTES)
        .setMaxChunkSize(Limits.BODY_CHUNK_MAX_BYTES));
    HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(http1, protocol ->
        AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
            ? new Http2ServerUpgradeCodec(http2Codec(), new Http2MultiplexHandler(streamInitializer()))
            : null,
        Limits.BODY_SIZE_MAX_BYTES);
    ChannelPipeline p = ch.pipeline();
    p.addLast(new CleartextHttp2ServerUpgradeHandler(http1, upgrade, new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel c) {
        c.pipeline().addLast(http2Codec(), new Http2MultiplexHandler(streamInitializer()));
      }
    }));
    // HTTP/1.1 handlers; removed by the aggregator when the connection switches to HTTP/2.
    p.addLast(RequestAggregator.NAME, new RequestAggregator());
    p.addLast(RequestHandler.NAME, new RequestHandler(engine, executor, false));
  }

  private static Http2FrameCodec http2Codec() {
    return Http2FrameCodecBuilder.forServer()
        .initialSettings(Http2Settings.defaultSettings()
            .maxHeaderListSize(Limits.HEADER_BLOCK_MAX_BYTES + Limits.REQUEST_LINE_MAX_BYTES))
        .build();
  }

  private ChannelInitializer<Channel> streamInitializer() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel stream) {
        stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true), new RequestAggregator(),
            new RequestHandler(engine, executor, true));
      }
    };
  }
}
