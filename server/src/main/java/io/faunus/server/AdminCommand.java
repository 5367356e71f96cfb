package io.faunus.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code faunus admin ...}: operator commands against a running node over its HTTP admin endpoints. */
@Command(name = "admin", mixinStandardHelpOptions = true,
    description = {"Look at and change a running cluster.", "--secret: an admin secret of the root database (the root secret)."},
    subcommands = {AdminCommand.Status.class, AdminCommand.AddNode.class, AdminCommand.RemoveNode.class})
final class AdminCommand {
  @picocli.CommandLine.Mixin
  io.faunus.server.client.NodeOptions node;

  /**
   * How long a command waits for the node: a membership change retries for up to 90 s, and its last attempt
   * may wait up to 60 s for a new member to catch up (log/ratis/RatisProperties).
   */
  static final Duration TIMEOUT = Duration.ofSeconds(180);

  /**
   * Built on first use: picocli instantiates every subcommand when {@code faunus start} parses its arguments,
   * and building an HTTP client initialises TLS (about 300 classes, a tenth of start-up).
   */
  private HttpClient http;

  private HttpClient http() {
    if (http == null) http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http;
  }

  /** Sends one request; prints the node's error and returns null when it is not a 200. */
  JsonNode call(String path, String jsonBody) throws Exception {
    String body = fetch(path, jsonBody);
    return body == null ? null : body.isEmpty() ? Responses.MAPPER.createObjectNode() : Responses.MAPPER.readTree(body);
  }

  /** The body of a 200 answer, or null after printing why there is none. */
  String fetch(String path, String jsonBody) throws Exception {
    String url;
    String secret;
    try {
      url = node.url();
      secret = node.secret();
    } catch (IllegalArgumentException e) {
      System.err.println("faunus: " + e.getMessage());
      return null;
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + secret);
    b = jsonBody == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(jsonBody));
    HttpResponse<String> r;
    try {
      r = http().send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      System.err.println("faunus: cannot reach " + url + ": " + e.getMessage());
      return null;
    }
    if (r.statusCode() != 200) {
      JsonNode json;
      try {
        json = Responses.MAPPER.readTree(r.body());
      } catch (java.io.IOException notJson) {
        json = Responses.MAPPER.createObjectNode();
      }
      System.err.println("faunus: " + r.statusCode() + " " + json.path("error").path("code").asText("")
          + ": " + json.path("error").path("message").asText(r.body()));
      return null;
    }
    return r.body();
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a node's role, term, leader and lag.")
  static final class Status implements Callable<Integer> {
    @ParentCommand AdminCommand admin;

    @Option(names = "--digest", description = "Also a digest of the node's data (reads all of it).")
    boolean digest;

    @Override
    public Integer call() throws Exception {
      JsonNode s = admin.call("/admin/status" + (digest ? "?digest=true" : ""), null);
      if (s == null) return 1;
      System.out.printf("node %s: %s, term %d, leader %s%n", s.path("node").asText(), s.path("role").asText(),
          s.path("term").asLong(), s.path("leader").asText("unknown"));
      System.out.printf("  commit index %d, applied index %d, lag %d entries, last commit at %d µs%n",
          s.path("commit_index").asLong(), s.path("applied_index").asLong(), s.path("lag").asLong(),
          s.path("last_commit_ts").asLong());
      if (s.has("digest")) System.out.printf("  digest %s at index %d%n", s.get("digest").asText(), s.get("digest_index").asLong());
      String metrics = admin.fetch("/metrics", null);
      if (metrics != null) StatusSummary.print(io.faunus.server.metrics.Samples.parse(metrics), System.out);
      return 0;
    }
  }

  @Command(name = "add-node", mixinStandardHelpOptions = true,
      description = "Add a node started with --join to the cluster of the node at --url.")
  static final class AddNode implements Callable<Integer> {
    @ParentCommand AdminCommand admin;

    @Option(names = "--id", required = true, description = "The new node's id, like n4.")
    String id;

    @Option(names = "--address", required = true, description = "The new node's Raft host:port.")
    String address;

    @Override
    public Integer call() throws Exception {
      var body = Responses.MAPPER.createObjectNode().put("node", id).put("address", address);
      return report(admin.call("/admin/add-node", body.toString()));
    }
  }

  @Command(name = "remove-node", mixinStandardHelpOptions = true, description = "Remove a node from the cluster.")
  static final class RemoveNode implements Callable<Integer> {
    @ParentCommand AdminCommand admin;

    @Option(names = "--id", required = true, description = "The id of the node to remove.")
    String id;

    @Override
    public Integer call() throws Exception {
      return report(admin.call("/admin/remove-node", Responses.MAPPER.createObjectNode().put("node", id).toString()));
    }
  }

  private static int report(JsonNode answer) {
    if (answer == null) return 1;
    System.out.println("faunus: done; " + answer.path("message").asText());
    return 0;
  }
}
