package io.faunus.verify;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Notices a node that exits without the harness ending it (a crash, a start refused, an exit after an error)
 * and starts it again as it was started, so the run goes on as after a kill. Before, such a node stayed down
 * until the final heal, and only its log told (finding 9 of docs/verification.md was seen that way). Every exit
 * is reported in the summary's facts ({@code nodes_exited_on_their_own}): not an anomaly of the history, but a
 * bug to look at.
 */
final class ExitWatch implements Runnable {
  static final long POLL_MS = 1_000;
  /** Restarts per node, at most: a node refused at every start (exit 3) is left down after this many. */
  static final int RESTARTS_MAX = 3;

  /** One exit: the node, its exit status, when (ns since the history started). */
  record Exit(String node, int status, long atNs) {
    @Override
    public String toString() {
      return node + " exited with status " + status + " at " + atNs / 1_000_000 + " ms";
    }
  }

  private final List<Node> nodes;
  private final long startNs;
  private final List<Exit> exits = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> restarts = new HashMap<>();
  private volatile boolean stopped;

  ExitWatch(List<Node> nodes, long startNs) {
    this.nodes = List.copyOf(nodes);
    this.startNs = startNs;
  }

  @Override
  public void run() {
    try {
      while (!stopped) {
        check(true);
        Thread.sleep(POLL_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  int exitsSoFar() {
    return exits.size();
  }

  /** Stops watching, then records (without restarting) any node that exited since the last look. */
  List<Exit> stop() {
    stopped = true;
    check(false);
    return List.copyOf(exits);
  }

  private synchronized void check(boolean restart) {
    if (restart && stopped) return; // stop() took the last look
    for (Node n : nodes) {
      OptionalInt status = n.exitedOnItsOwn();
      if (status.isEmpty()) continue;
      int count = restarts.getOrDefault(n.id, 0);
      if (count > RESTARTS_MAX) continue; // already reported and left down
      Exit exit = new Exit(n.id, status.getAsInt(), System.nanoTime() - startNs);
      exits.add(exit);
      restarts.put(n.id, count + 1);
      if (!restart || count == RESTARTS_MAX) {
        System.err.println("verify: " + exit + "; see " + n.log + " (left down)");
        if (restart) restarts.put(n.id, RESTARTS_MAX + 1);
        continue;
      }
      System.err.println("verify: " + exit + "; see " + n.log + " (started again as before)");
      try {
        n.restartAsBefore();
      } catch (IOException | IllegalStateException e) {
        System.err.println("verify: could not start " + n.id + " again: " + e.getMessage());
      }
    }
  }
}
