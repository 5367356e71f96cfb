package io.faunus.log.ratis;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;

/**
 * Snapshots as directories {@code <raft>/<group>/sm/snapshot-<term>_<index>/}, each a RocksDB checkpoint.
 * Ratis ships every listed file to a follower that needs a snapshot (paths relative to the raft storage
 * root) and then replaces that follower's whole {@code sm/} directory with what it received.
 */
final class SnapshotDirs implements StateMachineStorage {
  private static final Pattern NAME = Pattern.compile("snapshot-(\\d+)_(\\d+)");

  private volatile File smDir;
  private final AtomicReference<FileListSnapshotInfo> latest = new AtomicReference<>();

  @Override
  public void init(RaftStorage raftStorage) throws IOException {
    smDir = raftStorage.getStorageDir().getStateMachineDir();
    reload();
  }

  Path dirOf(TermIndex ti) {
    return smDir.toPath().resolve("snapshot-" + ti.getTerm() + "_" + ti.getIndex());
  }

  /** Rescans {@code sm/} (at start and after a snapshot was installed); the newest snapshot or null. */
  FileListSnapshotInfo reload() throws IOException {
    List<Path> dirs = list();
    FileListSnapshotInfo info = dirs.isEmpty() ? null : infoOf(dirs.get(dirs.size() - 1));
    latest.set(info);
    return info;
  }

  void setLatest(FileListSnapshotInfo info) {
    latest.set(info);
  }

  static FileListSnapshotInfo infoOf(Path dir) throws IOException {
    List<FileInfo> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      // No digest: the leader computes an MD5 while it streams each file and the follower checks it.
      s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md5")).sorted()
          .forEach(p -> files.add(new FileInfo(p.toAbsolutePath(), null)));
    }
    return new FileListSnapshotInfo(files, termIndexOf(dir));
  }

  private static TermIndex termIndexOf(Path dir) {
    Matcher m = NAME.matcher(dir.getFileName().toString());
    if (!m.matches()) throw new IllegalArgumentException("not a snapshot directory: " + dir);
    return TermIndex.valueOf(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
  }

  private List<Path> list() throws IOException {
    List<Path> dirs = new ArrayList<>();
    if (smDir == null || !smDir.isDirectory()) return dirs;
    try (Stream<Path> s = Files.list(smDir.toPath())) {
      s.filter(Files::isDirectory).filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(dirs::add);
    }
    dirs.sort(Comparator.comparingLong(p -> termIndexOf(p).getIndex()));
    return dirs;
  }

  @Override
  public FileListSnapshotInfo getLatestSnapshot() {
    return latest.get();
  }

  @Override
  public void format() {}

  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    int keep = policy == null ? -1 : policy.getNumSnapshotsRetained();
    if (keep <= 0) return;
    List<Path> dirs = list();
    for (int i = 0; i < dirs.size() - keep; i++) ReplicaEngine.deleteRecursively(dirs.get(i));
  }
}
