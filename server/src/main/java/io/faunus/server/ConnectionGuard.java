package io.faunus.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timers of one connection, first in its pipeline (it must see raw bytes: a slow client may never
 * complete a request head). The connection is
 * <ul>
 *   <li><b>reading</b> (HTTP/1.1 only) from the first byte of a request until {@link RequestAggregator} has
 *       it all: past the request-read timeout, the request gets 408 and the connection closes;
 *   <li><b>busy</b> while requests are in flight (HTTP/1.1: received, not yet answered; HTTP/2: open
 *       streams, each with its own read deadline in {@link StreamGuard}): no timer applies, so a long
 *       query, or later an event stream, keeps its connection;
 *   <li><b>idle</b> otherwise: past the idle timeout the connection is closed (HTTP/2 with GOAWAY). A
 *       connection over the cap ({@link Connections}) waits for its one request only as long as a request
 *       may take to read.
 * </ul>
 * One timer per connection, never rescheduled per request: state changes only record a time, and the timer
 * looks again at the nearest deadline, at most one shortest timeout later (any deadline that starts
 * in between ends after that). All methods run on the connection's event loop, as do its streams'.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter implements ReadDeadline {

  private final long idleNanos;
  private final long readNanos;
  private final long lookAgainNanos;
  private final boolean refused;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;
  private boolean http2;
  private boolean reading;
  private boolean timedOut;
  private long readingSinceNanos;
  private long idleSinceNanos;
  private int inFlight;

  ConnectionGuard(ConnectionLimits limits, boolean refused) {
    this.readNanos = TimeUnit.MILLISECONDS.toNanos(limits.requestReadTimeoutMs());
    this.idleNanos = refused ? readNanos : TimeUnit.MILLISECONDS.toNanos(limits.idleTimeoutMs());
    this.lookAgainNanos = Math.min(idleNanos, readNanos);
    this.refused = refused;
  }

  /** Whether the node is over its connection cap for this connection: its request gets 503. */
  boolean refused() {
    return refused;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    idleSinceNanos = System.nanoTime();
    schedule(lookAgainNanos);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timer != null) timer.cancel(false);
    timer = null;
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!http2 && !reading && msg instanceof ByteBuf b && b.isReadable()) {
      reading = true;
      readingSinceNanos = System.nanoTime();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public long timeoutMs() {
    return TimeUnit.NANOSECONDS.toMillis(readNanos);
  }

  @Override
  public void requestRead() {
    reading = false;
    noteIdle();
  }

  /** A request (HTTP/1.1) or stream (HTTP/2) is in flight until the matching {@link #requestFinished}. */
  void requestStarted() {
    inFlight++;
  }

  void requestFinished() {
    inFlight--;
    noteIdle();
  }

  /**
   * The connection speaks HTTP/2 from now on: bytes keep arriving (pings, settings, other streams' frames)
   * without meaning a request is being read, so only streams count.
   */
  void switchedToHttp2() {
    http2 = true;
    reading = false;
    noteIdle();
  }

  private void noteIdle() {
    if (!reading && inFlight == 0) idleSinceNanos = System.nanoTime();
  }

  private void schedule(long delayNanos) {
    timer = ctx.executor().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void check() {
    timer = null;
    if (!ctx.channel().isActive() || timedOut) return;
    long now = System.nanoTime();
    long left = Long.MAX_VALUE;
    if (reading) {
      left = readingSinceNanos + readNanos - now;
      if (left <= 0) {
        timedOut = true;
        ctx.channel().config().setAutoRead(false); // nothing more from this client: it gets 408 and a close
        ctx.fireUserEventTriggered(TIMED_OUT);
        return;
      }
    } else if (inFlight == 0) {
      left = idleSinceNanos + idleNanos - now;
      if (left <= 0) {
        ctx.channel().close(); // from the tail, so that HTTP/2's codec sends GOAWAY
        return;
      }
    }
    schedule(Math.min(left, lookAgainNanos));
  }
}
