package io.faunus.server.client;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options {@code faunus shell} and {@code faunus query} share: where, as whom, and how long a query may take. */
final class ClientOptions {
  @Mixin
  DatabaseOptions where;

  @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "" + Target.DEFAULT_TIMEOUT_MS,
      description = "How long one query may take, connecting included (default: ${DEFAULT-VALUE}).")
  long timeoutMs;

  /** Throws IllegalArgumentException with a message naming the bad option. */
  Target target() {
    return Target.of(where.url(), where.secret(), timeoutMs);
  }
}
