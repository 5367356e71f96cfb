package io.faunus.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;

/**
 * Collects a request head and its body into one {@link InboundRequest}, stamping the arrival time and
 * enforcing the body limit itself so that an oversized body gets Fauna's JSON 413 (spec §1.0) instead of
 * Netty's empty one. Used on HTTP/1.1 connections and on every HTTP/2 stream. Tells its
 * {@link ReadDeadline} when a request has arrived in full, and answers 408 when the deadline passed first.
 */
final class RequestAggregator extends ChannelInboundHandlerAdapter {

  static final String NAME = "faunus-aggregator";

  private final ReadDeadline deadline;

  private HttpRequest head;
  private long receivedNanos;
  /** The body so far while it came in one piece (the usual case: copied once, straight from the buffer). */
  private byte[] first;
  /** The body so far once a second piece arrived; null before. */
  private ByteArrayOutputStream body;
  private int size;
  private boolean upgradeDropped;
  /** Rest of a refused request still arriving: dropped until its last chunk. */
  private boolean discarding;
  /** The read deadline passed: everything after is dropped (the connection or stream is closing). */
  private boolean timedOut;

  RequestAggregator(ReadDeadline deadline) {
    this.deadline = deadline;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof HttpRequest) && !(msg instanceof HttpContent)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (timedOut) return;
      if (msg instanceof HttpRequest req) begin(ctx, req);
      if (msg instanceof HttpContent content) append(ctx, content);
      if (msg instanceof LastHttpContent) deadline.requestRead(); // whether accepted, refused or discarded
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private static final byte[] EMPTY = new byte[0];

  private void begin(ChannelHandlerContext ctx, HttpRequest req) {
    long now = System.nanoTime();
    head = null;
    first = null;
    body = null;
    discarding = false;
    if (req.decoderResult().isFailure()) {
      // The decoder gives up on the connection after a malformed head: answer and close.
      Throwable cause = req.decoderResult().cause();
      HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
          : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
          : HttpResponseStatus.BAD_REQUEST;
      String message = cause instanceof TooLongFrameException ? "Request head is too large" : "Malformed request";
      reject(ctx, req, now, Reply.error(status.code(), "invalid_request", message).closing());
      return;
    }
    long declared = HttpUtil.getContentLength(req, -1L);
    if (declared > Limits.BODY_SIZE_MAX_BYTES) {
      reject(ctx, req, now, tooLarge());
      return;
    }
    if (HttpUtil.is100ContinueExpected(req)) {
      ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
      req.headers().remove(HttpHeaderNames.EXPECT);
    }
    head = req;
    receivedNanos = now;
    first = null;
    body = null;
    size = 0;
  }

  private void append(ChannelHandlerContext ctx, HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (head == null) { // refused or discarded request
      if (last) discarding = false;
      return;
    }
    ByteBuf buf = content.content();
    int n = buf.readableBytes();
    if ((long) size + n > Limits.BODY_SIZE_MAX_BYTES) {
      HttpRequest req = head;
      head = null;
      first = null;
      body = null;
      reject(ctx, req, receivedNanos, tooLarge());
      discarding = !last;
      return;
    }
    if (n > 0) {
      if (size == 0) {
        first = ByteBufUtil.getBytes(buf);
      } else {
        if (body == null) {
          body = new ByteArrayOutputStream(Math.max(2 * (size + n), 256));
          body.writeBytes(first);
          first = null;
        }
        try {
          buf.readBytes(body, n);
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e); // ByteArrayOutputStream does not fail
        }
      }
      size += n;
    }
    if (last) {
      if (!upgradeDropped) dropUpgradeHandler(ctx);
      byte[] bytes = body != null ? body.toByteArray() : first != null ? first : EMPTY;
      InboundRequest r = new InboundRequest(head, bytes, receivedNanos, null);
      head = null;
      first = null;
      body = null;
      ctx.fireChannelRead(r);
    }
  }

  /**
   * Once an HTTP/1.1 connection has carried a whole request without upgrading, it stays HTTP/1.1: the h2c
   * upgrade handler (which inspects every request and message) leaves the pipeline. Clients upgrade on a
   * connection's first request; a server may ignore a later Upgrade header (RFC 9110 §7.8).
   */
  private void dropUpgradeHandler(ChannelHandlerContext ctx) {
    upgradeDropped = true;
    ChannelHandler upgrade = ctx.pipeline().get(HttpServerUpgradeHandler.class);
    if (upgrade != null) ctx.pipeline().remove(upgrade);
  }

  private static Reply tooLarge() {
    return Reply.error(413, "request_size_exceeded", "Request entity is too large");
  }

  private void reject(ChannelHandlerContext ctx, HttpRequest req, long now, Reply reply) {
    discarding = !(req instanceof LastHttpContent);
    ctx.fireChannelRead(new InboundRequest(req, new byte[0], now, reply));
  }

  /**
   * The request did not arrive in time. Its head may not even be complete, so the answer goes out under a
   * stand-in head; it closes the connection (HTTP/2: the stream).
   */
  private void readTimedOut(ChannelHandlerContext ctx) {
    HttpRequest req = head != null ? head : new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
    head = null;
    first = null;
    body = null;
    timedOut = true;
    ctx.fireChannelRead(new InboundRequest(req, EMPTY, System.nanoTime(), Reply.error(408, "time_out",
        "The request did not arrive within " + deadline.timeoutMs() + " ms.").closing()));
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == ReadDeadline.TIMED_OUT) {
      readTimedOut(ctx);
      return;
    }
    // After an h2c upgrade the connection carries HTTP/2 frames: the HTTP/1.1 handlers have no more work.
    if (evt instanceof HttpServerUpgradeHandler.UpgradeEvent
        || evt instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent) {
      ctx.pipeline().remove(RequestHandler.NAME);
      ctx.pipeline().remove(this);
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    head = null;
    first = null;
    body = null;
    ctx.fireChannelInactive();
  }
}
