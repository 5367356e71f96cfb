package io.faunus.verify;

import io.faunus.log.Applier;
import io.faunus.log.CommitLog;
import io.faunus.log.LocalLog;
import io.faunus.log.SequencerRuntime;
import io.faunus.log.StoreDigest;
import io.faunus.node.Node;
import io.faunus.node.NodeConfig;
import io.faunus.node.NodeRuntime;
import io.faunus.storage.Engine;
import io.faunus.storage.Snapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The simulation of what {@code ./faunus start} runs: one production {@link Node} over the production
 * {@link LocalLog}, whose sequencer is a task on an executor this simulator runs ({@link SequencerRuntime}),
 * over a {@link SimEngine}. Each scheduled sequencer task orders, applies and settles one entry (group commit:
 * the intents submitted since the last task form it). Faults: the process crashes (its store keeps what
 * RocksDB would keep, the intents it had not written are lost, every waiter learns nothing more), crashes
 * inside a batch write (an entry's or a sweep's: that batch never becomes visible), restarts (a new
 * {@code LocalLog} over the recovered store), its clock jumps, and it sweeps old versions.
 *
 * <p>Invariants besides the workload's checker: commit times strictly increase across crashes and restarts,
 * no query ends with an internal error, no wait exceeds {@link #STEPS_PER_WAIT_MAX} steps.
 */
final class SimLocal extends SimWorld {
  static final String NAME = "n1";

  /**
   * The negative control's planted bug (SimRun.Bug.ACK_BEFORE_DURABLE): the log writes its batches without
   * syncing them, as {@code --memory} does, over a store that survives crashes, so an answered commit can be
   * lost; the checkers must see it.
   */
  private final boolean durable;
  private SimEngine engine = new SimEngine();
  /** The running node, or null while the process is down. */
  private Node node;
  private int incarnation;
  private long skewMicros;
  /** The running incarnation's sequencer and index-build executors, and the futures its log handed out. */
  private SimExecutor sequencer;
  private SimExecutor builds;
  private List<SimFuture> futures = new ArrayList<>();
  /** The last commit time any incarnation applied: the next must be later, even across crashes. */
  private long lastCommitMicros;

  SimLocal(Random random, boolean faults, boolean durable) {
    super(random, faults);
    this.durable = durable;
    start();
  }

  @Override
  boolean txnTsStrictlyIncreases() {
    return true;
  }

  @Override
  int memberCount() {
    return 1;
  }

  @Override
  Node node(int member) {
    return node;
  }

  @Override
  String name(int member) {
    return NAME;
  }

  @Override
  void stepBelowClients(int roll) {
    if (roll < 65) runSequencer();
    else if (roll < 68) quietSpell();
    else if (roll < 71) runBuild();
    else if (roll < 74) engine.sync(); // a background flush
    else if (faultsOn && roll >= 92) fault(random.nextInt(100));
    else runSequencer();
  }

  /** One sequencer task: one entry ordered, applied and settled (a crash may hit inside its write). */
  private void runSequencer() {
    if (sequencer != null) sequencer.runOne();
  }

  private void runBuild() {
    if (builds == null) return;
    try {
      builds.runOne();
    } catch (SimEngine.Crash | CommitLog.UnavailableException c) {
      // The hook already crashed the process (inside a write, perhaps of the read floor); the build is gone too.
    }
  }

  private void fault(int roll) {
    if (roll < 20) {
      if (node != null) crash("crash");
    } else if (roll < 50) {
      if (sequencer == null) start(); // down (not while it is starting: its executors exist by then)
    } else if (roll < 65) {
      skewMicros += clockJumpMicros();
    } else if (roll < 80) {
      if (node != null) {
        engine.crashOnWrite(random.nextInt(4));
        count("write-crash-armed");
      }
    } else if (node != null) {
      try {
        node.sweepVersions();
        count("sweep");
      } catch (SimEngine.Crash c) {
        count("crash-in-sweep");
      } catch (CommitLog.UnavailableException e) {
        count("sweep-interrupted"); // it crashed writing the read floor for the sweep's read
      }
    }
  }

  /**
   * The process dies: the store keeps its synced batches and a prefix of the others, the intents the log
   * had not written are gone, and every query waiting on this incarnation ends with an unknown outcome.
   */
  private void crash(String why) {
    count(why);
    engine.disarm();
    if (node != null) retired.add(node);
    node = null;
    sequencer.shutdownNow();
    builds.shutdownNow();
    sequencer = null;
    builds = null;
    incarnation++;
    engine = engine.recover(random);
    List<SimFuture> waiting = futures;
    futures = new ArrayList<>();
    for (SimFuture f : waiting) {
      if (!f.isDone()) f.completeExceptionally(new CommitLog.UnavailableException("the node crashed", null));
    }
  }

  /** Starts the process: a new {@code LocalLog} and node over the recovered store. */
  private void start() {
    int mine = incarnation;
    // Only this incarnation's writes kill it: code of an older one still on the stack writes to its old store.
    engine.onCrash(() -> {
      if (incarnation == mine) crash("crash-in-write");
    });
    sequencer = new SimExecutor();
    builds = new SimExecutor();
    List<SimFuture> handedOut = futures;
    SequencerRuntime seq = new SequencerRuntime(sequencer, () -> nowMicros() + skewMicros, () -> {
      SimFuture f = new SimFuture(this);
      // A crashed incarnation's code still on the stack (a query retrying) talks to a dead process.
      if (incarnation != mine) f.completeExceptionally(new CommitLog.UnavailableException("the node crashed", null));
      else handedOut.add(f);
      return f;
    });
    LocalLog log = new LocalLog(engine, durable, seq);
    log.addListener(new CommitLog.AppliedListener() {
      @Override
      public void applied(List<Applier.Change> changes, long lastCommit) {
        if (lastCommit <= lastCommitMicros) violation("commit times went backwards: " + lastCommit + " after " + lastCommitMicros);
        lastCommitMicros = lastCommit; // one violation per step back, not one per later commit
      }
    });
    NodeRuntime runtime = new NodeRuntime(() -> nowMicros() + skewMicros, builds, false, this::newKey);
    try {
      Node started = Node.over(new NodeConfig(Path.of("sim-never-written", NAME), false, SECRET), engine, log, runtime);
      if (incarnation == mine) node = started; // else it crashed while starting
      else retired.add(started);
      if (mine > 0) count("restart");
    } catch (RuntimeException e) {
      if (incarnation == mine) {
        violation(NAME + " failed to start: " + e + " at " + java.util.Arrays.stream(e.getStackTrace()).limit(12).toList());
        crash("start-failed"); // the process exits
      }
    }
  }

  @Override
  void heal() {
    faultsOn = false;
    engine.disarm();
    if (sequencer == null) start();
    while (sequencer != null && sequencer.runOne()) {
      // every accepted intent is ordered and settled
    }
  }

  @Override
  String digest() {
    if (node == null) return "none";
    return digestOf(engine);
  }

  static String digestOf(Engine store) {
    try (Snapshot snap = store.snapshot()) {
      return StoreDigest.of(snap).sha256();
    }
  }
}
