package io.faunus.server.client;

import picocli.CommandLine.Option;

/** The options {@code faunus shell} and {@code faunus query} share: which node, which secret, which database. */
final class ClientOptions {

  @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:FAUNUS_URL:-http://localhost:8443}",
      description = "The node's HTTP address; env FAUNUS_URL (default: http://localhost:8443).")
  String url;

  @Option(names = "--secret", paramLabel = "SECRET", defaultValue = "${env:FAUNUS_SECRET:-secret}",
      description = "The secret to send as Bearer; env FAUNUS_SECRET (default: secret, the local root secret).")
  String secret;

  @Option(names = "--database", paramLabel = "PATH",
      description = "Run in this child database (app or app/eu): the secret is scoped as SECRET:PATH:admin.")
  String database;

  @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "" + Target.DEFAULT_TIMEOUT_MS,
      description = "How long one query may take, connecting included (default: ${DEFAULT-VALUE}).")
  long timeoutMs;

  /** Throws IllegalArgumentException with a message naming the bad option. */
  Target target() {
    return Target.of(url, secret, database, timeoutMs);
  }
}
