package io.faunus.server;

import io.faunus.server.logging.LogSettings;

/**
 * What a node reports about itself (docs/operations.md, "Metrics" and "Logs").
 *
 * @param metricsPublic GET /metrics answers without a secret (for a scraper on a private network);
 *                      otherwise it needs a secret that is admin of the root database
 * @param logs          the query and slow-query log settings; null: no query log (embedded servers)
 */
public record Observability(boolean metricsPublic, LogSettings logs) {
  public static final Observability DEFAULT = new Observability(false, null);
}
