package io.faunus.server.transfer;

import io.faunus.server.client.NodeClient;
import picocli.CommandLine.Option;

/** The database an export reads or an import writes: a node, a secret, and optionally a child database. */
public final class Target {
  @Option(names = "--url", defaultValue = "http://localhost:8443", description = "The node's HTTP address (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--secret", defaultValue = "${env:FAUNUS_ROOT_SECRET:-secret}",
      description = "An admin secret of the database (or of its parent, with --database); env FAUNUS_ROOT_SECRET (default: secret).")
  String secret;

  @Option(names = "--database", paramLabel = "PATH",
      description = "A child database of the secret's database, like Shop or Shop/Staging (default: the secret's own database).")
  String database;

  /** The secret scoped to the child database as an admin (docs/operations.md, scoped secrets). */
  String effectiveSecret() {
    if (database == null || database.isBlank()) return secret;
    if (database.contains(":")) throw new IllegalArgumentException("--database must not contain ':'");
    return secret + ":" + database + ":admin";
  }

  NodeClient client() {
    return new NodeClient(url, effectiveSecret());
  }

  /** Where progress of an import into this target is kept apart from one into another. */
  String describe() {
    return url.replaceAll("/+$", "") + (database == null || database.isBlank() ? "" : " database " + database);
  }
}
