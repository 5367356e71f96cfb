package io.faunus.server.transfer;

import java.io.PrintStream;

/**
 * Progress of a long operator command (backup, export, import) on stderr: a bar redrawn in place on a
 * terminal, plain lines otherwise (a log file or CI output gets one line per {@link #PLAIN_EVERY_MS}, not
 * thousands of carriage returns). stdout stays free for the command's result.
 */
public final class Progress {
  /** Plain output: at most one line this often, plus the last. */
  static final long PLAIN_EVERY_MS = 5_000;
  /** A terminal bar is redrawn at most this often. */
  static final long REDRAW_EVERY_MS = 100;
  static final int BAR_WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;

  public Progress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** stderr, drawn as a bar when the process has a terminal. */
  public static Progress forStderr() {
    return new Progress(System.err, onTerminal());
  }

  /**
   * JDK 21 has a console only on a terminal; from JDK 22 on there is one even when output is redirected,
   * and {@code Console.isTerminal()} (not in 21's API, hence the reflective call) tells them apart.
   */
  static boolean onTerminal() {
    java.io.Console c = System.console();
    if (c == null || "dumb".equals(System.getenv("TERM"))) return false;
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException jdk21) {
      return true;
    }
  }

  /** Prints nothing (tests, and callers that report on their own). */
  public static Progress silent() {
    return new Progress(null, false);
  }

  /** A bar for {@code total} units (or unknown, when negative). */
  public Bar bar(String what, long total, String unit) {
    return new Bar(what, total, unit);
  }

  public final class Bar {
    private final String what;
    private final long total;
    private final String unit;
    private long done;
    private long lastDrawMs;

    private Bar(String what, long total, String unit) {
      this.what = what;
      this.total = total;
      this.unit = unit;
    }

    public void advance(long units) {
      done += units;
      long now = System.currentTimeMillis();
      if (now - lastDrawMs >= (terminal ? REDRAW_EVERY_MS : PLAIN_EVERY_MS)) {
        lastDrawMs = now;
        draw(false);
      }
    }

    public long count() {
      return done;
    }

    /** Draws the final state and ends the line. */
    public void done() {
      draw(true);
    }

    private void draw(boolean last) {
      if (out == null) return;
      String count = total >= 0 ? done + "/" + total + " " + unit : done + " " + unit;
      if (!terminal) {
        out.println("faunus: " + what + ": " + count + (last ? ", done" : ""));
        return;
      }
      int filled = total > 0 ? (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total) : (last ? BAR_WIDTH : 0);
      String percent = total > 0 ? String.format("%3d%% ", done * 100 / total) : "";
      out.print("\r" + what + " [" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + percent + count
          + (last ? "\n" : ""));
      out.flush();
    }
  }
}
