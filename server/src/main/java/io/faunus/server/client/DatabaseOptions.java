package io.faunus.server.client;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@link NodeOptions} and {@code --database}: the commands that work in one database (shell, query, export,
 * import). As in Fauna, a secret is scoped to a child database by suffixing {@code :PATH:admin}, which works
 * for the root secret and for keys with the admin role of the parent.
 */
public final class DatabaseOptions {
  @Mixin
  NodeOptions node;

  @Option(names = "--database", paramLabel = "PATH",
      description = "A child database of the secret's database, like app or app/eu (default: the secret's own "
          + "database); the secret is sent scoped as SECRET:PATH:admin, so it must be an admin's of the parent.")
  String database;

  public String url() {
    return node.url();
  }

  /** The secret to send: scoped to {@code --database} when one was given. */
  public String secret() {
    return scoped(node.secret(), database);
  }

  public NodeClient client() {
    return new NodeClient(url(), secret());
  }

  /** Which node and database, for messages and to keep one import's progress apart from another's. */
  public String describe() {
    return url() + (database == null || database.isBlank() ? "" : " database " + database);
  }

  /** {@code secret} scoped to {@code database} (null or empty: the secret's own database). */
  static String scoped(String secret, String database) {
    if (database == null || database.isEmpty()) return secret;
    if (secret.contains(":")) {
      throw new IllegalArgumentException("--database needs an unscoped secret; this one is already scoped (it contains ':')");
    }
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*")) {
      throw new IllegalArgumentException("--database must be a database name or a path like app/eu, not " + database);
    }
    return secret + ":" + database + ":admin";
  }
}
