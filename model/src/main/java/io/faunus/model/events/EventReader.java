package io.faunus.model.events;

import io.faunus.model.db.DbContext;
import io.faunus.model.db.DocSet;
import io.faunus.model.db.DocState;
import io.faunus.model.doc.ChangeLog;
import io.faunus.model.engine.CursorTokens;
import io.faunus.model.engine.Materializer;
import io.faunus.model.eval.Cursors;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryError;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.StreamEvent;
import io.faunus.model.schema.CollectionDef;
import io.faunus.model.schema.FieldPath;
import io.faunus.model.set.LazySet;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.DocV;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the events of one event source from its collection's change log ({@link ChangeLog}), in commit
 * order, inside a running query (spec §1.7, §1.8). Each changed document is run through the source's
 * {@link Pipeline} as read just before and at its commit: not in the set before and in it after is an
 * {@code add} (the new element), in it before and not after a {@code remove} (the element as it was), in it
 * both times an {@code update} (for {@code eventsOn}, only when a watched field changed). Replays and live
 * events are the same reads, so a stream shows an event only once its commit is readable here.
 *
 * <p>An evaluation failure becomes an {@code error} event that ends the read; a protocol error (the
 * deadline) is thrown.
 */
public final class EventReader {
  private final Interp in;
  private final DbContext db;
  private final Pipeline pipeline;
  private final List<FieldPath> watched;
  private final String coll;
  private final long collId;
  private final long historyDays;

  private EventReader(Interp in, DbContext db, Pipeline pipeline, List<FieldPath> watched, String coll, long collId) {
    this.in = in;
    this.db = db;
    this.pipeline = pipeline;
    this.watched = watched;
    this.coll = coll;
    this.collId = collId;
    CollectionDef def = db.schema().collection(coll);
    this.historyDays = def == null ? 0 : def.historyDays();
  }

  /** The user collection whose change log holds this source's events. */
  public long collectionId() {
    return collId;
  }

  /**
   * The oldest start a read at {@code nowMicros} can replay from: the collection's {@code history_days} plus
   * the window every version is kept for ({@link CursorTokens#RETENTION_MICROS}).
   */
  public long oldestStartMicros(long nowMicros) {
    return nowMicros - CursorTokens.RETENTION_MICROS - historyDays * 86_400L * 1_000_000L;
  }

  /**
   * The reader of a resolved token in the running query {@code in} (whose documents {@code db} serves).
   * Throws a protocol {@code invalid_request} when the token's set is not a source this node can watch.
   */
  public static EventReader of(Interp in, DbContext db, Cursors.SourceToken token) {
    if (!(token.set() instanceof LazySet set) || set.streamUnsupportedReason() != null) throw notASource();
    Pipeline p = Pipeline.of(set);
    List<FieldPath> watched = new ArrayList<>();
    for (String w : token.watched()) {
      FieldPath f = FieldPath.parse(w);
      if (f == null) throw notASource();
      watched.add(f);
    }
    return switch (p.root()) {
      case DocSet d -> new EventReader(in, db, p, watched, d.coll(), d.collectionId());
      default -> {
        DocV single = p.single();
        CollectionDef def = single == null || single.named() ? null : db.schema().collection(single.coll());
        if (def == null) throw notASource();
        yield new EventReader(in, db, p, watched, def.name(), def.id());
      }
    };
  }

  private static QueryError notASource() {
    return QueryError.protocol(ErrorCode.INVALID_REQUEST, "Invalid request body: invalid event source provided");
  }

  /** Reads of the source's collection cost this much per event (Set.single sources read nothing more). */
  private long eventReadOps() {
    return pipeline.single() == null ? 1 : 0;
  }

  /**
   * What one read found: the events (the last one may be an {@code error} event, which ends the source);
   * {@code position}, where the next read continues; {@code more}, true when the read stopped at its limits
   * before {@code upTo}; {@code stats}, the cost of reading the change log itself.
   */
  public record Read(List<StreamEvent> events, EventPosition position, boolean more, StreamEvent.Stats stats) {
    public boolean failed() {
      return !events.isEmpty() && events.get(events.size() - 1).type() == StreamEvent.Type.ERROR;
    }
  }

  /**
   * The events strictly after {@code after} and at or before {@code upToMicros}, at most {@code maxEvents},
   * looking at no more than {@code maxCommits} of the collection's commits.
   */
  public Read read(EventPosition after, long upToMicros, int maxEvents, int maxCommits) {
    long bytes0 = db.txn().bytesRead();
    long from = after.ordinal() == Integer.MAX_VALUE ? after.tsMicros() : after.tsMicros() - 1;
    List<ChangeLog.Commit> commits = db.txn().changeLog(db.db(), collId, from, upToMicros, maxCommits);
    StreamEvent.Stats logStats = new StreamEvent.Stats(commits.isEmpty() ? 0 : 1, db.txn().bytesRead() - bytes0, 0, 0);
    List<StreamEvent> events = new ArrayList<>();
    EventPosition position = after;
    DocV single = pipeline.single();
    for (ChangeLog.Commit c : commits) {
      List<Long> ids = c.ids();
      for (int i = 0; i < ids.size(); i++) {
        EventPosition here = new EventPosition(c.tsMicros(), i);
        if (here.compareTo(after) <= 0) continue;
        if (single != null && single.id() != ids.get(i)) continue;
        StreamEvent e = event(c.tsMicros(), i, ids.get(i));
        if (e == null) continue;
        events.add(e);
        if (e.type() == StreamEvent.Type.ERROR) return new Read(events, position, false, logStats);
        position = here;
        if (events.size() >= maxEvents) {
          boolean rest = i + 1 < ids.size() || c != commits.get(commits.size() - 1) || commits.size() >= maxCommits;
          return new Read(events, position, rest, logStats);
        }
      }
      position = EventPosition.after(c.tsMicros());
    }
    boolean more = commits.size() >= maxCommits;
    if (!more && upToMicros > position.tsMicros()) position = EventPosition.after(upToMicros);
    return new Read(events, position, more, logStats);
  }

  /** The event for document {@code id} changed at {@code ts} (its {@code ordinal}-th change there), or null. */
  private StreamEvent event(long ts, int ordinal, long id) {
    DocV d = DocV.byId(coll, id);
    long calls0 = in.calls(), bytes0 = db.txn().bytesRead(), start = System.nanoTime();
    try {
      Optional<Value> before = db.readingAt(ts - 1, () -> pipeline.apply(in, db, d));
      Optional<Value> after = db.readingAt(ts, () -> pipeline.apply(in, db, d));
      StreamEvent.Type type;
      Value element;
      long at;
      if (before.isEmpty() && after.isEmpty()) {
        return null;
      } else if (before.isEmpty()) {
        type = StreamEvent.Type.ADD;
        element = after.get();
        at = ts;
      } else if (after.isEmpty()) {
        type = StreamEvent.Type.REMOVE;
        element = before.get();
        at = ts - 1;
      } else {
        if (!watched.isEmpty() && !watchedChanged(d, ts)) return null;
        type = StreamEvent.Type.UPDATE;
        element = after.get();
        at = ts;
      }
      Value data = db.readingAt(at, () -> new Materializer(in, at).materialize(element));
      data = Materializer.resolveTxnTime(data, DocState.toInstant(ts));
      return new StreamEvent(type, data, ts, new EventPosition(ts, ordinal).cursor(), stats(calls0, bytes0, start), null);
    } catch (QueryError e) {
      if (e.protocol()) throw e;
      Value abort = e.abortValue() == null ? null
          : db.readingAt(ts, () -> new Materializer(in, ts).materialize(e.abortValue()));
      return StreamEvent.error(e.code(), e.getMessage(), abort, stats(calls0, bytes0, start));
    } catch (StackOverflowError e) {
      return StreamEvent.error(ErrorCode.STACK_OVERFLOW, "Stack overflow.", null, stats(calls0, bytes0, start));
    }
  }

  private boolean watchedChanged(DocV d, long ts) {
    DocState before = db.readingAt(ts - 1, () -> db.state(d, in));
    DocState after = db.readingAt(ts, () -> db.state(d, in));
    if (before == null || after == null) return true;
    for (FieldPath p : watched) {
      if (!p.read(before.data()).equals(p.read(after.data()))) return true;
    }
    return false;
  }

  private StreamEvent.Stats stats(long calls0, long bytes0, long startNanos) {
    long calls = in.calls() - calls0;
    return new StreamEvent.Stats(eventReadOps(), db.txn().bytesRead() - bytes0, Math.max(1, (calls + 49) / 50),
        (System.nanoTime() - startNanos) / 1_000_000L);
  }
}
