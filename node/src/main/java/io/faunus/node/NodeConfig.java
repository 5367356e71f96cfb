package io.faunus.node;

import java.nio.file.Path;

/**
 * How a node runs: where its data lives (null dataDir with {@code memory} keeps nothing on disk) and the
 * root secret that is admin of the root database.
 */
public record NodeConfig(Path dataDir, boolean memory, String rootSecret) {
  public NodeConfig {
    if (rootSecret == null || rootSecret.isEmpty()) throw new IllegalArgumentException("root secret must not be empty");
    if (!memory && dataDir == null) throw new IllegalArgumentException("a data directory is required without --memory");
  }
}
