package io.faunus.server;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every connection of the node: the cap on how many it serves ({@code --max-connections}) and the group
 * closed at shutdown. A connection over the cap is not dropped silently: like PostgreSQL's "too many
 * clients", it is told why (503 to its first request, then closed; see {@link RequestHandler}). Telling
 * costs a socket for up to the request-read timeout, so only {@link #REFUSING_MAX} connections are told at
 * once; past that, new ones are closed on accept.
 */
final class Connections {

  enum Admission { ADMITTED, REFUSED, DROPPED }

  /** Over-cap connections kept open at once to be told 503. */
  static final int REFUSING_MAX = 256;

  private final int max;
  private final AtomicInteger admitted = new AtomicInteger();
  private final AtomicInteger refusing = new AtomicInteger();
  private final ChannelGroup all = new DefaultChannelGroup("faunus-connections", GlobalEventExecutor.INSTANCE);

  Connections(int max) {
    this.max = max;
  }

  /** Counts a new connection in (until it closes) and says how it is to be treated. */
  Admission admit(Channel ch) {
    if (take(admitted, max, ch)) return Admission.ADMITTED;
    if (take(refusing, REFUSING_MAX, ch)) return Admission.REFUSED;
    return Admission.DROPPED;
  }

  private boolean take(AtomicInteger count, int limit, Channel ch) {
    if (count.incrementAndGet() > limit) {
      count.decrementAndGet();
      return false;
    }
    all.add(ch);
    ch.closeFuture().addListener(f -> count.decrementAndGet());
    return true;
  }

  /** Closes every connection (HTTP/2 ones with GOAWAY) and waits up to {@code waitMs} for it. */
  /** Connections open now (admitted ones, not those being refused). */
  int open() {
    return admitted.get();
  }

  void closeAll(long waitMs) {
    all.close().awaitUninterruptibly(waitMs, TimeUnit.MILLISECONDS);
  }
}
