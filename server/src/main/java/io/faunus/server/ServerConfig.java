package io.faunus.server;

import java.nio.file.Path;

/**
 * How a node listens and where it keeps data.
 *
 * @param host               interface to bind; "localhost" binds both 127.0.0.1 and ::1
 * @param port               TCP port; 0 picks a free one (tests)
 * @param dataDir            data directory (ignored with {@code memory})
 * @param rootSecret         the root key's secret
 * @param memory             keep nothing on disk
 * @param queryThreads       threads that run queries (each with a large stack)
 * @param queryQueueCapacity queries waiting for a thread beyond which new ones get 429
 */
public record ServerConfig(String host, int port, Path dataDir, String rootSecret, boolean memory,
                           int queryThreads, int queryQueueCapacity) {

  public static final int DEFAULT_PORT = 8443;
  public static final int DEFAULT_QUERY_THREADS = 16;
  public static final int DEFAULT_QUERY_QUEUE_CAPACITY = 1024;

  public ServerConfig {
    if (queryThreads < 1) throw new IllegalArgumentException("queryThreads must be >= 1");
    if (queryQueueCapacity < 1) throw new IllegalArgumentException("queryQueueCapacity must be >= 1");
  }

  public static ServerConfig of(String host, int port, Path dataDir, String rootSecret, boolean memory) {
    return new ServerConfig(host, port, dataDir, rootSecret, memory, DEFAULT_QUERY_THREADS,
        DEFAULT_QUERY_QUEUE_CAPACITY);
  }
}
