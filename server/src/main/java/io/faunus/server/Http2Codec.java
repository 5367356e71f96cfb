package io.faunus.server;

import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2LocalFlowController;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;

/**
 * The frame codec of every HTTP/2 connection (prior knowledge and h2c upgrade), with the connection-level
 * receive window refilled as DATA arrives.
 *
 * <p>Why (docs/verification.md, finding 5): when a client sends DATA past a flow-control window, Netty 4.2's
 * {@code DefaultHttp2ConnectionDecoder.onDataRead} returns the frame's bytes through
 * {@code consumeBytes(stream, n)} although the check that failed left the stream's (connection window
 * exceeded) or did count them twice (stream window exceeded). The stream and connection windows then disagree,
 * and when the stream closes, {@code DefaultHttp2LocalFlowController} gives its unconsumed bytes back to a
 * connection window that never had them and logs {@code Attempting to return too many bytes for stream 0} at
 * ERROR, one per such connection: any client could flood the log. With the connection window refilled on
 * arrival its bookkeeping is never checked (Netty's {@code AutoRefillState}), so the wrong return cannot
 * throw; what remains wrong is local to the offending stream, which is reset. A client that exceeds a
 * stream's window still gets that stream reset (RFC 9113 §6.9.1 allows a stream error).
 *
 * <p>What this costs: the connection window no longer bounds what one connection may have buffered; the
 * stream windows (64 KiB each, Netty's default) times {@code SETTINGS_MAX_CONCURRENT_STREAMS} (100, the
 * codec's default) do, so at most 6.4 MiB of unread DATA per connection, and {@link RequestAggregator}
 * reads every stream's body as it arrives anyway.
 */
final class Http2Codec extends Http2FrameCodecBuilder {

  /** The fraction of a window whose consumption sends a WINDOW_UPDATE (Netty's default). */
  private static final float WINDOW_UPDATE_RATIO = 0.5f;

  private Http2Codec() {
    Http2Connection connection = new DefaultHttp2Connection(true);
    connection.local().flowController(new DefaultHttp2LocalFlowController(connection, WINDOW_UPDATE_RATIO, true));
    connection(connection);
  }

  static Http2FrameCodec newServerCodec() {
    return new Http2Codec()
        .initialSettings(Http2Settings.defaultSettings()
            .maxHeaderListSize(Limits.HEADER_BLOCK_MAX_BYTES + Limits.REQUEST_LINE_MAX_BYTES))
        // Closing a connection (idle, refused, draining) says GOAWAY and lets its streams in flight finish;
        // the codec's default would cut them at once. A query may run this long; shutdown cuts it sooner.
        .gracefulShutdownTimeoutMillis(Limits.QUERY_TIMEOUT_MAX_MS)
        .build();
  }
}
