package io.faunus.log;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The listeners of one {@link CommitLog}, told in log order after each entry this node applied. A listener
 * that throws is reported and skipped: it must never stop the apply step, which every replica runs.
 */
public final class AppliedListeners {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AppliedListeners.class);
  private final List<CommitLog.AppliedListener> listeners = new CopyOnWriteArrayList<>();

  public void add(CommitLog.AppliedListener l) {
    listeners.add(l);
  }

  public void remove(CommitLog.AppliedListener l) {
    listeners.remove(l);
  }

  /** After an entry was applied and is visible to reads: its changed keys, in log order. */
  public void applied(List<Applier.Change> changes, long lastCommitMicros) {
    if (changes.isEmpty()) return;
    for (CommitLog.AppliedListener l : listeners) {
      try {
        l.applied(changes, lastCommitMicros);
      } catch (RuntimeException e) {
        LOG.error("an applied-entry listener failed", e);
      }
    }
  }

  /** The store was replaced (a snapshot from the leader): anything up to that time may have changed. */
  public void replaced(long lastCommitMicros) {
    for (CommitLog.AppliedListener l : listeners) {
      try {
        l.replaced(lastCommitMicros);
      } catch (RuntimeException e) {
        LOG.error("an applied-entry listener failed", e);
      }
    }
  }
}
