package io.faunus.server;

import io.faunus.log.ratis.ClusterConfig;
import io.faunus.model.query.QueryEngine;
import io.faunus.node.Node;
import io.faunus.node.NodeConfig;

/**
 * The one place that builds the database behind the server (storage, transaction pipeline, evaluator).
 * The returned engine should also implement {@link AutoCloseable}; the CLI closes it on shutdown.
 */
public final class EngineWiring {
  private EngineWiring() {}

  public static QueryEngine create(ServerConfig config) {
    return create(config, null);
  }

  /** {@code cluster} null: a single node. */
  public static QueryEngine create(ServerConfig config, ClusterConfig cluster) {
    return create(config, cluster, io.faunus.model.db.Jwks.NONE, io.faunus.node.RateLimits.NONE);
  }

  /** {@code jwks}: access providers' signing keys by JWKS URI; {@code rates}: per-database limits. */
  public static QueryEngine create(ServerConfig config, ClusterConfig cluster, io.faunus.model.db.Jwks jwks,
                                   io.faunus.node.RateLimits rates) {
    return Node.open(new NodeConfig(config.dataDir(), config.memory(), config.rootSecret(), cluster, jwks, rates));
  }
}
