package io.faunus.server;

import io.faunus.model.query.StreamEvent;
import io.faunus.model.query.StreamRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One /stream/1 response (spec §1.7): a 200 head with {@code x-fauna-stream-id}, then the events as
 * newline-delimited JSON, each batch the engine sends written as one chunk (HTTP/1.1 chunked encoding, or
 * HTTP/2 DATA frames), until the engine ends the stream or the client goes away. The engine's workers call
 * {@link #send} and {@link #end} from their threads; writes happen on the channel's event loop, in order.
 * Bytes handed over but not yet written are counted, so {@link #ready} tells the engine to wait for a slow
 * client instead of queueing without limit.
 */
final class StreamResponse implements StreamRequest.Sink {
  /** Beyond this many bytes handed over and not yet written, the stream waits for its client. */
  static final long PENDING_BYTES_MAX = 1 << 20;
  static final AsciiString STREAM_ID = AsciiString.cached("x-fauna-stream-id");
  private static final AsciiString JSON_CONTENT_TYPE = AsciiString.cached("application/json;charset=utf-8");

  /** What the request handler does when the response is over. */
  interface Owner {
    void streamStarted(ChannelHandlerContext ctx);

    /** The response ended (written to the end, or its channel closed); called once. */
    void streamFinished(ChannelHandlerContext ctx, boolean completed);

    void decorate(InboundRequest req, HttpHeaders responseHeaders);
  }

  private final Owner owner;
  private final ChannelHandlerContext ctx;
  private final InboundRequest req;
  private final long id;
  private final boolean http2;
  private final AtomicLong pending = new AtomicLong();
  private volatile StreamRequest.Handle handle;
  // Event loop only:
  private boolean headSent;
  private boolean ended;

  StreamResponse(Owner owner, ChannelHandlerContext ctx, InboundRequest req, long id, boolean http2) {
    this.owner = owner;
    this.ctx = ctx;
    this.req = req;
    this.id = id;
    this.http2 = http2;
  }

  /** On the event loop: the engine accepted the stream. */
  void started(StreamRequest.Handle h) {
    handle = h;
    if (!ctx.channel().isActive()) {
      h.close();
      if (!ended) {
        ended = true;
        owner.streamFinished(ctx, false);
      }
      return;
    }
    ctx.channel().closeFuture().addListener(f -> gone()); // listeners run on the channel's event loop
    head();
  }

  /** The client has room again: the engine may go on. */
  void writable() {
    StreamRequest.Handle h = handle;
    if (h != null && ready()) h.resume();
  }

  private void gone() {
    StreamRequest.Handle h = handle;
    if (h != null) h.close();
    if (!ended) {
      ended = true;
      owner.streamFinished(ctx, false);
    }
  }

  private void head() {
    if (headSent || ended) return;
    headSent = true;
    HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, JSON_CONTENT_TYPE);
    res.headers().set(STREAM_ID, Long.toString(id));
    if (!http2) HttpUtil.setTransferEncodingChunked(res, true);
    owner.decorate(req, res.headers());
    ctx.writeAndFlush(res);
    owner.streamStarted(ctx);
  }

  @Override
  public boolean send(List<StreamEvent> events) {
    if (!ctx.channel().isActive()) return false;
    byte[] bytes = Responses.events(events);
    pending.addAndGet(bytes.length);
    return onLoop(() -> {
      if (ended) {
        pending.addAndGet(-bytes.length);
        return;
      }
      head();
      ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes))).addListener(f -> {
        long left = pending.addAndGet(-bytes.length);
        if (left < PENDING_BYTES_MAX && left + bytes.length >= PENDING_BYTES_MAX) writable();
      });
    });
  }

  /** Runs {@code task} on the channel's event loop; false when that loop has stopped (the server closed). */
  private boolean onLoop(Runnable task) {
    try {
      ctx.executor().execute(task);
      return true;
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return false;
    }
  }

  @Override
  public boolean ready() {
    return ctx.channel().isWritable() && pending.get() < PENDING_BYTES_MAX;
  }

  @Override
  public void end() {
    onLoop(() -> {
      if (ended) return;
      head();
      ended = true;
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
          .addListener(f -> owner.streamFinished(ctx, f.isSuccess()));
    });
  }
}
