package io.faunus.node;

import io.faunus.log.Applier;
import io.faunus.log.CommitLog;
import io.faunus.model.doc.Keys;
import io.faunus.model.events.EventPosition;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.StreamEvent;
import io.faunus.model.query.StreamRequest;
import io.faunus.storage.Cf;
import io.faunus.storage.KeyElement;
import io.faunus.storage.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open event streams of a node (spec §1.7). Events come from the apply step: the log tells this node,
 * after each entry it applied ({@link CommitLog.AppliedListener}), which collections' change logs grew and
 * up to which commit time they are readable; each stream on such a collection then reads its events from
 * storage ({@link Node#readEvents}) from its own position up to that time, on a small pool of workers. So a
 * stream never shows an event before its transaction is readable here, every replica serves the same
 * events, and a stream holds no queue: what it has not sent yet is still in the change log.
 *
 * <p>Bounded: a stream whose client does not read ({@link StreamRequest.Sink#ready} false) stops reading;
 * past {@link #STALL_MAX_NANOS} it is cut off with a {@code stream_overflow} error event. Closing frees its
 * registration at once.
 */
final class EventStreams implements CommitLog.AppliedListener, AutoCloseable {
  /** At most this many events are replayed when a stream starts (spec §8); more is an error event. */
  static final int REPLAY_MAX = 128;
  /** Events read and sent in one go (one chunk) once a stream runs. */
  static final int BATCH_EVENTS_MAX = 256;
  /** Change-log commits one read looks at, at most (a filter that drops everything stays bounded). */
  static final int COMMITS_PER_READ_MAX = 4096;
  /** A client that takes nothing for this long while events wait is cut off. */
  static final long STALL_MAX_NANOS = TimeUnit.SECONDS.toNanos(30);
  /** An idle stream sends a status event this often (spec §1.7). */
  static final long STATUS_IDLE_NANOS = TimeUnit.MINUTES.toNanos(5);
  /** How long one read of events may evaluate (spec §8: per-event processing timeout 10 s). */
  static final long READ_TIMEOUT_MS = 10_000;
  /**
   * Token bytes all open streams may hold together (a token may be 1 MiB, and a stream keeps its own); past
   * it a new stream is refused with 429.
   */
  static final long TOKEN_BYTES_MAX = 256L * 1024 * 1024;
  /** The stack of stream workers: they evaluate user functions like query threads do. */
  static final long WORKER_STACK_BYTES = 256L * 1024 * 1024;

  private static final byte[] COLLECTION_KEYS = Keys.collectionTsPrefix();

  private record CollKey(long db, long coll) {}

  /**
   * One read of events: streams of the same secret and token at the same position share it, so a thousand
   * clients watching one set cost one evaluation per event, not a thousand. Events are immutable values.
   */
  private record ReadKey(String secret, String token, EventPosition after, long upTo, int maxEvents) {}

  private record SharedRead(CompletableFuture<Node.EventBatch> batch, long startedNanos) {}

  /** How long a finished read is offered to other streams at the same position. */
  static final long SHARED_READ_NANOS = TimeUnit.SECONDS.toNanos(2);
  /** Shared reads kept at most (streams on many different tokens read alone past it). */
  static final int SHARED_READS_MAX = 4096;
  private final Map<ReadKey, SharedRead> reads = new ConcurrentHashMap<>();
  /** Reads of events done (shared ones count once), for tests. */
  private final AtomicLong readsDone = new AtomicLong();

  long readsDone() {
    return readsDone.get();
  }

  private final Node node;
  private final ExecutorService workers;
  private final ScheduledExecutorService ticker;
  private final Map<CollKey, Set<Sub>> byCollection = new ConcurrentHashMap<>();
  private final Set<Sub> all = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong tokenBytes = new AtomicLong();
  private volatile boolean closed;

  EventStreams(Node node) {
    this.node = node;
    AtomicInteger n = new AtomicInteger();
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.workers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(null, r, "faunus-stream-" + n.incrementAndGet(), WORKER_STACK_BYTES);
      t.setDaemon(true);
      return t;
    });
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "faunus-stream-ticker");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  /** Open streams now. */
  int open() {
    return all.size();
  }

  /**
   * Registers a validated stream and starts it: its first events are a status event at {@code start} and
   * the replay up to {@code snapshotMicros}, then live events; or only {@code startError} when not null.
   */
  StreamRequest.Start open(String secret, String token, long db, long coll, EventPosition start,
                           long snapshotMicros, StreamEvent startError, StreamRequest.Sink sink) {
    long bytes = 2L * (token.length() + (secret == null ? 0 : secret.length()));
    if (tokenBytes.addAndGet(bytes) > TOKEN_BYTES_MAX) {
      tokenBytes.addAndGet(-bytes);
      return new StreamRequest.Start.Refused(ErrorCode.LIMIT_EXCEEDED,
          "Too many open streams on this node for the size of their tokens; retry later.");
    }
    Sub sub = new Sub(ids.incrementAndGet(), secret, token, new CollKey(db, coll), start, snapshotMicros, sink);
    sub.startError = startError;
    all.add(sub);
    byCollection.compute(sub.key, (k, subs) -> {
      Set<Sub> s = subs != null ? subs : ConcurrentHashMap.newKeySet();
      s.add(sub);
      return s;
    });
    if (closed) sub.close();
    else sub.schedule();
    return new StreamRequest.Start.Started(sub);
  }

  /** On the apply thread: wakes the streams of every collection whose change log the entry extended. */
  @Override
  public void applied(List<Applier.Change> changes, long lastCommitMicros) {
    if (all.isEmpty()) return;
    for (Applier.Change c : changes) {
      if (c.cf() != Cf.PARTITION_TS || !startsWith(c.key(), COLLECTION_KEYS)) continue;
      Tuple t = Tuple.decode(c.key());
      if (t.size() != 3) continue;
      Set<Sub> subs = byCollection.get(new CollKey(((KeyElement.Int) t.get(1)).value(), ((KeyElement.Int) t.get(2)).value()));
      if (subs != null) for (Sub s : subs) s.wake(lastCommitMicros);
    }
  }

  @Override
  public void replaced(long lastCommitMicros) {
    for (Sub s : all) s.wake(lastCommitMicros);
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** The events after {@code after} up to {@code upTo}, read once for every stream asking the same. */
  private Node.EventBatch read(String secret, String token, EventPosition after, long upTo, int maxEvents) {
    if (reads.size() >= SHARED_READS_MAX) return readAlone(secret, token, after, upTo, maxEvents);
    ReadKey key = new ReadKey(secret, token, after, upTo, maxEvents);
    SharedRead mine = new SharedRead(new CompletableFuture<>(), System.nanoTime());
    SharedRead shared = reads.putIfAbsent(key, mine);
    if (shared == null) {
      try {
        mine.batch().complete(readAlone(secret, token, after, upTo, maxEvents));
      } catch (RuntimeException | Error e) {
        reads.remove(key, mine);
        mine.batch().completeExceptionally(e);
        throw e;
      }
      shared = mine;
    }
    try {
      return shared.batch().join();
    } catch (java.util.concurrent.CompletionException e) {
      // The reader that shared it failed: read alone.
      return readAlone(secret, token, after, upTo, maxEvents);
    }
  }

  private Node.EventBatch readAlone(String secret, String token, EventPosition after, long upTo, int maxEvents) {
    readsDone.incrementAndGet();
    return node.readEvents(secret, token, after, upTo, maxEvents, COMMITS_PER_READ_MAX);
  }

  /** Every second: idle streams owe a status event, stalled ones are cut off; old shared reads go. */
  private void tick() {
    long now = System.nanoTime();
    reads.values().removeIf(r -> now - r.startedNanos() > SHARED_READ_NANOS && r.batch().isDone());
    for (Sub s : all) {
      long blocked = s.blockedSinceNanos;
      if (blocked != 0 && now - blocked > STALL_MAX_NANOS) {
        s.overflow = true;
        s.schedule();
      } else if (now - s.lastSentNanos > STATUS_IDLE_NANOS) {
        s.statusDue = true;
        s.schedule();
      }
    }
  }

  /** Ends every stream (the node is closing): clients reconnect elsewhere or later with their cursor. */
  @Override
  public void close() {
    closed = true;
    ticker.shutdownNow();
    for (Sub s : all) {
      s.close();
      s.sink.end();
    }
    workers.shutdownNow();
  }

  /** One open stream. Its events are read and sent by at most one worker at a time, in order. */
  private final class Sub implements StreamRequest.Handle {
    final long id;
    final String secret;
    final String token;
    final CollKey key;
    final StreamRequest.Sink sink;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Readable up to this commit time (the newest applied time this stream was told of). */
    private final AtomicLong target;
    /** Where the next read continues; only the running worker touches it. */
    private EventPosition position;
    private boolean started;
    /** An error to send instead of the start (a start older than the history kept), or null. */
    StreamEvent startError;
    volatile long blockedSinceNanos;
    volatile long lastSentNanos = System.nanoTime();
    volatile boolean statusDue;
    volatile boolean overflow;
    private volatile boolean closed;

    Sub(long id, String secret, String token, CollKey key, EventPosition start, long snapshotMicros,
        StreamRequest.Sink sink) {
      this.id = id;
      this.secret = secret;
      this.token = token;
      this.key = key;
      this.position = start;
      this.target = new AtomicLong(snapshotMicros);
      this.sink = sink;
    }

    void wake(long upToMicros) {
      target.accumulateAndGet(upToMicros, Math::max);
      schedule();
    }

    void schedule() {
      if (closed || EventStreams.this.closed || !scheduled.compareAndSet(false, true)) return;
      try {
        workers.execute(this::run);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        scheduled.set(false); // closing
      }
    }

    @Override
    public void resume() {
      schedule();
    }

    private void run() {
      try {
        work();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(EventStreams.class).error("event stream {} failed", id, e);
        finish(List.of(StreamEvent.error(ErrorCode.INTERNAL_ERROR, "The stream failed unexpectedly.", null,
            StreamEvent.Stats.ZERO)));
      } finally {
        scheduled.set(false);
      }
      // A wake-up that came while this run was finishing must not be lost.
      if (!closed && (overflow || statusDue || position.compareTo(EventPosition.after(target.get())) < 0)) schedule();
    }

    private void work() {
      if (overflow) {
        finish(List.of(StreamEvent.error(ErrorCode.STREAM_OVERFLOW,
            "The stream was closed: the client did not read its events fast enough.", null, StreamEvent.Stats.ZERO)));
        return;
      }
      if (!started) {
        start();
        return;
      }
      while (!closed) {
        long upTo = target.get();
        boolean behind = position.compareTo(EventPosition.after(upTo)) < 0;
        if (!behind && !statusDue) return;
        if (!sink.ready()) {
          if (blockedSinceNanos == 0) blockedSinceNanos = System.nanoTime();
          return;
        }
        blockedSinceNanos = 0;
        if (!behind) {
          statusDue = false;
          send(List.of(StreamEvent.status(upTo, position.cursor(), StreamEvent.Stats.ZERO)));
          continue;
        }
        Node.EventBatch b = read(secret, token, position, upTo, BATCH_EVENTS_MAX);
        position = b.position();
        if (b.ended()) {
          finish(b.events());
          return;
        }
        if (!b.events().isEmpty() && !send(b.events())) return;
      }
    }

    /** The first run: the status event at the start position, then the replay up to the opening snapshot. */
    private void start() {
      started = true;
      if (startError != null) {
        finish(List.of(startError));
        return;
      }
      EventPosition from = position;
      long upTo = target.get();
      Node.EventBatch b = read(secret, token, from, upTo, REPLAY_MAX + 1);
      List<StreamEvent> out = new ArrayList<>();
      StreamEvent.Stats replay = b.logStats();
      out.add(StreamEvent.status(from.tsMicros(), from.cursor(),
          new StreamEvent.Stats(replay.readOps(), replay.storageBytesRead(), 1, replay.processingTimeMs())));
      if (b.events().size() > REPLAY_MAX) {
        out.add(StreamEvent.error(ErrorCode.STREAM_REPLAY_VOLUME_EXCEEDED, "Too many events to replay: more than "
            + REPLAY_MAX + " events happened since the stream's start. Start from a later cursor or time.", null,
            StreamEvent.Stats.ZERO));
        finish(out);
        return;
      }
      out.addAll(b.events());
      position = b.position();
      if (b.ended()) {
        finish(out);
        return;
      }
      send(out);
    }

    private boolean send(List<StreamEvent> events) {
      if (closed) return false;
      if (!sink.send(events)) {
        close();
        return false;
      }
      lastSentNanos = System.nanoTime();
      return true;
    }

    /** Sends the last events (an error event) and ends the stream. */
    private void finish(List<StreamEvent> events) {
      boolean wasOpen = !closed;
      close();
      if (wasOpen) sink.send(events);
      sink.end();
    }

    @Override
    public synchronized void close() { // the client leaving and the stream ending may race: once only
      if (closed) return;
      closed = true;
      tokenBytes.addAndGet(-2L * (token.length() + (secret == null ? 0 : secret.length())));
      all.remove(this);
      byCollection.computeIfPresent(key, (k, subs) -> {
        subs.remove(this);
        return subs.isEmpty() ? null : subs;
      });
    }
  }
}
