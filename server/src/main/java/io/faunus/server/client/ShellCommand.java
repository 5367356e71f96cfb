package io.faunus.server.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code faunus shell}: an interactive FQL prompt. A query may span lines (input continues while a bracket
 * or string is open, {@link Completeness}); results print as indented JSON, errors with the node's summary
 * (carets under the failing span); history is kept in a file across sessions.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
    description = {"An interactive FQL shell against a running node.",
        "Enter a query and press Enter; input continues on the next line while a bracket or string is open.",
        "Commands: .help, .stats on|off, .exit (or Ctrl-D). Ctrl-C clears the current input.",
        "Exit status: 0 after .exit or Ctrl-D; 1 when the node refuses the secret; 2 bad usage or no node.",
        "--secret: any key's or token's secret; its role decides what the queries may do."})
public final class ShellCommand implements Callable<Integer> {

  static final String PROMPT = "faunus> ";
  static final String CONTINUATION_PROMPT = "   ...> ";
  /** Lines of history kept in memory and in the file. */
  static final int HISTORY_LINES = 1000;

  @Mixin
  ClientOptions client;

  @Option(names = "--history-file", paramLabel = "FILE", defaultValue = "${sys:user.home}/.faunus_history",
      description = "Where to keep the history of entered queries (default: ~/.faunus_history).")
  Path historyFile;

  private boolean showStats;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Target target;
    try {
      target = client.target();
    } catch (IllegalArgumentException e) {
      System.err.println("faunus shell: " + e.getMessage());
      return QueryCommand.USAGE_OR_UNREACHABLE;
    }
    QueryClient queries = new QueryClient(target);
    // Say at once when the node is not there or the secret is wrong, not after the first query is typed.
    switch (queries.query("0")) {
      case Answer.Success ok -> { }
      case Answer.QueryFailed f -> {
        System.err.println("faunus shell: " + f.code() + ": " + f.message());
        return QueryCommand.QUERY_FAILED;
      }
      case Answer.Unreachable u -> {
        System.err.println("faunus shell: " + u.why());
        return QueryCommand.USAGE_OR_UNREACHABLE;
      }
    }
    try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
      LineReader reader = LineReaderBuilder.builder()
          .terminal(terminal)
          .appName("faunus")
          .parser(new ShellParser())
          .variable(LineReader.HISTORY_FILE, historyFile)
          .variable(LineReader.HISTORY_SIZE, HISTORY_LINES)
          .variable(LineReader.HISTORY_FILE_SIZE, HISTORY_LINES)
          .variable(LineReader.HISTORY_IGNORE, ".exit:.quit") // so Up after a restart finds the last query
          .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
          .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is FQL's not, not history recall
          .option(LineReader.Option.INSERT_TAB, true) // no completion yet: Tab indents
          .build();
      PrintWriter out = terminal.writer();
      out.println("faunus shell: connected to " + target.queryUri().resolve("/") + "; .help for help, .exit to leave");
      out.flush();
      while (true) {
        String input;
        try {
          input = reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
          continue; // Ctrl-C: drop what was typed, as other shells do
        } catch (EndOfFileException e) {
          break;
        }
        String line = input.strip();
        if (line.isEmpty()) continue;
        if (line.startsWith(".")) {
          if (!command(line, out)) break;
        } else {
          run(queries, line, out);
        }
        out.flush();
      }
      reader.getHistory().save();
    }
    return QueryCommand.OK;
  }

  private void run(QueryClient queries, String fql, PrintWriter out) throws InterruptedException {
    switch (queries.query(fql)) {
      case Answer.Success s -> {
        out.println(Render.json(s.body().path("data"), true));
        if (showStats) out.println("-- " + Render.stats(s.body()));
      }
      case Answer.QueryFailed f -> {
        out.println(Render.error(f));
        if (showStats) out.println("-- " + Render.stats(f.body()));
      }
      case Answer.Unreachable u -> out.println("faunus shell: " + u.why());
    }
  }

  /** A dot command; false to leave the shell. */
  private boolean command(String line, PrintWriter out) {
    String[] words = line.split("\\s+");
    switch (words[0]) {
      case ".exit", ".quit" -> {
        return false;
      }
      case ".help" -> out.println("""
          Type an FQL query and press Enter; it runs as one transaction. Input continues on the next line
          while a bracket, a string or a comment is open.
            .help           this text
            .stats on|off   print each query's time and ops (now %s)
            .exit, .quit    leave (Ctrl-D too); Ctrl-C clears the input being typed
          History is kept in %s.""".formatted(showStats ? "on" : "off", historyFile));
      case ".stats" -> {
        if (words.length == 2 && (words[1].equals("on") || words[1].equals("off"))) {
          showStats = words[1].equals("on");
          out.println("stats " + words[1]);
        } else {
          out.println("usage: .stats on|off");
        }
      }
      default -> out.println("unknown command " + words[0] + "; .help lists the commands");
    }
    return true;
  }
}
