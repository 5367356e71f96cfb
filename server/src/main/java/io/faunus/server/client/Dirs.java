package io.faunus.server.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Checks on the directories operator commands write. */
public final class Dirs {
  private Dirs() {}

  /** A target must be new or an empty directory, so nothing is ever overwritten or mixed. */
  public static void requireEmpty(Path dir, String option) throws IOException {
    if (!Files.exists(dir)) return;
    if (!Files.isDirectory(dir)) throw new IOException(option + " " + dir + " exists and is not a directory");
    try (Stream<Path> s = Files.list(dir)) {
      if (s.findAny().isPresent()) throw new IOException(option + " " + dir + " is not empty; choose a new directory");
    }
  }
}
