package io.faunus.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The last handler of an HTTP/2 connection's pipeline. The frame codec answers a connection error (a
 * malformed frame, a protocol violation) with GOAWAY, but the exception still travels on, and at the end of
 * the pipeline Netty logs it as a WARNING with its stack trace: one per malformed connection, so any client
 * could flood the log (found by {@code HttpFuzzE2ETest}). It ends here: the connection is closed (if the codec
 * has not closed it already) and nothing is logged. Errors of one stream never get here; they stay on the
 * stream's own channel.
 */
@ChannelHandler.Sharable
final class Http2ConnectionErrors extends ChannelInboundHandlerAdapter {
  static final Http2ConnectionErrors INSTANCE = new Http2ConnectionErrors();

  private Http2ConnectionErrors() {}

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
