package io.faunus.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.faunus.model.query.QueryEngine;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryRequest;
import io.faunus.model.query.SchemaAnswer;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes whole requests (spec §1.1) and writes their responses. One instance per HTTP/1.1 connection or
 * HTTP/2 stream. HTTP/1.1 clients may pipeline, so requests of one connection are answered strictly in
 * order: a request waits in {@code pending} while an earlier one is still running. Every request is
 * counted by the node's {@link Drain} (shutdown waits for it) and by its connection's
 * {@link ConnectionGuard} (no idle timeout while it is in flight).
 */
final class RequestHandler extends SimpleChannelInboundHandler<InboundRequest> implements StreamResponse.Owner {

  static final String NAME = "faunus-handler";
  private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
  private static final AsciiString JSON_CONTENT_TYPE = AsciiString.cached("application/json;charset=utf-8");
  private static final HttpHeadersFactory RESPONSE_HEADERS =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);
  private static final HttpHeadersFactory RESPONSE_TRAILERS =
      DefaultHttpHeadersFactory.trailersFactory().withValidation(false);
  /** Bodies up to this size may be parsed and run on the event loop. */
  static final int INLINE_BODY_MAX_BYTES = 16 * 1024;
  /** How long a query may run on the event loop before it is dropped there and run on a query thread. */
  static final long INLINE_BUDGET_MS = 1;

  private final Services services;
  private final ConnectionGuard connection;
  private final boolean http2;
  private final ArrayDeque<InboundRequest> pending = new ArrayDeque<>();
  private boolean busy;
  /** The request being handled was accepted by the drain and must be released once answered. */
  private boolean accepted;
  /** The route of the request being handled, for metrics; UNKNOWN until routed. */
  private Endpoint endpoint = Endpoint.UNKNOWN;
  /** The event stream this channel is serving, or null. */
  private StreamResponse stream;

  RequestHandler(Services services, ConnectionGuard connection, boolean http2) {
    this.services = services;
    this.connection = connection;
    this.http2 = http2;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, InboundRequest req) {
    connection.requestStarted();
    pending.add(req);
    if (!busy) next(ctx);
  }

  private void next(ChannelHandlerContext ctx) {
    InboundRequest req = pending.poll();
    if (req == null) return;
    busy = true;
    endpoint = Endpoint.UNKNOWN;
    handle(ctx, req);
  }

  private void handle(ChannelHandlerContext ctx, InboundRequest req) {
    accepted = services.drain().tryAccept();
    if (!accepted) {
      refuse(ctx, req, Reply.unavailable("The node is shutting down; retry later or on another node.",
          Reply.SHUTDOWN_RETRY_AFTER_SECONDS));
      return;
    }
    if (connection.refused()) {
      refuse(ctx, req, Reply.unavailable("Too many connections to this node; retry later.",
          Reply.OVER_CAPACITY_RETRY_AFTER_SECONDS));
      return;
    }
    if (req.rejection() != null) {
      send(ctx, req, schemaShaped(req, req.rejection()));
      return;
    }
    HttpMethod method = req.head().method();
    String uri = originForm(req.head().uri());
    if (uri.equals(Endpoint.QUERY.path) && method.equals(HttpMethod.POST)) { // the hot path, no URI decoding
      endpoint = Endpoint.QUERY;
      query(ctx, req);
      return;
    }
    QueryStringDecoder decoded = new QueryStringDecoder(uri);
    endpoint = Endpoint.at(decoded.path());
    if (endpoint == Endpoint.UNKNOWN) {
      send(ctx, req, Reply.error(404, "not_found", "No such endpoint: " + decoded.path()));
    } else if (method.equals(HttpMethod.OPTIONS)) { // CORS preflight (Cors adds its headers), before auth
      send(ctx, req, Reply.empty(HttpResponseStatus.OK).with(HttpHeaderNames.ALLOW, endpoint.allow));
    } else if (!endpoint.allows(method)) {
      send(ctx, req, Reply.error(405, "method_not_allowed", "Method " + method + " is not allowed on "
          + endpoint.path + "; allowed: " + endpoint.allow + ".").with(HttpHeaderNames.ALLOW, endpoint.allow));
    } else {
      switch (endpoint) {
        case QUERY -> query(ctx, req);
        case PING -> send(ctx, req, ping(decoded));
        case ADMIN_STATUS -> adminStatus(ctx, req, decoded);
        case METRICS -> metrics(ctx, req);
        case ADMIN_ADD_NODE, ADMIN_REMOVE_NODE -> membership(ctx, req, endpoint);
        case ADMIN_BACKUP, ADMIN_BACKUP_FILE -> backup(ctx, req, endpoint, decoded);
        case STREAM -> stream(ctx, req);
        case FEED -> feed(ctx, req);
        case SCHEMA -> schema(ctx, req, decoded);
        case CONSOLE -> send(ctx, req, ConsoleReplies.of(services.console(), decoded.path()));
        case UNKNOWN -> send(ctx, req, Reply.error(404, "not_found", "No such endpoint: " + decoded.path()));
      }
    }
  }

  /**
   * The request target in origin form: an absolute-form target ({@code http://host:port/query/1}, what a
   * client sends through a proxy) is routed by its path and query, as RFC 9112 §3.2.2 asks of a server.
   */
  static String originForm(String target) {
    int scheme = target.indexOf("://");
    if (scheme <= 0 || target.charAt(0) == '/') return target;
    for (int i = 0; i < scheme; i++) {
      char c = target.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) return target;
    }
    int path = target.indexOf('/', scheme + 3);
    int query = target.indexOf('?', scheme + 3);
    if (path < 0 || (query >= 0 && query < path)) return query < 0 ? "/" : "/" + target.substring(query);
    return target.substring(path);
  }

  private Reply ping(QueryStringDecoder uri) {
    List<String> s = uri.parameters().get("scope");
    String scope = switch (s == null ? "write" : s.get(0)) {
      case "all" -> "all";
      case "write", "global" -> "write";
      case "read", "local" -> "read";
      default -> "node"; // as Fauna: anything else checks the node only
    };
    QueryEngine.PingScope which = switch (scope) {
      case "node" -> QueryEngine.PingScope.NODE;
      case "read" -> QueryEngine.PingScope.READ;
      default -> QueryEngine.PingScope.WRITE;
    };
    if (!services.engine().ready(which)) return Reply.error(503, "time_out", "Scope " + scope + " is unavailable");
    return Reply.json(200, Responses.ping(scope));
  }

  /** GET /admin/status[?digest=true]: this node's replica status, for the root database's admin secret. */
  private void adminStatus(ChannelHandlerContext ctx, InboundRequest req, QueryStringDecoder uri) {
    String secret = QueryHeaders.secret(req.head().headers().get(HttpHeaderNames.AUTHORIZATION));
    boolean digest = "true".equals(uri.parameters().getOrDefault("digest", List.of("false")).get(0));
    String at = param(uri, "digest_at");
    long digestAt;
    try {
      digestAt = at == null ? Long.MAX_VALUE : Long.parseLong(at);
    } catch (NumberFormatException e) {
      send(ctx, req, Reply.error(400, "invalid_request", "digest_at must be a commit time in microseconds"));
      return;
    }
    // The digest reads the whole store, and checking the secret reads storage: not on the event loop.
    boolean queued = services.executor().trySubmit(() -> {
      Reply reply = services.engine().status(secret, digest, digestAt).map(s -> Reply.json(200, Responses.status(s)))
          .orElseGet(() -> Reply.error(401, "unauthorized", "Access token required"));
      ctx.executor().execute(() -> send(ctx, req, reply));
    });
    if (!queued) send(ctx, req, Reply.error(429, "limit_exceeded", "Too many pending requests"));
  }

  /** The backup endpoints ({@link BackupRoutes}): checkpoints and file reads, so off the event loop. */
  private void backup(ChannelHandlerContext ctx, InboundRequest req, Endpoint endpoint, QueryStringDecoder uri) {
    String secret = QueryHeaders.secret(req.head().headers().get(HttpHeaderNames.AUTHORIZATION));
    boolean delete = req.head().method().equals(HttpMethod.DELETE);
    boolean queued = services.executor().trySubmit(() -> {
      BackupRoutes b = services.backups();
      Reply reply;
      try {
        reply = endpoint == Endpoint.ADMIN_BACKUP_FILE
            ? b.chunk(secret, param(uri, "id"), param(uri, "name"), param(uri, "offset"))
            : delete ? b.end(secret, param(uri, "id")) : b.begin(secret);
      } catch (RuntimeException e) { // disk or storage trouble: the operator gets it as an answer, not a hang
        LOG.error("backup request failed", e);
        reply = Reply.error(500, "internal_error", "The backup failed on the node: " + e.getMessage());
      }
      Reply answer = reply;
      ctx.executor().execute(() -> send(ctx, req, answer));
    });
    if (!queued) send(ctx, req, Reply.error(429, "limit_exceeded", "Too many pending requests"));
  }

  private static String param(QueryStringDecoder uri, String name) {
    List<String> v = uri.parameters().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /**
   * GET /metrics: Prometheus text. Checking the secret reads storage and a scrape reads RocksDB's
   * properties, so both run on a query thread.
   */
  private void metrics(ChannelHandlerContext ctx, InboundRequest req) {
    String secret = QueryHeaders.secret(req.head().headers().get(HttpHeaderNames.AUTHORIZATION));
    boolean queued = services.executor().trySubmit(() -> {
      Reply reply = services.metricsPublic() || services.engine().status(secret, false).isPresent()
          ? Reply.text(200, services.metrics().scrape(), Reply.PROMETHEUS_TEXT)
          : Reply.error(401, "unauthorized", "Access token required");
      try {
        ctx.executor().execute(() -> send(ctx, req, reply));
      } catch (RejectedExecutionException e) {
        // The event loop has stopped (shutdown).
      }
    });
    if (!queued) send(ctx, req, Reply.error(429, "limit_exceeded", "Too many pending requests"));
  }

  /**
   * POST /admin/add-node {"node", "address"} and /admin/remove-node {"node"}: may take seconds, so off the
   * event loop. The secret is checked before the body is judged, so a stranger learns nothing from errors.
   */
  private void membership(ChannelHandlerContext ctx, InboundRequest req, Endpoint endpoint) {
    String secret = QueryHeaders.secret(req.head().headers().get(HttpHeaderNames.AUTHORIZATION));
    boolean queued = services.executor().trySubmit(() -> {
      Reply reply;
      QueryEngine.Membership change;
      try {
        change = membershipChange(req.body(), endpoint);
      } catch (IllegalArgumentException e) {
        reply = services.engine().status(secret, false).isEmpty()
            ? Reply.error(401, "unauthorized", "Access token required")
            : Reply.error(400, "invalid_request", "Invalid request body: " + e.getMessage());
        ctx.executor().execute(() -> send(ctx, req, reply));
        return;
      }
      Reply answer = switch (services.engine().changeMembership(secret, change)) {
        case QueryEngine.AdminAnswer.Done d -> Reply.json(200, Responses.message(d.message()));
        case QueryEngine.AdminAnswer.Refused r -> Reply.error(400, "invalid_request", r.message());
        case QueryEngine.AdminAnswer.Unauthorized u -> Reply.error(401, "unauthorized", "Access token required");
      };
      ctx.executor().execute(() -> send(ctx, req, answer));
    });
    if (!queued) send(ctx, req, Reply.error(429, "limit_exceeded", "Too many pending requests"));
  }

  /**
   * /schema/1 errors carry no code (schema-v10.md §1.0): a request refused while it was read (an oversized
   * push: 413 "Request entity is too large") keeps its status and message in that shape.
   */
  private static Reply schemaShaped(InboundRequest req, Reply rejection) {
    String path = new QueryStringDecoder(req.head().uri()).path();
    if (!SchemaRoutes.matches(path) || rejection.json() == null) return rejection;
    try {
      String message = Responses.MAPPER.readTree(rejection.json()).path("error").path("message").asText("");
      return new Reply(rejection.status(), Responses.schemaError(message), rejection.close(), rejection.headers());
    } catch (java.io.IOException e) {
      return rejection;
    }
  }

  /**
   * Any /schema/1 call (schema-v10.md §1): it reads storage and may commit, so off the event loop; its commit
   * answers from the log's callback, as a query's does, so the query thread is free meanwhile.
   */
  private void schema(ChannelHandlerContext ctx, InboundRequest req, QueryStringDecoder uri) {
    String secret = QueryHeaders.secret(req.head().headers().get(HttpHeaderNames.AUTHORIZATION));
    boolean queued = services.executor().trySubmit(() -> {
      java.util.concurrent.CompletableFuture<SchemaAnswer> answer;
      try {
        answer = services.engine().schemaAsync(SchemaRoutes.parse(req, uri, secret), later(ctx));
      } catch (RuntimeException | StackOverflowError t) { // a bug must cost one request, not a thread
        answer = java.util.concurrent.CompletableFuture.failedFuture(t);
      }
      answer.whenComplete((a, error) -> {
        Reply reply;
        try {
          reply = schemaReply(req, secret, a, error);
        } catch (RuntimeException t) { // encoding failed: a bug, which must still answer
          reply = schemaReply(req, secret, null, t);
        }
        answer(ctx, req, reply);
      });
    });
    if (!queued) send(ctx, req, Reply.json(429, Responses.schemaError("Too many pending requests")));
  }

  /** Counts and encodes a /schema/1 answer ({@code error}: a bug, which costs this one request). */
  private Reply schemaReply(InboundRequest req, String secret, SchemaAnswer answer, Throwable error) {
    if (error != null) {
      LOG.error("schema call failed unexpectedly", error);
      return Reply.json(HttpStatuses.of(io.faunus.model.query.ErrorCode.INTERNAL_ERROR),
          Responses.schemaError("Internal error: " + error.getClass().getSimpleName()));
    }
    observed(Endpoint.SCHEMA, secret, switch (answer) {
      case SchemaAnswer.Ok ok -> "ok";
      case SchemaAnswer.Error e -> e.code().wire();
    }, QueryOutcome.Stats.ZERO, 0, req);
    return switch (answer) {
      case SchemaAnswer.Ok ok -> Reply.json(200, Responses.schema(ok));
      case SchemaAnswer.Error e -> Reply.json(HttpStatuses.of(e.code()), Responses.schemaError(e.message()));
    };
  }

  private static QueryEngine.Membership membershipChange(byte[] body, Endpoint endpoint) {
    JsonNode json;
    try {
      json = Responses.MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON");
    }
    String node = json == null ? null : json.path("node").asText(null);
    if (node == null) throw new IllegalArgumentException("it needs \"node\"");
    if (endpoint == Endpoint.ADMIN_REMOVE_NODE) return new QueryEngine.Membership.Remove(node);
    String address = json.path("address").asText(null);
    if (address == null) throw new IllegalArgumentException("it needs \"address\" (the new node's Raft host:port)");
    return new QueryEngine.Membership.Add(node, address);
  }

  private void query(ChannelHandlerContext ctx, InboundRequest req) {
    QueryHeaders headers;
    try {
      headers = QueryHeaders.parse(req.head().headers());
    } catch (BadRequest e) {
      send(ctx, req, Reply.error(400, "invalid_request", e.getMessage()));
      return;
    }
    // A small query is first tried on the event loop: most finish within the budget and answer without a
    // thread hop; a write hands its intent to the log there and is answered from the commit's callback, so no
    // thread waits for the fsync. Anything else (long runs, large bodies, another engine) runs on a query
    // thread: bodies can be 8 MiB, results deep, and the event loop must not wait.
    QueryRequest parsed = null;
    if (req.body().length <= INLINE_BODY_MAX_BYTES) {
      QueryEngine.Inline inline;
      try {
        parsed = QueryParser.parse(headers, req.body(), req.receivedNanos());
        inline = services.engine().executeInline(parsed, INLINE_BUDGET_MS, later(ctx));
      } catch (BadRequest e) {
        send(ctx, req, Reply.error(400, "invalid_request", e.getMessage()));
        return;
      } catch (RuntimeException | StackOverflowError e) { // the query thread runs it again and reports it
        parsed = null;
        inline = QueryEngine.Inline.NOT_QUICK;
      }
      switch (inline) {
        case QueryEngine.Inline.Done d -> {
          send(ctx, req, observed(headers, req, d.outcome()));
          return;
        }
        case QueryEngine.Inline.Committing c -> {
          c.outcome().whenComplete((outcome, error) -> committed(ctx, req, headers, outcome, error));
          return;
        }
        case QueryEngine.Inline.NotQuick n -> {}
      }
    }
    QueryRequest q = parsed;
    boolean queued = services.executor().trySubmit(() -> run(ctx, req, headers, q));
    if (!queued) send(ctx, req, Reply.error(429, "limit_exceeded", "Too many pending requests"));
  }

  /**
   * Where an inline write's follow-up runs: its answer on this event loop, a retry on a query thread. A write that
   * is the server's only request in flight may be written on this event loop (nothing else waits for it).
   */
  private QueryEngine.Later later(ChannelHandlerContext ctx) {
    return new QueryEngine.Later(ctx.executor(), task -> {
      if (!services.executor().trySubmit(task)) throw new RejectedExecutionException("query queue full");
    }, () -> services.drain().running() == 1);
  }

  /** The answer of a query, once its commit (if any) is settled: on this event loop, or on a query thread. */
  private void committed(ChannelHandlerContext ctx, InboundRequest req, QueryHeaders headers, QueryOutcome outcome,
                         Throwable error) {
    Reply reply;
    if (error == null) {
      reply = observed(headers, req, outcome);
    } else { // the engine promises an outcome; a failure here is a bug, and must cost one request
      LOG.error("query failed unexpectedly after its commit", error);
      reply = Reply.error(500, "internal_error", "Internal error: " + error.getClass().getSimpleName() + ".");
    }
    answer(ctx, req, reply);
  }

  /** Sends {@code reply} from any thread (on the event loop, where the channel's state lives). */
  private void answer(ChannelHandlerContext ctx, InboundRequest req, Reply reply) {
    if (ctx.executor().inEventLoop()) {
      send(ctx, req, reply);
      return;
    }
    try {
      ctx.executor().execute(() -> send(ctx, req, reply));
    } catch (RejectedExecutionException e) {
      // The event loop has stopped: shutdown went past its drain time and the connection is closed.
    }
  }

  /** POST /feed/1 (spec §1.8): one page, on a query thread (it waits for a read barrier and evaluates). */
  private void feed(ChannelHandlerContext ctx, InboundRequest req) {
    io.faunus.model.query.FeedRequest feed;
    try {
      feed = EventBodies.feed(QueryHeaders.parse(req.head().headers()), req.body(), req.receivedNanos());
    } catch (BadRequest e) {
      send(ctx, req, Reply.error(400, "invalid_request", e.getMessage()));
      return;
    }
    boolean queued = services.executor().trySubmit(() -> {
      Reply reply;
      try {
        io.faunus.model.query.FeedOutcome outcome = services.engine().feed(feed);
        switch (outcome) {
          case io.faunus.model.query.FeedOutcome.Page p -> observed(Endpoint.FEED, feed.secret(), "ok",
              new QueryOutcome.Stats(p.stats().computeOps(), p.stats().readOps(), 0, p.stats().processingTimeMs(), 0,
                  p.stats().storageBytesRead(), 0, List.of()), 0, req);
          case io.faunus.model.query.FeedOutcome.Refused r -> observed(Endpoint.FEED, feed.secret(), r.code().wire(),
              QueryOutcome.Stats.ZERO, 0, req);
        }
        reply = Responses.feed(outcome);
      } catch (Throwable t) { // a bug must cost one request, not a thread
        LOG.error("feed failed unexpectedly", t);
        reply = Reply.error(500, "internal_error", "Internal error: " + t.getClass().getSimpleName() + ".");
      }
      Reply r = reply;
      try {
        ctx.executor().execute(() -> send(ctx, req, r));
      } catch (RejectedExecutionException e) {
        // The event loop has stopped (shutdown).
      }
    });
    if (!queued) send(ctx, req, Reply.error(429, "limit_exceeded", "Too many pending requests"));
  }

  /**
   * POST /stream/1 (spec §1.7): validated and opened on a query thread; a refusal is an ordinary error
   * response, a stream a 200 whose events follow ({@link StreamResponse}) until it ends or the client leaves.
   */
  private void stream(ChannelHandlerContext ctx, InboundRequest req) {
    String secret = QueryHeaders.secret(req.head().headers().get(HttpHeaderNames.AUTHORIZATION));
    io.faunus.model.query.StreamRequest open;
    try {
      open = EventBodies.stream(secret, req.body(), req.receivedNanos());
    } catch (BadRequest e) {
      send(ctx, req, Reply.error(400, "invalid_request", e.getMessage()));
      return;
    }
    if (!services.streams().tryOpen()) {
      send(ctx, req, Reply.error(429, "limit_exceeded", "Too many open streams on this node (at most "
          + services.streams().max() + "); retry later."));
      return;
    }
    StreamResponse response = new StreamResponse(this, ctx, req, services.streams().nextId(), http2);
    boolean queued = services.executor().trySubmit(() -> {
      io.faunus.model.query.StreamRequest.Start start;
      try {
        start = services.engine().openStream(open, response);
      } catch (Throwable t) {
        LOG.error("opening a stream failed unexpectedly", t);
        start = new io.faunus.model.query.StreamRequest.Start.Refused(io.faunus.model.query.ErrorCode.INTERNAL_ERROR,
            "Internal error: " + t.getClass().getSimpleName() + ".");
      }
      var s = start;
      try {
        ctx.executor().execute(() -> {
          switch (s) {
            case io.faunus.model.query.StreamRequest.Start.Refused r -> {
              services.streams().closed();
              send(ctx, req, Reply.error(HttpStatuses.of(r.code()), r.code().wire(), r.message()));
            }
            case io.faunus.model.query.StreamRequest.Start.Started st -> {
              stream = response;
              response.started(st.handle());
              // the latency of a stream is the time to its first answer; its events are not requests
              services.metrics().request(Endpoint.STREAM.label, 200, System.nanoTime() - req.receivedNanos());
            }
          }
        });
      } catch (RejectedExecutionException e) {
        if (s instanceof io.faunus.model.query.StreamRequest.Start.Started st) st.handle().close();
        services.streams().closed();
      }
    });
    if (!queued) {
      services.streams().closed();
      send(ctx, req, Reply.error(429, "limit_exceeded", "Too many pending requests"));
    }
  }

  @Override
  public void streamStarted(ChannelHandlerContext ctx) {
    // A stream may stay open for hours: shutdown does not wait for it (it is cut when connections close).
    if (accepted) services.drain().release();
    accepted = false;
  }

  @Override
  public void streamFinished(ChannelHandlerContext ctx, boolean completed) {
    stream = null;
    services.streams().closed();
    finish();
    if (!completed || !ctx.channel().isActive()) {
      ctx.channel().close();
      pending.clear();
    } else if (!http2) {
      next(ctx);
    }
  }

  @Override
  public void decorate(InboundRequest req, HttpHeaders h) {
    HttpHeaders requestHeaders = req.head().headers();
    h.set(TraceParent.NAME, TraceParent.respond(requestHeaders.get(TraceParent.NAME)));
    if (requestHeaders.contains(HttpHeaderNames.ORIGIN)) services.cors().apply(requestHeaders, req.head().method(), h);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (stream != null && ctx.channel().isWritable()) stream.writable();
    ctx.fireChannelWritabilityChanged();
  }

  /**
   * On a query thread: evaluates the query there and lets its commit, if any, answer from the log's callback
   * ({@link #committed}), so the thread is free while the write waits for durability. {@code parsed}: the
   * request already built from the body, or null.
   */
  private void run(ChannelHandlerContext ctx, InboundRequest req, QueryHeaders headers, QueryRequest parsed) {
    java.util.concurrent.CompletableFuture<QueryOutcome> outcome;
    try {
      QueryRequest q = parsed != null ? parsed : QueryParser.parse(headers, req.body(), req.receivedNanos());
      outcome = services.engine().executeAsync(q, later(ctx));
    } catch (BadRequest e) {
      answer(ctx, req, Reply.error(400, "invalid_request", e.getMessage()));
      return;
    } catch (Throwable t) { // StackOverflowError included: a bug must cost one request, not a thread
      LOG.error("query failed unexpectedly", t);
      answer(ctx, req, Reply.error(500, "internal_error", "Internal error: " + t.getClass().getSimpleName()
          + ". Please report it at https://github.com/faunus/faunus/issues"));
      return;
    }
    outcome.whenComplete((o, error) -> committed(ctx, req, headers, o, error));
  }

  /** Counts and logs (query log, slow-query log) one answer of a query-like endpoint other than /query/1. */
  private void observed(Endpoint where, String secret, String code, QueryOutcome.Stats stats, long txnTs, InboundRequest req) {
    services.metrics().answered(where.label, code, stats);
    services.queryLog().answered(where.label, secret, null, code, stats, txnTs, System.nanoTime() - req.receivedNanos());
  }

  /** Counts a query's outcome, logs it (query log, slow-query log) and encodes it. */
  private Reply observed(QueryHeaders headers, InboundRequest req, QueryOutcome outcome) {
    services.metrics().query(Endpoint.QUERY.label, outcome);
    services.queryLog().query(Endpoint.QUERY.label, headers.secret(), headers.queryTags(), outcome,
        System.nanoTime() - req.receivedNanos());
    return Responses.outcome(outcome, headers.format(), headers.queryTags());
  }

  /**
   * Answers and closes the whole connection, not just the HTTP/2 stream: a node refusing work wants the
   * client to go elsewhere or come back later, not to send the next request down the same connection.
   */
  private void refuse(ChannelHandlerContext ctx, InboundRequest req, Reply reply) {
    write(ctx, req, reply, true);
  }

  private void send(ChannelHandlerContext ctx, InboundRequest req, Reply reply) {
    write(ctx, req, reply, false);
  }

  private void write(ChannelHandlerContext ctx, InboundRequest req, Reply reply, boolean closeConnection) {
    if (!ctx.channel().isActive()) {
      finish();
      pending.clear(); // nobody is left to answer
      return;
    }
    boolean head = req.head().method().equals(HttpMethod.HEAD);
    byte[] json = reply.json();
    // Header names and fixed values are AsciiString constants (encoded with one bulk copy); nothing set
    // here needs validating (constants, numbers, hex, and Origin as the request decoder accepted it).
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(),
        json == null || head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(json), RESPONSE_HEADERS,
        RESPONSE_TRAILERS);
    var h = res.headers();
    if (json != null && !reply.sets(HttpHeaderNames.CONTENT_TYPE)) h.set(HttpHeaderNames.CONTENT_TYPE, JSON_CONTENT_TYPE);
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, json == null ? 0 : json.length);
    for (Reply.Header extra : reply.headers()) h.add(extra.name(), extra.value());
    HttpHeaders requestHeaders = req.head().headers();
    h.set(TraceParent.NAME, TraceParent.respond(requestHeaders.get(TraceParent.NAME)));
    if (requestHeaders.contains(HttpHeaderNames.ORIGIN)) services.cors().apply(requestHeaders, req.head().method(), h);
    boolean close = reply.close() || (!http2 && !HttpUtil.isKeepAlive(req.head()));
    if (!http2) HttpUtil.setKeepAlive(res, !close);
    services.metrics().request(endpoint.label, reply.status().code(), System.nanoTime() - req.receivedNanos());
    EndOfTurnFlush.write(ctx, res).addListener(f -> {
      finish();
      if (close || !f.isSuccess()) {
        ctx.channel().close();
        if (http2 && closeConnection) ctx.channel().parent().close(); // GOAWAY; other streams may finish
      } else {
        next(ctx);
      }
    });
  }

  /** The request being handled is answered (or can no longer be). */
  private void finish() {
    if (accepted) services.drain().release();
    accepted = false;
    busy = false;
    connection.requestFinished();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("connection error", cause);
    ctx.close();
  }
}
