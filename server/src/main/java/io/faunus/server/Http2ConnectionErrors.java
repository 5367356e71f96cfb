package io.faunus.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2CodecUtil;

/**
 * The last handler of an HTTP/2 connection's pipeline. The frame codec shows every HTTP/2 error it handles
 * (a malformed frame, a protocol or flow-control violation) to the pipeline before it answers it itself: a
 * connection error with GOAWAY carrying the error's code and a close, a stream error with RST_STREAM. Left
 * to travel on, the exception reaches the end of the pipeline, where Netty logs it as a WARNING with its stack
 * trace: one per malformed connection, so any client could flood the log (finding 4, found by
 * {@code HttpFuzzE2ETest}). It ends here. HTTP/2 errors are left to the codec: closing here first would
 * send GOAWAY with NO_ERROR ahead of the codec's, and hide from the client what it did wrong. Anything else
 * (an I/O error) closes the connection quietly. Errors of one stream that has a channel never get here; they
 * stay on the stream's own channel.
 */
@ChannelHandler.Sharable
final class Http2ConnectionErrors extends ChannelInboundHandlerAdapter {
  static final Http2ConnectionErrors INSTANCE = new Http2ConnectionErrors();

  private Http2ConnectionErrors() {}

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) return; // the codec answers it and closes
    ctx.close();
  }
}
