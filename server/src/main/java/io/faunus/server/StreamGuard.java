package io.faunus.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 stream, first in its pipeline: keeps its connection busy while open ({@link ConnectionGuard})
 * and gives its request the request-read deadline, counted from the stream's opening. Most requests arrive
 * whole in the read that opens the stream, so the timer is only started when a read ends with the request
 * still incomplete.
 */
final class StreamGuard extends ChannelInboundHandlerAdapter implements ReadDeadline {

  private final ConnectionGuard connection;
  private final long readNanos;
  private ChannelHandlerContext ctx;
  private long openedNanos;
  /** The request arrived, or missed its deadline: no timer any more. */
  private boolean settled;
  private ScheduledFuture<?> timer;

  StreamGuard(ConnectionGuard connection, ConnectionLimits limits) {
    this.connection = connection;
    this.readNanos = TimeUnit.MILLISECONDS.toNanos(limits.requestReadTimeoutMs());
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    openedNanos = System.nanoTime();
    connection.requestStarted();
    ctx.channel().closeFuture().addListener(f -> {
      cancelTimer();
      connection.requestFinished();
    });
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!settled && timer == null && ctx.channel().isActive()) {
      timer = ctx.executor().schedule(this::expire, openedNanos + readNanos - System.nanoTime(),
          TimeUnit.NANOSECONDS);
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public long timeoutMs() {
    return TimeUnit.NANOSECONDS.toMillis(readNanos);
  }

  @Override
  public void requestRead() {
    settled = true;
    cancelTimer();
  }

  private void expire() {
    timer = null;
    if (settled || !ctx.channel().isActive()) return;
    settled = true;
    ctx.fireUserEventTriggered(TIMED_OUT);
  }

  private void cancelTimer() {
    if (timer != null) timer.cancel(false);
    timer = null;
  }
}
