package io.faunus.server.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --url} and {@code --secret}: the node a client command talks to and the secret it sends. Declared
 * once here for every such command (shell, query, admin, backup, export, import); each command's description
 * says which rights its secret needs. Inherited by subcommands ({@code faunus admin status --url ...}).
 *
 * <p>Environment (docs/configuration.md): {@code FAUNUS_URL}; {@code FAUNUS_SECRET} is a client's secret, and
 * {@code FAUNUS_ROOT_SECRET} (the node's root secret, read by {@code faunus start}) stands in when it is unset,
 * so a shell that started a node with it reaches that node, and the admin, backup, export and import commands
 * keep reading it as they were documented to.
 */
public final class NodeOptions {
  public static final String DEFAULT_URL = "http://localhost:8443";
  /** Fauna's local convention, and {@code faunus start}'s default root secret. */
  public static final String DEFAULT_SECRET = "secret";

  @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT,
      description = "The node's HTTP address; env FAUNUS_URL (default: " + DEFAULT_URL + ").")
  String url;

  @Option(names = "--secret", paramLabel = "SECRET", scope = ScopeType.INHERIT,
      description = "The secret sent as Bearer; env FAUNUS_SECRET, else FAUNUS_ROOT_SECRET (default: "
          + DEFAULT_SECRET + ", the local root secret; --help never shows the one in use).")
  String secret;

  /** The flag, else {@code FAUNUS_URL}, else the local default; must be an http(s) URL with a host. */
  public String url() {
    return checkedUrl(url != null ? url : urlFrom(System.getenv()));
  }

  /** The flag, else the environment (see the class comment); never empty. */
  public String secret() {
    String s = secret != null ? secret : secretFrom(System.getenv());
    if (s.isEmpty()) throw new IllegalArgumentException("--secret must not be empty");
    return s;
  }

  public NodeClient client() {
    return new NodeClient(url(), secret());
  }

  static String urlFrom(Map<String, String> env) {
    return env.getOrDefault("FAUNUS_URL", DEFAULT_URL);
  }

  static String secretFrom(Map<String, String> env) {
    String client = env.get("FAUNUS_SECRET");
    if (client != null) return client;
    return env.getOrDefault("FAUNUS_ROOT_SECRET", DEFAULT_SECRET);
  }

  /** {@code url} without trailing slashes; an IllegalArgumentException naming --url when it is no node address. */
  static String checkedUrl(String url) {
    URI base;
    try {
      base = new URI(url.replaceAll("/+$", ""));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--url is not a URL: " + e.getMessage());
    }
    if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme())) || base.getHost() == null) {
      throw new IllegalArgumentException("--url must look like http://localhost:8443, not " + url);
    }
    return base.toString();
  }
}
