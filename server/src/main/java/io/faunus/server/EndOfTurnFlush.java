package io.faunus.server;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers written during one turn of an event loop leave together at its end: {@link #write} writes now and
 * flushes from a task that the loop runs after the turn's ready connections and queued tasks. Under load one
 * turn answers several connections, and a burst of answers wakes a sleeping client once where answers spaced by
 * the evaluation of the next request wake it once each; waking a thread on another core is the largest kernel
 * cost of a request on this kind of machine (docs/benchmarks.md, "Answers at the end of the turn"). A lone
 * request's answer still leaves in the turn that wrote it. Confined to its event loop's thread.
 */
final class EndOfTurnFlush {
  /**
   * At most this many contexts wait for one turn's flush; past it the batch is flushed at once (a turn answers
   * at most one request per connection per read, so this bounds a turn over very many connections).
   */
  static final int BATCH_MAX = 1024;
  /** System property: true flushes every answer as it is written, as before (A/B measurements). */
  static final String OFF_PROPERTY = "faunus.server.noEndOfTurnFlush";
  private static final boolean OFF = Boolean.getBoolean(OFF_PROPERTY);

  private static final FastThreadLocal<EndOfTurnFlush> LOOP_LOCAL = new FastThreadLocal<>() {
    @Override
    protected EndOfTurnFlush initialValue() {
      return new EndOfTurnFlush();
    }
  };

  private List<ChannelHandlerContext> batch = new ArrayList<>();
  private boolean scheduled;

  private EndOfTurnFlush() {}

  /** Writes {@code msg} and flushes it at the end of this turn; at once when not on the channel's event loop. */
  static ChannelFuture write(ChannelHandlerContext ctx, Object msg) {
    if (OFF || !ctx.executor().inEventLoop()) return ctx.writeAndFlush(msg);
    ChannelFuture written = ctx.write(msg);
    LOOP_LOCAL.get().add(ctx);
    return written;
  }

  private void add(ChannelHandlerContext ctx) {
    batch.add(ctx);
    if (batch.size() >= BATCH_MAX) {
      flushAll();
    } else if (!scheduled) {
      scheduled = true;
      ctx.executor().execute(this::flushAll);
    }
  }

  /**
   * Flushes every context of the batch. A flush completes writes, whose listeners may answer a connection's next
   * request and so write again: those writes join a new batch (and its own task).
   */
  private void flushAll() {
    scheduled = false;
    if (batch.isEmpty()) return;
    List<ChannelHandlerContext> flushing = batch;
    batch = new ArrayList<>();
    for (ChannelHandlerContext ctx : flushing) ctx.flush();
  }
}
