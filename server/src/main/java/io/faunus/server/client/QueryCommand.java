package io.faunus.server.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faunus query}: runs one FQL query and prints its result as JSON, for scripts. Exit status 0 with
 * the result on stdout; 1 when the node answered with an error (its JSON on stderr); 2 for a usage
 * error or when no answer came (connection refused, timeout, not a Faunus node).
 */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Run one FQL query and print its result (the response's data) as JSON.",
        "Exit status: 0 ok; 1 the query failed (the error JSON, with its summary, on stderr);"
            + " 2 bad usage or no answer from the node.",
        "--secret: any key's or token's secret; its role decides what the query may do."},
    footer = {"", "Examples:",
        "  faunus query '[1, 2, 3].map(x => x * 2)'                 prints [2,4,6]",
        "  echo 'Collection.all().toArray()' | faunus query --secret S -",
        "  faunus query --full 'Time.now()'                         the whole response (txn_ts, stats)"})
public final class QueryCommand implements Callable<Integer> {

  /** Exit statuses, as documented in --help. */
  static final int OK = 0;
  static final int QUERY_FAILED = 1;
  static final int USAGE_OR_UNREACHABLE = 2;
  /** A query read from stdin larger than this is refused rather than buffered (the node takes 8 MiB). */
  static final int MAX_STDIN_QUERY_BYTES = 8 * 1024 * 1024;

  @Mixin
  ClientOptions client;

  @Parameters(index = "0", paramLabel = "FQL", description = "The query text, or - to read it from stdin.")
  String fql;

  @Option(names = "--pretty", description = "Indent the JSON (default: one line).")
  boolean pretty;

  @Option(names = "--full", description = "Print the whole response (data, txn_ts, stats, ...), not only data.")
  boolean full;

  @Override
  public Integer call() throws Exception {
    return run(System.out, System.err);
  }

  int run(PrintStream out, PrintStream err) throws InterruptedException {
    Target target;
    String text;
    try {
      target = client.target();
      text = "-".equals(fql) ? readStdin() : fql;
    } catch (IllegalArgumentException e) {
      err.println("faunus query: " + e.getMessage());
      return USAGE_OR_UNREACHABLE;
    }
    if (text.isBlank()) {
      err.println("faunus query: the query is empty");
      return USAGE_OR_UNREACHABLE;
    }
    return switch (new QueryClient(target).query(text)) {
      case Answer.Success s -> {
        out.println(Render.json(full ? s.body() : s.body().path("data"), pretty));
        yield OK;
      }
      case Answer.QueryFailed f -> {
        err.println(Render.json(f.body(), pretty));
        yield QUERY_FAILED;
      }
      case Answer.Unreachable u -> {
        err.println("faunus query: " + u.why());
        yield USAGE_OR_UNREACHABLE;
      }
    };
  }

  private static String readStdin() {
    try {
      byte[] bytes = System.in.readNBytes(MAX_STDIN_QUERY_BYTES + 1);
      if (bytes.length > MAX_STDIN_QUERY_BYTES) {
        throw new IllegalArgumentException("the query on stdin is over " + MAX_STDIN_QUERY_BYTES + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the query from stdin: " + e.getMessage());
    }
  }
}
