package io.faunus.server.logging;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The logging options of {@code faunus start}; also {@code log.*} in faunus.yml. */
public final class LogOptions {
  @Option(names = "--log-format", defaultValue = "auto", paramLabel = "auto|json|text",
      description = "json lines, text, or auto: text when stderr is a terminal (default: ${DEFAULT-VALUE}).")
  LogSettings.Format format;

  @Option(names = "--log-level", defaultValue = "info", paramLabel = "LEVEL",
      description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}).")
  String level;

  @Option(names = "--log-dir", paramLabel = "DIR",
      description = "Write faunus.log, query.log and audit.log here, rotated (default: none, all on stderr).")
  Path dir;

  @Option(names = "--log-queries", defaultValue = "false", fallbackValue = "true", arity = "0..1",
      description = "Log one line per query: database, key id, tags, duration, ops, result (default: ${DEFAULT-VALUE}).")
  boolean queries;

  @Option(names = "--slow-query-ms", defaultValue = "" + LogSettings.DEFAULT_SLOW_QUERY_MS, paramLabel = "N",
      description = "Log queries that take at least this long as slow; 0 turns it off (default: ${DEFAULT-VALUE}).")
  long slowQueryMs;

  @Option(names = "--log-max-file-bytes", defaultValue = "" + LogSettings.DEFAULT_MAX_FILE_BYTES, paramLabel = "N",
      description = "With --log-dir: rotate a file at this size (default: ${DEFAULT-VALUE}).")
  long maxFileBytes;

  @Option(names = "--log-max-history-days", defaultValue = "" + LogSettings.DEFAULT_MAX_HISTORY_DAYS, paramLabel = "N",
      description = "With --log-dir: keep rotated files this many days (default: ${DEFAULT-VALUE}).")
  int maxHistoryDays;

  @Option(names = "--log-total-size-cap-bytes", defaultValue = "" + LogSettings.DEFAULT_TOTAL_SIZE_CAP_BYTES, paramLabel = "N",
      description = "With --log-dir: delete the oldest rotated files of a log beyond this total (default: ${DEFAULT-VALUE}).")
  long totalSizeCapBytes;

  /** The settings; a bad value is an IllegalArgumentException naming its flag. */
  public LogSettings settings() {
    return new LogSettings(format, level, dir, queries, slowQueryMs, maxFileBytes, maxHistoryDays, totalSizeCapBytes);
  }
}
