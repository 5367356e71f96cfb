package io.faunus.server.client;

import picocli.CommandLine.Option;

/** {@code --url} and {@code --secret} of the operator commands that talk to a running node. */
public final class NodeOptions {
  @Option(names = "--url", defaultValue = "http://localhost:8443", description = "The node's HTTP address (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--secret", defaultValue = "${env:FAUNUS_ROOT_SECRET:-secret}",
      description = "An admin secret (of the root database for backup; of the database, or its parent with "
          + "--database, for export and import); env FAUNUS_ROOT_SECRET (default: secret).")
  String secret;

  public String url() {
    return url;
  }

  public String secret() {
    return secret;
  }

  public NodeClient client() {
    return new NodeClient(url, secret);
  }
}
