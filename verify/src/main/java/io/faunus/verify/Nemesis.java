package io.faunus.verify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Injects faults while clients run: a quiet spell, then a fault held for a few seconds (two at once, on
 * different nodes, with {@code multi}), then its repair, and so on until the deadline. Every fault is recorded with its times (on the history's clock)
 * for the summary and the plot.
 */
final class Nemesis implements Runnable {
  /** {@code multi_minority} is spelled {@code multi-minority} on the command line. */
  enum Mode { none, kill, pause, partition, asymmetric, clock, wipe, mixed, multi, multi_minority }

  /**
   * {@code asymmetric}: the target's links to the others cut one way only; {@code clock}: step the running
   * node's clock up to {@link #CLOCK_SKEW_MS_MAX} ahead or behind, then back; {@code wipe}: kill, delete the
   * data directory, then bring the node back the safe way (remove-node, start with --join, add-node; see
   * docs/verification.md, finding 3).
   */
  enum Kind { kill, pause, partition, asymmetric, clock, wipe }

  /** The kinds {@code mixed} and {@code multi} draw from. */
  static final List<Kind> MIXED = List.of(Kind.kill, Kind.pause, Kind.partition, Kind.asymmetric, Kind.clock, Kind.wipe);
  static final long CLOCK_SKEW_MS_MAX = 60_000;
  /** Faults on the process, on its links and on its clock: two at once on one node must be of different classes. */
  static final List<Kind> PROCESS = List.of(Kind.kill, Kind.pause, Kind.wipe), NETWORK = List.of(Kind.partition, Kind.asymmetric);

  /** One fault: what, on which nodes, and when (ns since the history started; end = MAX while it lasts). */
  record Fault(Kind kind, List<String> nodes, String detail, long startNs, long endNs) {}

  static final long QUIET_MS_MIN = 3_000, QUIET_MS_MAX = 6_000;
  static final long FAULT_MS_MIN = 3_000, FAULT_MS_MAX = 8_000;
  /** A restarted node is given this long to serve again before the next fault. */
  static final long RECOVERY_MS_MAX = 60_000;
  /**
   * A wiped node is given this long to be removed, restarted and added back: with a second fault at once
   * (multi) the group may lack a majority, or the new member may be cut off, until that fault heals.
   */
  static final long REPLACE_MS_MAX = 300_000;

  private final Cluster cluster;
  private final Mode mode;
  private final Random random;
  private final long startNs, untilNs;
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<String> bypasses = new CopyOnWriteArrayList<>();
  private volatile boolean stopped;
  /** Why the nemesis stopped before the deadline (a wiped node it could not bring back), or null. */
  private volatile String failure;
  /** Faults injected and not yet repaired (with a restarted node's recovery), and when the last one ended. */
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  private volatile long lastRepairedNs = Long.MIN_VALUE;

  /** {@code startNs}: the history's time zero; {@code untilNs}: no fault begins after it (System.nanoTime). */
  Nemesis(Cluster cluster, Mode mode, Random random, long startNs, long untilNs) {
    this.cluster = cluster;
    this.mode = mode;
    this.random = random;
    this.startNs = startNs;
    this.untilNs = untilNs;
  }

  List<Fault> faults() {
    return List.copyOf(faults);
  }

  /** Connections seen bypassing the proxies during partitions (should stay empty). */
  List<String> bypasses() {
    return List.copyOf(bypasses);
  }

  void stop() {
    stopped = true;
  }

  /** Why the nemesis stopped early, or null: reported in the summary's facts ({@code nemesis_failure}). */
  String failure() {
    return failure;
  }

  /**
   * A fault it could not undo (a wiped node not brought back): no further fault, from either thread of a pair,
   * since the cluster is already short of a member (before, the second thread of a pair went on after its
   * failure and could take out a second member).
   */
  private void failed(IOException e) {
    System.err.println("verify: the nemesis failed and stops: " + e);
    if (failure == null) failure = e.getMessage();
    stopped = true;
  }

  /**
   * The end of a run that was planned to end at {@code deadlineNs} (System.nanoTime): at least {@code tailNs} after
   * the last fault's repair, so every run shows whether the cluster serves again after its faults (a wipe begun
   * near the end, or slow to repair on a loaded machine, used to leave no operations after it), and never more
   * than {@code capNs} after the deadline. Moves while a fault is in flight.
   */
  long endNs(long deadlineNs, long tailNs, long capNs) {
    return endNs(deadlineNs, tailNs, capNs, inFlight.get() > 0, lastRepairedNs);
  }

  /** {@code lastRepairedNs}: {@code Long.MIN_VALUE} when no fault was repaired yet. */
  static long endNs(long deadlineNs, long tailNs, long capNs, boolean faultInFlight, long lastRepairedNs) {
    long cap = deadlineNs + capNs;
    if (faultInFlight) return cap;
    return lastRepairedNs == Long.MIN_VALUE ? deadlineNs : Math.min(cap, Math.max(deadlineNs, lastRepairedNs + tailNs));
  }

  @Override
  public void run() {
    if (mode == Mode.none) return;
    try {
      while (!stopped && sleepUntilOrStop(ms(QUIET_MS_MIN, QUIET_MS_MAX))) {
        if (mode == Mode.multi || mode == Mode.multi_minority) {
          injectTwo();
          continue;
        }
        Kind kind = switch (mode) {
          case kill -> Kind.kill;
          case pause -> Kind.pause;
          case partition -> Kind.partition;
          case asymmetric -> Kind.asymmetric;
          case clock -> Kind.clock;
          case wipe -> Kind.wipe;
          case mixed, multi, multi_minority -> MIXED.get(random.nextInt(MIXED.size()));
          case none -> throw new IllegalStateException();
        };
        String leader = cluster.leader();
        inject(kind, pickTarget(leader), leader);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      failed(e);
    }
  }

  /** Half the time the leader, else any node. */
  private Node pickTarget(String leader) {
    return random.nextBoolean() && leader != null ? cluster.node(leader) : cluster.nodes.get(random.nextInt(cluster.nodes.size()));
  }

  /**
   * Two faults at once (each held and repaired on its own schedule). {@code multi}: on two different nodes, so
   * two of three can be down together (safety must hold; availability cannot). {@code multi_minority}: only on a
   * minority, so a majority stays up and serving: two nodes of five or more, or both faults on the same node of
   * three (then of different classes: the process, its links, its clock), and a partition cuts off its target
   * alone. A partition's repair heals every link, so it may end the other fault's cut early; the fault log says
   * when each ended.
   */
  private void injectTwo() throws InterruptedException, IOException {
    String leader = cluster.leader();
    Node first = pickTarget(leader);
    Kind a = MIXED.get(random.nextInt(MIXED.size()));
    boolean sameNode = mode == Mode.multi_minority && (cluster.nodes.size() - 1) / 2 < 2;
    Node second = first;
    if (!sameNode) {
      List<Node> others = new ArrayList<>(cluster.nodes);
      others.remove(first);
      second = others.get(random.nextInt(others.size()));
    }
    List<Kind> kindsB = secondKinds(a, sameNode);
    Kind b = kindsB.get(random.nextInt(kindsB.size()));
    Node target = second;
    Thread other = Thread.ofPlatform().name("nemesis-second").start(() -> {
      try {
        inject(b, target, leader);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        failed(e);
      }
    });
    try {
      inject(a, first, leader);
    } finally {
      other.join();
    }
  }

  /**
   * What may run beside fault {@code a}: on the same node, only another class (a process killed and paused at
   * once makes no sense); on another node, anything but a second wipe (two lost disks at once are a majority of
   * 3: nothing committed would survive, by design, and neither could be removed without the other).
   */
  static List<Kind> secondKinds(Kind a, boolean sameNode) {
    if (sameNode) return MIXED.stream().filter(k -> kindClass(k) != kindClass(a)).toList();
    return a == Kind.wipe ? MIXED.stream().filter(k -> k != Kind.wipe).toList() : MIXED;
  }

  /** 0 the process, 1 its links, 2 its clock. */
  private static int kindClass(Kind k) {
    return PROCESS.contains(k) ? 0 : NETWORK.contains(k) ? 1 : 2;
  }

  private void inject(Kind kind, Node target, String leader) throws InterruptedException, IOException {
    inFlight.incrementAndGet();
    try {
      injectAndRepair(kind, target, leader);
    } finally {
      lastRepairedNs = System.nanoTime();
      inFlight.decrementAndGet();
    }
  }

  private void injectAndRepair(Kind kind, Node target, String leader) throws InterruptedException, IOException {
    String who = target.id + (target.id.equals(leader) ? " (leader)" : "");
    long hold = ms(FAULT_MS_MIN, FAULT_MS_MAX);
    long begin = now();
    switch (kind) {
      case kill -> {
        target.kill();
        sleepUntilOrStop(hold);
        target.start();
        faults.add(new Fault(kind, List.of(target.id), "kill -9 " + who + ", restarted after " + (now() - begin) / 1_000_000
            + " ms", begin, now()));
        cluster.awaitServing(target, RECOVERY_MS_MAX);
      }
      case pause -> {
        target.pause();
        sleepUntilOrStop(hold);
        target.resume();
        faults.add(new Fault(kind, List.of(target.id), "SIGSTOP " + who + " for " + (now() - begin) / 1_000_000 + " ms",
            begin, now()));
      }
      case clock -> {
        // Two steps on the running node: from its current skew to a random one, then back to the machine's
        // clock after the hold, so clocks jump forwards and backwards while commits go on.
        long from = target.clockSkewMs();
        long skew = random.nextLong(2 * CLOCK_SKEW_MS_MAX + 1) - CLOCK_SKEW_MS_MAX;
        target.jumpClock(skew);
        sleepUntilOrStop(hold);
        target.jumpClock(0);
        faults.add(new Fault(kind, List.of(target.id), "clock of running " + who + " stepped by " + (skew - from) + " ms, then by "
            + (-skew) + " ms (back to the machine's) after " + (now() - begin) / 1_000_000 + " ms", begin, now()));
      }
      case wipe -> {
        target.kill();
        target.wipe();
        sleepUntilOrStop(hold);
        String how;
        if (cluster.nodes.size() > 1) {
          how = cluster.replaceWiped(target, REPLACE_MS_MAX);
        } else {
          target.start(); // a single node: its data is gone, which only a checker can tell
          how = "restarted empty";
        }
        faults.add(new Fault(kind, List.of(target.id), "kill -9 " + who + ", data directory deleted, " + how + " after "
            + (now() - begin) / 1_000_000 + " ms", begin, now()));
        cluster.awaitServing(target, RECOVERY_MS_MAX);
      }
      case asymmetric -> cutLinks(kind, side(target), cluster::cutOneWay, "links from %s to the rest cut (one way)", leader, hold, begin);
      case partition -> cutLinks(kind, side(target), cluster::partition, "partition %s | rest", leader, hold, begin);
    }
  }

  /**
   * Cuts links with {@code cut}, audits them for bypasses after a second, holds, heals every link, and records
   * the fault ({@code what} names the side with %s).
   */
  private void cutLinks(Kind kind, List<String> side, java.util.function.Consumer<List<String>> cut, String what,
                        String leader, long hold, long begin) throws InterruptedException {
    cut.accept(side);
    Thread.sleep(Math.min(hold, 1_000));
    cluster.bypasses().forEach(b -> bypasses.add(b.toString()));
    sleepUntilOrStop(hold - Math.min(hold, 1_000));
    cluster.healNetwork();
    faults.add(new Fault(kind, side, what.formatted(side) + ", leader was " + leader + ", for " + (now() - begin) / 1_000_000
        + " ms", begin, now()));
  }

  /**
   * One node alone (a minority) or, in clusters of 5 or more, a random minority containing the target; always the
   * target alone with {@code multi_minority}, whose other fault may hit another node of that minority.
   */
  private List<String> side(Node target) {
    List<String> side = new ArrayList<>(List.of(target.id));
    if (mode == Mode.multi_minority) return side;
    int minority = (cluster.nodes.size() - 1) / 2;
    int size = 1 + (minority > 1 ? random.nextInt(minority) : 0);
    List<Node> others = new ArrayList<>(cluster.nodes);
    java.util.Collections.shuffle(others, random);
    for (Node n : others) if (side.size() < size && !side.contains(n.id)) side.add(n.id);
    return side;
  }

  /** Undoes every fault: resumes paused nodes, restarts dead ones, heals the network. */
  void healAll() throws IOException {
    cluster.healNetwork();
    for (Node n : cluster.nodes) {
      n.resume();
      if (!n.alive()) n.start();
    }
  }

  private long ms(long min, long max) {
    return min + (long) (random.nextDouble() * (max - min));
  }

  private long now() {
    return System.nanoTime() - startNs;
  }

  /** Sleeps {@code ms}, but not past the deadline or a stop; false if the deadline or stop came first. */
  private boolean sleepUntilOrStop(long ms) throws InterruptedException {
    long end = System.nanoTime() + ms * 1_000_000;
    while (!stopped) {
      long left = Math.min(end, untilNs) - System.nanoTime();
      if (left <= 0) return System.nanoTime() < untilNs;
      Thread.sleep(Math.min(100, left / 1_000_000 + 1));
    }
    return false;
  }
}
