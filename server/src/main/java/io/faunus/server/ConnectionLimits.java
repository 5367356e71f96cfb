package io.faunus.server;

/**
 * How long a connection may sit idle or take to send a request, and how many connections a node holds
 * (docs/operations.md, "Connections").
 *
 * @param idleTimeoutMs        a connection with no request in flight and none arriving is closed after this
 *                             long (HTTP/2: GOAWAY, then close). A request in flight, however long it runs,
 *                             keeps its connection (a future event stream holds one for hours)
 * @param requestReadTimeoutMs a request whose head and body have not fully arrived this long after its
 *                             first byte gets 408 and its connection (HTTP/2: its stream) is closed
 * @param maxConnections       open connections beyond which a new one is told 503 and closed
 */
public record ConnectionLimits(long idleTimeoutMs, long requestReadTimeoutMs, int maxConnections) {

  /**
   * Longer than the idle time of the usual client pools (Go 90 s, java.net.http 30 s, fauna-js 5 s), so a
   * client normally closes first and never sends a request into a connection the node is closing.
   */
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 120_000;
  public static final long DEFAULT_REQUEST_READ_TIMEOUT_MS = 30_000;
  public static final int DEFAULT_MAX_CONNECTIONS = 4096;

  public static final ConnectionLimits DEFAULT =
      new ConnectionLimits(DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_REQUEST_READ_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS);

  public ConnectionLimits {
    if (idleTimeoutMs < 1) throw new IllegalArgumentException("--idle-timeout-ms must be at least 1");
    if (requestReadTimeoutMs < 1) throw new IllegalArgumentException("--request-read-timeout-ms must be at least 1");
    if (maxConnections < 1) throw new IllegalArgumentException("--max-connections must be at least 1");
  }
}
