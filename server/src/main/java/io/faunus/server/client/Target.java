package io.faunus.server.client;

import java.net.URI;
import java.net.URISyntaxException;

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

  /**
   * {@code database}: a child database path ({@code app} or {@code app/eu}), or null for the secret's own
   * database. As in Fauna, a secret is scoped to a child database by suffixing {@code :path:admin}, which
   * works for the root secret and for keys with the admin role.
   */
  static Target of(String url, String secret, String database, long timeoutMs) {
    URI base;
    try {
      base = new URI(url.replaceAll("/+$", ""));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--url is not a URL: " + e.getMessage());
    }
    if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme())) || base.getHost() == null) {
      throw new IllegalArgumentException("--url must look like http://localhost:8443, not " + url);
    }
    String scoped = secret;
    if (database != null && !database.isEmpty()) {
      if (secret != null && secret.contains(":")) {
        throw new IllegalArgumentException("--database needs an unscoped secret; this one is already scoped (it contains ':')");
      }
      if (!database.matches("[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*")) {
        throw new IllegalArgumentException("--database must be a database name or a path like app/eu, not " + database);
      }
      scoped = secret + ":" + database + ":admin";
    }
    return new Target(URI.create(base + "/query/1"), scoped, timeoutMs);
  }
}
