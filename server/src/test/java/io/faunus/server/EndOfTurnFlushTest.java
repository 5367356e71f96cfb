package io.faunus.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers written during a turn of the event loop are flushed by a task at its end, and only then. */
class EndOfTurnFlushTest {
  /** The context of an embedded channel's only handler. */
  private static ChannelHandlerContext context(EmbeddedChannel ch) {
    return ch.pipeline().firstContext();
  }

  private static EmbeddedChannel channel() {
    return new EmbeddedChannel(new ChannelInboundHandlerAdapter());
  }

  @Test
  void answersOfOneTurnLeaveTogetherWhenTheLoopRunsItsTasks() {
    EmbeddedChannel a = channel(), b = channel();
    ChannelFuture fa = EndOfTurnFlush.write(context(a), "answer a");
    ChannelFuture fb = EndOfTurnFlush.write(context(b), "answer b");
    assertThat(a.outboundMessages()).as("written, not flushed, during the turn").isEmpty();
    assertThat(b.outboundMessages()).isEmpty();
    assertThat(fa.isDone()).isFalse();
    a.runPendingTasks(); // the end of the turn: the flush task was queued on the loop of the first write
    assertThat(a.<String>readOutbound()).isEqualTo("answer a");
    assertThat(b.<String>readOutbound()).isEqualTo("answer b");
    assertThat(fa.isSuccess() && fb.isSuccess()).isTrue();
    a.finishAndReleaseAll();
    b.finishAndReleaseAll();
  }

  @Test
  void aWriteMadeByAFlushListenerGoesOutInTheNextBatch() {
    EmbeddedChannel ch = channel();
    List<String> order = new ArrayList<>();
    EndOfTurnFlush.write(context(ch), "first").addListener(f -> {
      order.add("first written");
      // as RequestHandler answers a connection's next pipelined request once the previous answer is written
      EndOfTurnFlush.write(context(ch), "second").addListener(g -> order.add("second written"));
      order.add("second queued, not yet flushed: " + ch.outboundMessages().size());
    });
    ch.runPendingTasks(); // runs the first batch's task, then the task the listener's write scheduled
    assertThat(order).containsExactly("first written", "second queued, not yet flushed: 1", "second written");
    assertThat(ch.<String>readOutbound()).isEqualTo("first");
    assertThat(ch.<String>readOutbound()).isEqualTo("second");
    ch.finishAndReleaseAll();
  }

  @Test
  void aFullBatchIsFlushedAtOnce() {
    List<EmbeddedChannel> channels = new ArrayList<>();
    for (int i = 0; i < EndOfTurnFlush.BATCH_MAX; i++) channels.add(channel());
    for (int i = 0; i < EndOfTurnFlush.BATCH_MAX - 1; i++) EndOfTurnFlush.write(context(channels.get(i)), "a" + i);
    assertThat(channels.get(0).outboundMessages()).isEmpty();
    EndOfTurnFlush.write(context(channels.get(EndOfTurnFlush.BATCH_MAX - 1)), "last");
    for (EmbeddedChannel ch : channels) assertThat(ch.outboundMessages()).as("flushed without waiting").hasSize(1);
    channels.get(0).runPendingTasks(); // the task scheduled by the first write finds nothing left to do
    for (EmbeddedChannel ch : channels) ch.finishAndReleaseAll();
  }

  @Test
  void aWriteFromOutsideTheContextsExecutorIsFlushedAtOnce() throws Exception {
    var executor = new io.netty.util.concurrent.DefaultEventExecutorGroup(1);
    try {
      EmbeddedChannel ch = new EmbeddedChannel();
      ch.pipeline().addLast(executor, new ChannelInboundHandlerAdapter());
      ChannelHandlerContext ctx = ch.pipeline().firstContext();
      assertThat(ctx.executor().inEventLoop()).as("the test thread is not the handler's executor").isFalse();
      ChannelFuture written = EndOfTurnFlush.write(ctx, "answer");
      assertThat(written.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("flushed without a turn's end").isTrue();
      assertThat(written.isSuccess()).isTrue();
      assertThat(ch.<String>readOutbound()).isEqualTo("answer");
      ch.finishAndReleaseAll();
    } finally {
      executor.shutdownGracefully().sync();
    }
  }
}
