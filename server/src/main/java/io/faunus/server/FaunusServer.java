package io.faunus.server;

import io.faunus.model.query.QueryEngine;
import io.faunus.server.console.ConsoleFiles;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.faunus.server.logging.QueryLog;
import io.faunus.server.metrics.Metrics;
import io.faunus.server.transport.Transport;
import io.faunus.server.transport.TransportChoice;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of a Faunus node: serves /query/1, /ping (and later /stream/1, /feed/1) for one
 * {@link QueryEngine}. {@link #start()} binds; {@link #close()} drains (new requests get 503, accepted ones
 * finish), then closes the connections and releases the threads. The engine is the caller's to close.
 */
public final class FaunusServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FaunusServer.class);
  /** After the drain, how long closing the connections may take (HTTP/2 ones say GOAWAY first). */
  private static final long CONNECTIONS_CLOSE_WAIT_MS = 2_000;

  private final ServerConfig config;
  private final QueryEngine engine;
  private final Observability observability;
  private final Metrics metrics;
  private final List<Channel> listeners = new ArrayList<>();
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private QueryExecutor executor;
  private Drain drain;
  private Connections connections;
  private Transport transport;

  public FaunusServer(ServerConfig config, QueryEngine engine) {
    this(config, engine, Observability.DEFAULT);
  }

  public FaunusServer(ServerConfig config, QueryEngine engine, Observability observability) {
    this.config = config;
    this.engine = engine;
    this.observability = observability;
    this.metrics = Metrics.create(engine);
  }

  /** Binds the listening sockets. "localhost" means 127.0.0.1 and, when the host has IPv6, ::1. */
  public synchronized FaunusServer start() throws InterruptedException {
    if (boss != null) throw new IllegalStateException("already started");
    executor = new QueryExecutor(config.queryThreads(), config.queryQueueCapacity());
    drain = new Drain();
    connections = new Connections(config.connections().maxConnections());
    OpenStreams streams = new OpenStreams(config.maxStreams());
    QueryLog queryLog = observability.logs() == null ? QueryLog.OFF : new QueryLog(observability.logs(), config.rootSecret());
    Services services = new Services(engine, executor, Cors.of(config.corsOrigins()), drain, streams, metrics,
        queryLog, observability.metricsPublic(),
        config.console() ? ConsoleFiles.load() : ConsoleFiles.disabled(),
        new BackupRoutes(engine, config.dataDir(), config.memory()));
    QueryExecutor queries = executor;
    Connections open = connections;
    metrics.gauge("faunus.connections.open", "HTTP connections open", open::open);
    metrics.gauge("faunus.streams.open", "Event streams open", streams::open);
    metrics.gauge("faunus.query.queue.depth", "Queries waiting for a query thread", queries::queued);
    metrics.gauge("faunus.query.running", "Queries running on query threads", queries::running);
    Transport transport = Transport.of(config.transport());
    String fallback = Transport.epollUnavailableReason();
    if (config.transport() == TransportChoice.AUTO && fallback != null) LOG.info("serving HTTP with Java NIO: Netty's native epoll transport cannot load ({})", fallback);
    boss = new MultiThreadIoEventLoopGroup(1, transport.ioHandlers().get());
    // Cheap queries run on the event loop (RequestHandler), so its threads get the query threads' stack.
    workers = new MultiThreadIoEventLoopGroup(ioThreads(), new DefaultThreadFactory("faunus-io", false) {
      @Override
      protected Thread newThread(Runnable r, String name) {
        return new FastThreadLocalThread(threadGroup, r, name, Limits.QUERY_THREAD_STACK_BYTES);
      }
    }, transport.ioHandlers().get());
    this.transport = transport;
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelSetup(services, connections, config.connections(), config.tls()));
    try {
      if (config.host().equals("localhost")) {
        Channel v4 = b.bind("127.0.0.1", config.port()).sync().channel();
        listeners.add(v4);
        int port = ((InetSocketAddress) v4.localAddress()).getPort(); // same port on ::1, even when 0 was asked
        try {
          listeners.add(b.bind("::1", port).sync().channel());
        } catch (Exception e) {
          LOG.debug("no IPv6 loopback; listening on 127.0.0.1 only", e);
        }
      } else {
        listeners.add(b.bind(config.host(), config.port()).sync().channel());
      }
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
    return this;
  }

  /** System property overriding {@link #ioThreads()} (a positive count of event-loop threads). */
  static final String IO_THREADS_PROPERTY = "faunus.ioThreads";

  /**
   * One event loop per core the JVM may use, not Netty's default of two: queries run inline on the event
   * loops, so two loops sharing one core (a server pinned with taskset, a one-CPU container) take turns in
   * scheduler time slices, and a request whose loop is not the running one waits out the other's slice (the
   * ~4 ms p95 of issue 19 at 16 clients, against a 0.3 ms p50). Work that may block runs on query threads.
   */
  static int ioThreads() {
    Integer set = Integer.getInteger(IO_THREADS_PROPERTY);
    if (set != null && set < 1) throw new IllegalArgumentException(IO_THREADS_PROPERTY + " must be >= 1, got " + set);
    return set != null ? set : Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /** The port actually bound (useful when the config asked for 0). */
  public int port() {
    return ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
  }

  /** The socket layer serving HTTP ("epoll" or "nio"), once started. */
  public String transport() {
    return transport == null ? null : transport.name();
  }

  /** Every address listened on. */
  public List<InetSocketAddress> addresses() {
    return listeners.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
  }

  /**
   * Shuts down in order: (1) drain: every request not yet accepted, on old or new connections, gets 503
   * {@code time_out} with {@code Retry-After} and {@code Connection: close}, while those already accepted
   * finish, for up to {@link ServerConfig#shutdownDrainMs}; the port stays open meanwhile, so a client is
   * told to go away rather than finding the port refused or its connection reset; (2) stop listening and
   * close every connection; (3) stop the threads. Must not be called on an event-loop thread.
   */
  @Override
  public synchronized void close() {
    try {
      if (drain != null && !drain.drain(config.shutdownDrainMs())) {
        LOG.warn("{} requests still running after {} ms; stopping anyway", drain.running(), config.shutdownDrainMs());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Channel c : listeners) c.close().awaitUninterruptibly();
    listeners.clear();
    if (connections != null) connections.closeAll(CONNECTIONS_CLOSE_WAIT_MS);
    if (workers != null) workers.shutdownGracefully(0, 2_000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    if (boss != null) boss.shutdownGracefully(0, 1_000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    if (executor != null) executor.close();
    metrics.close(); // idempotent; a closed server is not started again
    boss = null;
    workers = null;
    executor = null;
    drain = null;
    connections = null;
  }
}
