package io.faunus.server;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options {@code faunus start} and {@code faunus cluster} share: the configuration file, the HTTP port and
 * the root secret. {@code --config} is read before parsing (see {@link io.faunus.server.config.ConfigSources});
 * it is declared here so that it is accepted and shown in {@code --help}.
 */
final class NodeBasics {
  @Option(names = io.faunus.server.config.ConfigKeys.CONFIG_FLAG, paramLabel = "FILE",
      description = "A faunus.yml with any of these options (docs/configuration.md); env FAUNUS_CONFIG. "
          + "Precedence: defaults < file < FAUNUS_* environment < flags.")
  Path config;

  @Option(names = "--port", defaultValue = "" + ServerConfig.DEFAULT_PORT,
      description = "HTTP port (faunus cluster: of the first node; the others take the next ones) (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--root-secret", defaultValue = "secret",
      description = "Root key secret; env FAUNUS_ROOT_SECRET (default: secret; --help never shows the one in use).")
  String rootSecret;
}
