package io.faunus.server.transfer;

import io.faunus.server.client.NodeClient;
import io.faunus.server.client.NodeOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The database an export reads or an import writes: a node, a secret, and optionally a child database. */
public final class Target {
  @Mixin
  NodeOptions node;

  @Option(names = "--database", paramLabel = "PATH",
      description = "A child database of the secret's database, like Shop or Shop/Staging (default: the secret's own database).")
  String database;

  /** The secret scoped to the child database as an admin (docs/operations.md, scoped secrets). */
  String effectiveSecret() {
    if (database == null || database.isBlank()) return node.secret();
    if (database.contains(":")) throw new IllegalArgumentException("--database must not contain ':'");
    return node.secret() + ":" + database + ":admin";
  }

  NodeClient client() {
    return new NodeClient(node.url(), effectiveSecret());
  }

  /** Which node and database, for messages and to keep one import's progress apart from another's. */
  String describe() {
    return node.url().replaceAll("/+$", "") + (database == null || database.isBlank() ? "" : " database " + database);
  }
}
