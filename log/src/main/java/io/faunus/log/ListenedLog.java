package io.faunus.log;

/**
 * What every {@link CommitLog} keeps the same way: the listeners told after each applied entry, and the one
 * entry observer (the node's metrics). A subclass tells {@link #listeners} from its apply step and
 * {@link #observer} from its writer; registering is done here once.
 */
public abstract class ListenedLog implements CommitLog {
  /** Waiting this long (ms) for a log's own thread to finish at close; then the JVM may exit under it. */
  protected static final long THREAD_JOIN_MS = 5_000;

  protected final AppliedListeners listeners = new AppliedListeners();
  protected volatile EntryObserver observer = EntryObserver.NONE;

  @Override
  public final void addListener(AppliedListener listener) {
    listeners.add(listener);
  }

  @Override
  public final void removeListener(AppliedListener listener) {
    listeners.remove(listener);
  }

  @Override
  public final void setEntryObserver(EntryObserver o) {
    observer = o;
  }

  /** Waits for the log's ordering thread to drain at close; an interrupt is kept for the caller to see. */
  protected static void join(Thread thread) {
    try {
      thread.join(THREAD_JOIN_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
