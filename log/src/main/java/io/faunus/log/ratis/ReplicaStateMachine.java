package io.faunus.log.ratis;

import io.faunus.log.AppliedListeners;
import io.faunus.log.Applier;
import io.faunus.log.ReplicaApply;
import io.faunus.log.Entry;
import io.faunus.log.EntryCodec;
import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.Snapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;

/**
 * The Raft state machine of a replica: applies each committed entry with the {@link Applier} to this node's
 * store, in log order, on Ratis's single apply thread. The store records the log index (and term) in the
 * same batch as the data, so after a crash Ratis's replay skips what the store already has: nothing is
 * applied twice. The store's batches are not fsynced: the Raft log, fsynced on a quorum, is the durable truth.
 *
 * <p>Snapshots are RocksDB checkpoints (see {@link SnapshotDirs}); a follower that receives one replaces its
 * store with it ({@link ReplicaEngine#replaceWith}).
 */
final class ReplicaStateMachine extends BaseStateMachine {
  /** META: the term of the last applied entry (the engine keeps its index). */
  static final byte[] TERM_KEY = "raft-term".getBytes(StandardCharsets.UTF_8);
  /**
   * META: the Raft index the store is complete up to when Ratis's own entries (leader no-ops, commit-index records,
   * configurations) followed the last transaction, recorded when a snapshot is taken. The engine's applied index
   * stays the last transaction's, the same on every replica whichever of them took a snapshot when, so the store
   * digests of replicas that applied the same log are taken at the same index.
   */
  static final byte[] RAFT_INDEX_KEY = "raft-index".getBytes(StandardCharsets.UTF_8);

  private final ReplicaEngine engine;
  private final SnapshotDirs snapshots = new SnapshotDirs();
  private final PriorityQueue<Waiter> waiting = new PriorityQueue<>();
  private final AppliedListeners listeners;
  private final HeardFrom heard;
  private volatile long lastCommitMicros;

  private record Waiter(long index, CompletableFuture<Void> applied) implements Comparable<Waiter> {
    @Override
    public int compareTo(Waiter o) {
      return Long.compare(index, o.index);
    }
  }

  ReplicaStateMachine(ReplicaEngine engine, AppliedListeners listeners, HeardFrom heard) {
    this.engine = engine;
    this.listeners = listeners;
    this.heard = heard;
    this.lastCommitMicros = storedCommitMicros();
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return snapshots;
  }

  /** The last commit time applied here: a read at this time sees exactly what this replica applied. */
  long lastCommitMicros() {
    return lastCommitMicros;
  }

  /** Completes once this replica has applied the log up to {@code index}. */
  CompletableFuture<Void> whenApplied(long index) {
    synchronized (waiting) {
      if (appliedIndex() >= index) return CompletableFuture.completedFuture(null);
      Waiter w = new Waiter(index, new CompletableFuture<>());
      waiting.add(w);
      return w.applied();
    }
  }

  long appliedIndex() {
    TermIndex ti = getLastAppliedTermIndex();
    return ti == null ? -1 : ti.getIndex();
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    getLifeCycle().startAndTransition(() -> {
      super.initialize(server, groupId, raftStorage);
      snapshots.init(raftStorage);
      restoreIfBehind(snapshots.getLatestSnapshot());
      setLastAppliedTermIndex(storedTermIndex());
    }, IOException.class);
  }

  /** Ratis calls this before it writes a snapshot received from the leader into {@code sm/}. */
  @Override
  public void pause() {
    if (getLifeCycle().getCurrentState() == LifeCycle.State.RUNNING) {
      getLifeCycle().transition(LifeCycle.State.PAUSING);
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  /** After a snapshot from the leader was installed into {@code sm/}: load it into the store. */
  @Override
  public void reinitialize() throws IOException {
    restoreIfBehind(snapshots.reload());
    updateLastAppliedTermIndex(storedTermIndex());
    if (getLifeCycle().getCurrentState() == LifeCycle.State.PAUSED) {
      getLifeCycle().transition(LifeCycle.State.STARTING);
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
  }

  private void restoreIfBehind(FileListSnapshotInfo snap) throws IOException {
    if (snap == null || snap.getIndex() <= storedTermIndex().getIndex()) return;
    engine.replaceWith(snapshots.dirOf(snap.getTermIndex()));
    lastCommitMicros = storedCommitMicros();
    listeners.replaced(lastCommitMicros);
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    TermIndex ti = TermIndex.valueOf(trx.getLogEntry());
    try {
      if (ReplicaApply.alreadyApplied(engine, ti.getIndex())) {
        // A replay after a restart of an entry the store already has: never apply twice.
        updateLastAppliedTermIndex(ti);
        return CompletableFuture.completedFuture(Message.EMPTY);
      }
      Entry entry = EntryCodec.decode(trx.getLogEntry().getStateMachineLogEntry().getLogData().toByteArray());
      Applier.Applied applied = ReplicaApply.apply(engine, entry, ti.getIndex(),
          batch -> batch.put(Cf.META, TERM_KEY, longBytes(ti.getTerm())));
      assert applied.lastCommitMicros() > lastCommitMicros : "commit times strictly increase along the log";
      lastCommitMicros = applied.lastCommitMicros();
      updateLastAppliedTermIndex(ti);
      listeners.applied(applied.changes(), applied.lastCommitMicros());
      return CompletableFuture.completedFuture(
          Message.valueOf(ByteString.copyFrom(Replies.encode(ti.getIndex(), applied.outcomes()))));
    } catch (RuntimeException e) {
      // The store failed or the entry is corrupt: this replica cannot go on (Ratis stops it).
      return CompletableFuture.failedFuture(new IOException("apply of " + ti + " failed", e));
    }
  }

  /** Ratis also moves the applied index for its own entries (configuration, leader no-ops); keep it monotonic. */
  @Override
  protected boolean updateLastAppliedTermIndex(TermIndex ti) {
    TermIndex current = getLastAppliedTermIndex();
    if (current != null && ti.compareTo(current) < 0) return false;
    boolean moved = super.updateLastAppliedTermIndex(ti);
    wake(ti.getIndex());
    return moved;
  }

  private void wake(long applied) {
    while (true) {
      Waiter w;
      synchronized (waiting) {
        w = waiting.peek();
        if (w == null || w.index() > applied) return;
        waiting.poll();
      }
      w.applied().complete(null);
    }
  }

  /**
   * A linearizable read (Ratis ReadIndex) ends here once this replica has applied the read index; a stale read
   * carrying a {@link HeardMessages} question is answered from this node's {@link HeardFrom} record.
   */
  @Override
  public CompletableFuture<Message> query(Message request) {
    try {
      var question = HeardMessages.question(request);
      if (question.isEmpty()) {
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(longBytes(lastCommitMicros))));
      }
      if (question.get() instanceof HeardMessages.Question.Record r) heard.record(r.id());
      if (question.get() instanceof HeardMessages.Question.List && !configurationApplied()) {
        // A configuration that drops a member is recorded when applied (below); until this replica applied the
        // one it reports, its record may miss that and must not be taken as an answer.
        return CompletableFuture.failedFuture(new IOException("the current configuration is not applied here yet"));
      }
      return CompletableFuture.completedFuture(HeardMessages.answer(heard.ids()));
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private boolean configurationApplied() throws IOException {
    RaftServer server = getServer().getNow(null);
    if (server == null) return false;
    return server.getDivision(getGroupId()).getRaftConf().getLogEntryIndex() <= appliedIndex();
  }

  /**
   * A membership change that removes a member: whatever that member heard from is lost with it (a removed
   * member is one whose disk was lost, or one leaving), so every member takes on the whole configuration as
   * heard from. Conservative: a member of that configuration that never took part is then refused a
   * {@code --bootstrap} too, and joins with {@code --join} (docs/operations.md).
   */
  @Override
  public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto conf) {
    Set<String> before = new HashSet<>(), after = new HashSet<>();
    for (RaftPeerProto p : conf.getOldPeersList()) before.add(p.getId().toStringUtf8());
    for (RaftPeerProto p : conf.getPeersList()) after.add(p.getId().toStringUtf8());
    if (after.containsAll(before)) return;
    before.addAll(after);
    try {
      heard.recordAll(before);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot record the members of the configuration at " + index, e);
    }
  }

  /**
   * A RocksDB checkpoint of the store at the last applied index. Runs on the apply thread, so no entry is
   * applied meanwhile; Ratis then purges the log up to the snapshot.
   */
  @Override
  public long takeSnapshot() throws IOException {
    TermIndex ti = getLastAppliedTermIndex();
    if (ti == null || ti.getIndex() < 0) return -1;
    Path dir = snapshots.dirOf(ti);
    if (Files.isDirectory(dir)) return ti.getIndex();
    if (ti.getIndex() > storedTermIndex().getIndex()) {
      // Ratis's own entries moved the index without touching the store: record it, so the checkpoint's
      // content and its name agree.
      engine.write(new Batch().put(Cf.META, TERM_KEY, longBytes(ti.getTerm()))
          .put(Cf.META, RAFT_INDEX_KEY, longBytes(ti.getIndex())), false);
    }
    Path tmp = dir.resolveSibling(dir.getFileName() + ".creating");
    ReplicaEngine.deleteRecursively(tmp);
    Files.createDirectories(tmp.getParent());
    engine.checkpoint(tmp);
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    snapshots.setLatest(SnapshotDirs.infoOf(dir));
    return ti.getIndex();
  }

  /** Where the store is complete in the log: its last transaction's or a later {@link #RAFT_INDEX_KEY}. */
  private TermIndex storedTermIndex() {
    byte[] term = engine.get(Cf.META, TERM_KEY);
    byte[] raftIndex = engine.get(Cf.META, RAFT_INDEX_KEY);
    long index = Math.max(engine.appliedIndex(), raftIndex == null ? -1 : ByteBuffer.wrap(raftIndex).getLong());
    return TermIndex.valueOf(term == null ? 0 : ByteBuffer.wrap(term).getLong(), index); // index -1: nothing yet
  }

  private long storedCommitMicros() {
    try (Snapshot snap = engine.snapshot()) {
      return Applier.lastCommitMicros(snap);
    }
  }

  private static byte[] longBytes(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  @Override
  public void close() {
    getLifeCycle().checkStateAndClose(() -> {
      synchronized (waiting) {
        for (Waiter w : waiting) w.applied().completeExceptionally(new IllegalStateException("replica closed"));
        waiting.clear();
      }
    });
  }
}
