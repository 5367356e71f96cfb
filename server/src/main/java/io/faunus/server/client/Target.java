package io.faunus.server.client;

import java.net.URI;

/**
 * Where the shell and {@code faunus query} send queries, and as whom.
 *
 * @param queryUri   the node's {@code /query/1}
 * @param secret     the bearer secret, already scoped to {@code --database} when one was given
 * @param timeoutMs  how long one query may take, connection included
 */
record Target(URI queryUri, String secret, long timeoutMs) {

  /** A query is cut off after this long unless --timeout-ms says otherwise. */
  static final long DEFAULT_TIMEOUT_MS = 60_000;

  Target {
    if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("--secret must not be empty");
    if (timeoutMs <= 0) throw new IllegalArgumentException("--timeout-ms must be positive, not " + timeoutMs);
  }

  /** {@code url}: a node's address as {@link NodeOptions#url()} checked it; {@code secret}: as it is sent. */
  static Target of(String url, String secret, long timeoutMs) {
    return new Target(URI.create(url + "/query/1"), secret, timeoutMs);
  }
}
