package io.faunus.server;

import io.faunus.server.transport.TransportChoice;
import java.nio.file.Path;
import java.util.List;

/**
 * How a node listens and where it keeps data. {@link #of} gives the defaults; the {@code with…} methods
 * change one group of settings.
 *
 * @param host               interface to bind; "localhost" binds both 127.0.0.1 and ::1
 * @param port               TCP port; 0 picks a free one (tests)
 * @param dataDir            data directory (ignored with {@code memory})
 * @param rootSecret         the root key's secret
 * @param memory             keep nothing on disk
 * @param queryThreads       threads that run queries (each with a large stack)
 * @param queryQueueCapacity queries waiting for a thread beyond which new ones get 429
 * @param connections        idle and request-read timeouts, connection cap
 * @param corsOrigins        browser origins allowed to call the node (exact, e.g. https://app.example.com);
 *                           "*" allows any origin without credentials; empty (the default) allows none
 * @param shutdownDrainMs    at shutdown, how long requests already accepted may take to finish
 * @param maxStreams         event streams open at once beyond which a new one gets 429
 * @param tls                HTTPS with this certificate and key, or null for cleartext HTTP
 * @param console            serve the web console at /console/ (off unless asked; `faunus start` turns it on
 *                           on a loopback host)
 * @param transport          the socket layer: native epoll when it loads (the default, AUTO), or the JDK's NIO
 */
public record ServerConfig(String host, int port, Path dataDir, String rootSecret, boolean memory,
                           int queryThreads, int queryQueueCapacity, ConnectionLimits connections,
                           List<String> corsOrigins, long shutdownDrainMs, int maxStreams, Tls tls,
                           boolean console, TransportChoice transport) {

  public static final int DEFAULT_PORT = 8443;
  public static final int DEFAULT_QUERY_THREADS = 16;
  public static final int DEFAULT_QUERY_QUEUE_CAPACITY = 1024;
  public static final long DEFAULT_SHUTDOWN_DRAIN_MS = 10_000;
  /** Each open stream costs a few KiB and a registration; Fauna allows 50,000 per account. */
  public static final int DEFAULT_MAX_STREAMS = 10_000;

  public ServerConfig {
    if (queryThreads < 1) throw new IllegalArgumentException("queryThreads must be >= 1");
    if (queryQueueCapacity < 1) throw new IllegalArgumentException("queryQueueCapacity must be >= 1");
    if (connections == null) throw new IllegalArgumentException("connections must be given");
    if (shutdownDrainMs < 0) throw new IllegalArgumentException("--shutdown-drain-ms must not be negative");
    if (maxStreams < 0) throw new IllegalArgumentException("--max-streams must not be negative");
    if (transport == null) throw new IllegalArgumentException("transport must be given");
    corsOrigins = corsOrigins.stream().map(Cors::checkOrigin).toList(); // fails at start, not per request
  }

  public static ServerConfig of(String host, int port, Path dataDir, String rootSecret, boolean memory) {
    return new ServerConfig(host, port, dataDir, rootSecret, memory, DEFAULT_QUERY_THREADS,
        DEFAULT_QUERY_QUEUE_CAPACITY, ConnectionLimits.DEFAULT, List.of(), DEFAULT_SHUTDOWN_DRAIN_MS, DEFAULT_MAX_STREAMS, null,
        false, TransportChoice.AUTO);
  }

  public ServerConfig withQueryThreads(int threads, int queueCapacity) {
    return new ServerConfig(host, port, dataDir, rootSecret, memory, threads, queueCapacity, connections,
        corsOrigins, shutdownDrainMs, maxStreams, tls, console, transport);
  }

  public ServerConfig withConnections(ConnectionLimits limits) {
    return new ServerConfig(host, port, dataDir, rootSecret, memory, queryThreads, queryQueueCapacity, limits,
        corsOrigins, shutdownDrainMs, maxStreams, tls, console, transport);
  }

  public ServerConfig withCorsOrigins(List<String> origins) {
    return new ServerConfig(host, port, dataDir, rootSecret, memory, queryThreads, queryQueueCapacity,
        connections, origins, shutdownDrainMs, maxStreams, tls, console, transport);
  }

  public ServerConfig withShutdownDrainMs(long drainMs) {
    return new ServerConfig(host, port, dataDir, rootSecret, memory, queryThreads, queryQueueCapacity,
        connections, corsOrigins, drainMs, maxStreams, tls, console, transport);
  }

  public ServerConfig withMaxStreams(int streams) {
    return new ServerConfig(host, port, dataDir, rootSecret, memory, queryThreads, queryQueueCapacity,
        connections, corsOrigins, shutdownDrainMs, streams, tls, console, transport);
  }

  public ServerConfig withTls(Tls newTls) {
    return new ServerConfig(host, port, dataDir, rootSecret, memory, queryThreads, queryQueueCapacity,
        connections, corsOrigins, shutdownDrainMs, maxStreams, newTls, console, transport);
  }

  public ServerConfig withConsole(boolean serveConsole) {
    return new ServerConfig(host, port, dataDir, rootSecret, memory, queryThreads, queryQueueCapacity,
        connections, corsOrigins, shutdownDrainMs, maxStreams, tls, serveConsole, transport);
  }

  public ServerConfig withTransport(TransportChoice choice) {
    return new ServerConfig(host, port, dataDir, rootSecret, memory, queryThreads, queryQueueCapacity,
        connections, corsOrigins, shutdownDrainMs, maxStreams, tls, console, choice);
  }
}
