package io.faunus.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * How far a node's wall clock is made to run off, for tests only ({@code faunus verify --faults clock}); 0 in
 * production, where neither property is set. Commit times come from the log ({@code max(previous + 1,
 * proposed)}), so no skew may change what a query sees: that is what the tests check.
 * <ul>
 *   <li>{@code -Dfaunus.clock-skew-ms=N}: N ms ahead (behind when negative) for the life of the process;</li>
 *   <li>{@code -Dfaunus.clock-skew-file=PATH}: plus the milliseconds written in that file, re-read at most once
 *       every {@link #REREAD_NANOS}, so a harness can step a running node's clock forwards and backwards. A
 *       missing file means 0; unreadable content keeps the previous value.</li>
 * </ul>
 */
final class ClockSkew {
  private ClockSkew() {}

  static final String FILE_PROPERTY = "faunus.clock-skew-file";
  static final long REREAD_NANOS = 1_000_000_000L;
  private static final long FIXED_MICROS = Long.getLong("faunus.clock-skew-ms", 0L) * 1_000L;
  private static final Path FILE = System.getProperty(FILE_PROPERTY) == null ? null : Path.of(System.getProperty(FILE_PROPERTY));

  private static volatile long fileMicros;
  private static volatile long readAtNanos = System.nanoTime() - REREAD_NANOS;

  static long micros() {
    if (FILE == null) return FIXED_MICROS;
    long now = System.nanoTime();
    if (now - readAtNanos >= REREAD_NANOS) {
      readAtNanos = now; // two threads may both re-read: harmless, they read the same file
      fileMicros = read(FILE, fileMicros);
    }
    return FIXED_MICROS + fileMicros;
  }

  /** The skew in {@code file} in µs (the file holds milliseconds); {@code previous} if it cannot be read. */
  static long read(Path file, long previous) {
    try {
      return Long.parseLong(Files.readString(file).trim()) * 1_000L;
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException | NumberFormatException e) {
      return previous; // a harness writes the file with an atomic move, so this is a bad file, not a torn one
    }
  }
}
