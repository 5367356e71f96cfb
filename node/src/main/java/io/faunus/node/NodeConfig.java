package io.faunus.node;

import io.faunus.log.ratis.ClusterConfig;
import io.faunus.model.db.Jwks;
import java.nio.file.Path;

/**
 * How a node runs: where its data lives (null dataDir with {@code memory} keeps nothing on disk), the root
 * secret that is admin of the root database, in a cluster who its peers are (null: a single node), and the
 * signing keys of access providers ({@link Jwks#NONE}: JWTs are refused), and per-database rate limits.
 */
public record NodeConfig(Path dataDir, boolean memory, String rootSecret, ClusterConfig cluster, Jwks jwks,
                         RateLimits rateLimits) {
  public NodeConfig {
    if (rootSecret == null || rootSecret.isEmpty()) throw new IllegalArgumentException("root secret must not be empty");
    if (!memory && dataDir == null) throw new IllegalArgumentException("a data directory is required without --memory");
    if (cluster != null && memory) throw new IllegalArgumentException("a cluster node keeps its data on disk: drop --memory");
  }

  /** A single node. */
  public NodeConfig(Path dataDir, boolean memory, String rootSecret) {
    this(dataDir, memory, rootSecret, null);
  }

  /** No access providers' keys. */
  public NodeConfig(Path dataDir, boolean memory, String rootSecret, ClusterConfig cluster) {
    this(dataDir, memory, rootSecret, cluster, Jwks.NONE);
  }

  /** No rate limits. */
  public NodeConfig(Path dataDir, boolean memory, String rootSecret, ClusterConfig cluster, Jwks jwks) {
    this(dataDir, memory, rootSecret, cluster, jwks, RateLimits.NONE);
  }

  /** Keys document-id generation, so ids minted by different nodes never collide: 0 alone, 1..1023 in a cluster. */
  int nodeId() {
    return cluster == null ? 0 : cluster.selfNumber();
  }
}
