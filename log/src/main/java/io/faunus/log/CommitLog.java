package io.faunus.log;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The log that orders intents and applies them, with the {@link Applier}, to this node's storage. One node
 * uses {@link LocalLog}; a cluster uses a replicated implementation. Callers see the same contract:
 * an accepted intent completes with its outcome once it is applied here, and a read barrier gives a
 * snapshot time at which everything ordered before the barrier is visible.
 */
public interface CommitLog extends AutoCloseable {

  /** Hands an intent to the log. Never blocks. */
  Submission submit(Intent intent);

  /**
   * Like {@link #submit}, from a caller that is the only one with work for the node (one client and nothing
   * else in flight): a log whose sequencer is idle may order and write the intent on the calling thread, so
   * the outcome is settled when this returns, without waking the sequencer and then the caller again. May
   * block for one storage write; a log without such a shortcut just submits.
   */
  default Submission submitHere(Intent intent) {
    return submit(intent);
  }

  /** The answer to {@link #submit}. */
  sealed interface Submission {
    /** The intent was accepted; {@code outcome} completes once it is applied on this node. */
    record Accepted(CompletableFuture<Outcome> outcome) implements Submission {}

    /** Nothing was ordered; {@code reason} says why and {@code message} says it to a person. */
    record Rejected(Refusal reason, String message) implements Submission {}
  }

  enum Refusal {
    /** The log's queue is full: try again later. */
    BUSY,
    /** The log cannot order anything now (closing, or no quorum in a cluster). */
    UNAVAILABLE
  }

  /**
   * A snapshot time R for a read: every entry ordered before this call is applied when it returns, and
   * every later commit gets a time greater than R. May wait for applies in progress.
   *
   * @throws InterruptedException if the calling thread is interrupted while waiting
   * @throws UnavailableException if the barrier cannot be confirmed in time (a cluster without quorum)
   */
  long beginRead() throws InterruptedException;

  /**
   * A snapshot time from this node's own applied state, without asking anyone else: serializable and
   * possibly behind the cluster, but never older than {@code notBeforeMicros} (a time the client saw, or
   * {@link Long#MIN_VALUE}); waits for that up to {@code waitNanos}, and is empty if it did not arrive in time.
   * A log whose local state is always current answers like {@link #beginRead()}.
   */
  default OptionalLong beginLocalRead(long notBeforeMicros, long waitNanos) throws InterruptedException {
    return OptionalLong.of(beginRead());
  }

  /** True when reads should use {@link #beginLocalRead} unless a request asks for a linearizable one. */
  default boolean localReadsByDefault() {
    return false;
  }

  /** Like {@link #beginRead()}, but empty instead of waiting (for threads that must never block). */
  OptionalLong tryBeginRead();

  /**
   * A snapshot time for a transaction that writes, without waiting: every commit at or before it is applied
   * here, but commits still being applied may be missing. Only for an intent whose reads the {@link Applier}
   * validates at commit (a missing commit then shows as a conflict), never for an answer read at that time.
   * Empty when the log cannot tell without waiting (a cluster).
   */
  default OptionalLong tryWriteSnapshot() {
    return OptionalLong.empty();
  }

  /**
   * A client saw time {@code micros} (x-last-txn-ts): later snapshots must not be older. Values far in the
   * future are ignored rather than letting one header drag the clock forward.
   */
  void observe(long micros);

  /**
   * The log could not order an entry or confirm a read in time (no quorum reachable, closing). For a write
   * the outcome is unknown: it may still commit.
   */
  final class UnavailableException extends RuntimeException {
    public UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * This node's view of the log, read locally without waiting (operations, /ping, /admin/status).
   *
   * @param node   the node's id; {@code leader} is the leader's id as far as this node knows, or null
   * @param role   LEADER, FOLLOWER, CANDIDATE or LISTENER in a cluster; SINGLE alone
   */
  record Status(String node, String role, long term, String leader, long commitIndex, long appliedIndex,
                long lastCommitMicros) {}

  Status status();

  /**
   * Whether this node is in the group's current configuration: false while a node started with {@code --join}
   * waits for {@code add-node} and the leader stages it (a snapshot, then the log), which may take minutes.
   */
  default boolean member() {
    return true;
  }

  /**
   * Told after each entry this node applied, in log order, once its writes are visible to reads here (so a
   * change event is never seen before its transaction can be read). Every replica applies every entry, so
   * every node can serve change events. Called on the apply thread: a listener must be quick and never block.
   */
  interface AppliedListener {
    /** The keys the entry wrote, each with its commit time, in log order (never empty). */
    void applied(List<Applier.Change> changes, long lastCommitMicros);

    /** The store was replaced by a snapshot (a lagging replica): anything up to that time may have changed. */
    default void replaced(long lastCommitMicros) {}
  }

  void addListener(AppliedListener listener);

  void removeListener(AppliedListener listener);

  /** Counters for tests and operations. */
  Stats stats();

  /**
   * Told of every log entry this node wrote (alone) or proposed and saw applied (in a cluster): how many
   * intents it carried (the group-commit size) and how long it took. Called on the log's own thread: be quick.
   */
  @FunctionalInterface
  interface EntryObserver {
    EntryObserver NONE = (intents, nanos) -> {};

    void written(int intents, long nanos);
  }

  /** Replaces the entry observer (one per log: the node's metrics). */
  default void setEntryObserver(EntryObserver observer) {}

  /**
   * Intents committed, and storage batches written (each one fsync when durable; group commit: fewer);
   * {@code writeNanos}: time spent writing those batches (the fsync, mostly); {@code queued}: intents
   * waiting to be ordered now; {@code conflicts}: intents refused because what they read had changed.
   * A log that cannot measure one reports 0.
   */
  record Stats(long commits, long batches, long writeNanos, long queued, long conflicts) {
    public Stats(long commits, long batches) {
      this(commits, batches, 0, 0, 0);
    }
  }

  @Override
  void close();
}
