package io.faunus.log.ratis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The members this node has ever exchanged a Raft message with, kept on disk (one id a line, rewritten
 * atomically and fsynced) before the message can count. A member with an empty Raft directory that asks to
 * bootstrap is refused when any peer lists it here: it took part (it voted, acknowledged entries, asked for
 * votes or led) and has forgotten it. See {@link RecordingServer} for when an id is recorded, and
 * docs/verification.md (finding 3) for why this is enough.
 *
 * <p>It lives next to the Raft directory, not in it: Ratis owns {@code raft/}, and a file there must not make
 * an empty Raft directory look like Raft state ({@link StartGate#hasRaftState}).
 */
final class HeardFrom {
  /** More distinct ids than any cluster can have (ids are unique by their number, 1..1023). */
  static final int IDS_MAX = 4096;
  static final String FILE_NAME = "raft-heard-from";

  private final Path file;
  private final TreeSet<String> ids = new TreeSet<>();

  private HeardFrom(Path file) {
    this.file = file;
  }

  /** The record of the node whose Raft directory is {@code raftDir}; empty when there is none yet. */
  static HeardFrom of(Path raftDir) {
    HeardFrom h = new HeardFrom(raftDir.toAbsolutePath().resolveSibling(FILE_NAME));
    try {
      if (Files.exists(h.file)) {
        for (String line : Files.readAllLines(h.file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) h.ids.add(line.trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + h.file, e);
    }
    return h;
  }

  synchronized boolean contains(String id) {
    return ids.contains(id);
  }

  synchronized Set<String> ids() {
    return Set.copyOf(ids);
  }

  /** Returns once {@code id} is on disk (at once when it already was). */
  void record(String id) throws IOException {
    recordAll(Set.of(id));
  }

  /** Returns once every id is on disk. */
  synchronized void recordAll(Collection<String> add) throws IOException {
    if (ids.containsAll(add)) return;
    TreeSet<String> next = new TreeSet<>(ids);
    for (String id : add) {
      if (id == null || id.isBlank() || id.contains("\n")) throw new IllegalArgumentException("not a node id: '" + id + "'");
      next.add(id);
    }
    if (next.size() > IDS_MAX) throw new IOException("more than " + IDS_MAX + " node ids to record in " + file);
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    Files.write(tmp, String.join("\n", next).concat("\n").getBytes(StandardCharsets.UTF_8));
    try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      c.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      d.force(true); // the rename itself
    }
    ids.clear();
    ids.addAll(next);
  }
}
