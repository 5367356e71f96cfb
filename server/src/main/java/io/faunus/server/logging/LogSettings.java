package io.faunus.server.logging;

import java.nio.file.Path;

/**
 * How a node logs (docs/operations.md, "Logs").
 *
 * @param format          {@code json} (one JSON object a line), {@code text}, or {@code auto}: text when
 *                        stderr is a terminal, JSON otherwise (what a log shipper reads)
 * @param level           the level of the node's own log (error, warn, info, debug, trace)
 * @param dir             write faunus.log, query.log and audit.log here, rotated; null: everything to stderr
 * @param queries         log one line per query (the query log)
 * @param slowQueryMs     queries taking at least this long are logged as slow whatever {@code queries} says;
 *                        0 turns the slow-query log off
 * @param maxFileBytes    rotate a log file when it reaches this size
 * @param maxHistoryDays  keep rotated files this many days
 * @param totalSizeCapBytes delete the oldest rotated files of one log beyond this total
 */
public record LogSettings(Format format, String level, Path dir, boolean queries, long slowQueryMs,
                          long maxFileBytes, int maxHistoryDays, long totalSizeCapBytes) {

  public enum Format { auto, json, text }

  public static final long DEFAULT_SLOW_QUERY_MS = 1_000;
  public static final long DEFAULT_MAX_FILE_BYTES = 100L << 20;
  public static final int DEFAULT_MAX_HISTORY_DAYS = 14;
  public static final long DEFAULT_TOTAL_SIZE_CAP_BYTES = 10L << 30;
  /** Set to 1 or 0 by ./faunus: whether stderr is a terminal. */
  static final String STDERR_TTY_ENV = "FAUNUS_STDERR_TTY";
  /** A rotated file smaller than this would rotate several times a second under load. */
  static final long MAX_FILE_BYTES_MIN = 64 << 10;

  public LogSettings {
    if (!java.util.Set.of("error", "warn", "info", "debug", "trace").contains(level)) {
      throw new IllegalArgumentException("--log-level must be one of error, warn, info, debug, trace; got " + level);
    }
    if (slowQueryMs < 0) throw new IllegalArgumentException("--slow-query-ms must not be negative");
    if (maxFileBytes < MAX_FILE_BYTES_MIN) throw new IllegalArgumentException("--log-max-file-bytes must be at least " + MAX_FILE_BYTES_MIN);
    if (maxHistoryDays < 1) throw new IllegalArgumentException("--log-max-history-days must be at least 1");
    if (totalSizeCapBytes < maxFileBytes) throw new IllegalArgumentException("--log-total-size-cap-bytes must be at least --log-max-file-bytes");
  }

  /** Text on stderr at info, no query log, slow queries over a second: what tests and a bare start get. */
  public static final LogSettings DEFAULT = new LogSettings(Format.auto, "info", null, false, DEFAULT_SLOW_QUERY_MS,
      DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_HISTORY_DAYS, DEFAULT_TOTAL_SIZE_CAP_BYTES);

  /** The format actually used: {@code auto} resolved against whether stderr is a terminal. */
  public Format effectiveFormat() {
    if (format != Format.auto) return format;
    // ./faunus knows whether stderr is a terminal ([ -t 2 ]); Java 21 can only tell about stdin and stdout.
    String tty = System.getenv(STDERR_TTY_ENV);
    boolean terminal = tty != null ? tty.equals("1") : System.console() != null;
    return terminal ? Format.text : Format.json;
  }
}
