package io.faunus.node;

import java.nio.file.Path;

/**
 * How a node runs: where its data lives (null dataDir with {@code memory} keeps nothing on disk), the root
 * secret that is admin of the root database, and the node's id (it keys document-id generation, so ids
 * minted by different nodes never collide).
 */
public record NodeConfig(Path dataDir, boolean memory, String rootSecret, int nodeId) {
  public NodeConfig {
    if (rootSecret == null || rootSecret.isEmpty()) throw new IllegalArgumentException("root secret must not be empty");
    if (!memory && dataDir == null) throw new IllegalArgumentException("a data directory is required without --memory");
    if (nodeId < 0 || nodeId > IdGenerator.NODE_ID_MAX) {
      throw new IllegalArgumentException("node id must be within 0.." + IdGenerator.NODE_ID_MAX + ": " + nodeId);
    }
  }

  /** A single node (id 0). */
  public NodeConfig(Path dataDir, boolean memory, String rootSecret) {
    this(dataDir, memory, rootSecret, 0);
  }
}
