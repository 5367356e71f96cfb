package io.faunus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.FeedOutcome;
import io.faunus.model.query.FeedRequest;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.StreamEvent;
import io.faunus.model.query.StreamRequest;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Event sources, feeds and streams through a node (spec §1.7, §1.8, §4.12). */
@Timeout(60)
class EventsTest {
  static final String ROOT = FqlNode.ROOT;
  final FqlNode fql = new FqlNode();
  final Node node = fql.node;

  @AfterEach
  void close() {
    fql.close();
  }

  String token(String query) {
    Value v = fql.data(query);
    assertThat(v).isInstanceOf(EventSourceV.class);
    return ((EventSourceV) v).token();
  }

  FeedOutcome feed(String token, String cursor, Long startTs, int pageSize) {
    return node.feed(new FeedRequest(ROOT, token, cursor, startTs, pageSize, System.nanoTime(), 5_000, Long.MIN_VALUE));
  }

  FeedOutcome.Page page(String token, String cursor, Long startTs, int pageSize) {
    FeedOutcome out = feed(token, cursor, startTs, pageSize);
    assertThat(out).isInstanceOf(FeedOutcome.Page.class);
    return (FeedOutcome.Page) out;
  }

  FeedOutcome.Page page(String token) {
    return page(token, null, null, FeedRequest.PAGE_SIZE_DEFAULT);
  }

  static List<String> types(List<StreamEvent> events) {
    return events.stream().map(e -> e.type().wire()).toList();
  }

  /** Field {@code f} of each event's document (or object) data. */
  static List<Value> field(List<StreamEvent> events, String f) {
    return events.stream().map(e -> switch (e.data()) {
      case MatDocV d -> d.fields().get(f);
      case ObjectV o -> o.get(f);
      default -> e.data();
    }).toList();
  }

  long txnTs(String query) {
    return ((QueryOutcome.Success) fql.run(ROOT, query)).txnTs();
  }

  @Test
  void aFeedReplaysAddUpdateAndRemoveAfterTheTokensCreationInCommitOrder() {
    fql.data("Collection.create({ name: 'Items' }); 1");
    fql.data("Items.create({ n: 0 }); 1"); // before the token: never seen
    String token = token("Items.all().eventSource()");
    fql.data("Set.sequence(1, 4).forEach(i => Items.create({ n: i })); 1");
    fql.data("Items.all().where(.n == 2).forEach(d => d.update({ n: 20 })); 1");
    fql.data("Items.all().where(.n == 3).forEach(.delete()); 1");
    FeedOutcome.Page p = page(token);
    assertThat(types(p.events())).containsExactly("add", "add", "add", "update", "remove");
    assertThat(field(p.events(), "n")).containsExactly(new IntV(1), new IntV(2), new IntV(3), new IntV(20), new IntV(3));
    assertThat(p.hasNext()).isFalse();
    assertThat(p.events().get(0).stats().readOps()).isEqualTo(1);
    assertThat(p.events().get(0).stats().computeOps()).isGreaterThanOrEqualTo(1);
    // The three creates share one transaction: same time, ordinals 0, 1, 2.
    assertThat(p.events().get(0).txnTs()).isEqualTo(p.events().get(2).txnTs());
    // Polling again from the page's cursor gives only what happened since.
    assertThat(page(token, p.cursor(), null, 16).events()).isEmpty();
    fql.data("Items.create({ n: 5 }); 1");
    assertThat(field(page(token, p.cursor(), null, 16).events(), "n")).containsExactly(new IntV(5));
  }

  @Test
  void aTokenMadeByAQueryThatWritesStartsAfterThatQuerysCommit() {
    fql.data("Collection.create({ name: 'Items' }); 1");
    String token = token("Items.create({ n: 1 }); Items.all().eventSource()");
    assertThat(page(token).events()).isEmpty();
    fql.data("Items.create({ n: 2 }); 1");
    assertThat(field(page(token).events(), "n")).containsExactly(new IntV(2));
  }

  @Test
  void pagesFollowPageSizeAndCursorsResumeStrictlyAfterTheirEvent() {
    fql.data("Collection.create({ name: 'Items' }); 1");
    long startAt = txnTs("Items.create({ n: 0 })");
    fql.data("Set.sequence(1, 4).forEach(i => Items.create({ n: i })); 1");
    String token = token("Items.all().eventSource()");
    List<Value> seen = new ArrayList<>();
    List<Boolean> hasNext = new ArrayList<>();
    String cursor = null;
    for (int i = 0; i < 5; i++) {
      FeedOutcome.Page p = cursor == null ? page(token, null, startAt, 1) : page(token, cursor, null, 1);
      seen.addAll(field(p.events(), "n"));
      hasNext.add(p.hasNext());
      cursor = p.cursor();
      if (!p.hasNext()) break;
    }
    assertThat(seen).containsExactly(new IntV(1), new IntV(2), new IntV(3));
    assertThat(hasNext).containsExactly(true, true, false);
  }

  @Test
  void whereAndMapDecideAddRemoveAndTheEventData() {
    fql.data("Collection.create({ name: 'Items' }); 1");
    String token = token("Items.all().where(.n > 10).map(d => { n: d.n, big: true }).eventSource()");
    fql.data("Items.create({ id: '1', n: 5 }); 1"); // not in the set: nothing
    fql.data("Items.byId('1')!.update({ n: 15 }); 1"); // into it: add
    fql.data("Items.byId('1')!.update({ n: 16 }); 1"); // still in it: update
    fql.data("Items.byId('1')!.update({ n: 1 }); 1"); // out of it: remove, data as it was
    fql.data("Items.byId('1')!.delete(); 1"); // not in it any more: nothing
    FeedOutcome.Page p = page(token);
    assertThat(types(p.events())).containsExactly("add", "update", "remove");
    assertThat(field(p.events(), "n")).containsExactly(new IntV(15), new IntV(16), new IntV(16));
  }

  @Test
  void indexAndSingleDocumentSourcesSeeOnlyTheirDocuments() {
    fql.data("Collection.create({ name: 'Items', indexes: { byColor: { terms: [{ field: '.color' }] } } }); 1");
    fql.data("Items.create({ id: '7', color: 'red' }); 1");
    String byColor = token("Items.byColor('red').eventSource()");
    String single = token("Set.single(Items.byId('7')).eventSource()");
    fql.data("Items.create({ color: 'blue' }); 1");
    fql.data("Items.create({ color: 'red', k: 2 }); 1");
    fql.data("Items.byId('7')!.update({ color: 'blue' }); 1");
    assertThat(types(page(byColor).events())).containsExactly("add", "remove");
    assertThat(types(page(single).events())).containsExactly("update");
    assertThat(page(single).events().get(0).stats().readOps()).isZero();
  }

  @Test
  void eventsOnReportsOnlyUpdatesOfWatchedFields() {
    fql.data("Collection.create({ name: 'Items' }); 1");
    fql.data("Items.create({ id: '1', a: 1, b: 1 }); 1");
    String token = token("Items.all().eventsOn(.a)");
    fql.data("Items.byId('1')!.update({ b: 2 }); 1");
    fql.data("Items.byId('1')!.update({ a: 2 }); 1");
    assertThat(field(page(token).events(), "a")).containsExactly(new IntV(2));
  }

  @Test
  void theSpecsRejections() {
    fql.data("Collection.create({ name: 'Items', indexes: { byA: { terms: [{ field: '.a' }], values: [{ field: '.b' }] } } }); 1");
    assertThat(fql.failure(ROOT, "Items.all().reverse().toStream()").message())
        .isEqualTo("can't call `.toStream()` because streaming is not supported on sets that have been reversed.");
    assertThat(fql.failure(ROOT, "Items.byA(1, { from: 1 }).eventSource()").message())
        .isEqualTo("can't call `.eventSource()` because range queries are not supported yet, use `.where()` method instead.");
    assertThat(fql.failure(ROOT, "[1].toSet().eventSource()").code()).isEqualTo(ErrorCode.INVALID_RECEIVER);
    assertThat(fql.failure(ROOT, "Items.all().take(2).eventSource()").code()).isEqualTo(ErrorCode.INVALID_RECEIVER);
    assertThat(fql.failure(ROOT, "Items.all().where(.a == 1).eventsOn(.a)").message())
        .isEqualTo("can't call `.changesOn()` because it was not called on the source set.");
    assertThat(fql.failure(ROOT, "Items.all().eventsOn(x => x.a)").message())
        .isEqualTo("invalid argument `0`: invalid field path given");
    assertThat(fql.failure(ROOT, "Items.byA(1).eventsOn(.b, .c, .d[0])").message())
        .isEqualTo("invalid argument `fields`: `c`, `d[0]` not covered by the `byA` index.");
    assertThat(fql.data("Items.byA(1).eventsOn(.b, .id)")).isInstanceOf(EventSourceV.class);
    assertThat(fql.data("Items.all().map(.a).where(x => x > 1).toStream()")).isInstanceOf(EventSourceV.class);
    assertThat(fql.data("Items.all().eventSource().where(.a > 1).map(.a)")).isInstanceOf(EventSourceV.class);
  }

  @Test
  void feedRefusalsAreProtocolErrors() {
    fql.data("Collection.create({ name: 'Items' }); 1");
    String token = token("Items.all().eventSource()");
    assertThat(refusal(feed("2", null, null, 16))).isEqualTo("invalid_request Invalid request body: invalid event source provided.");
    assertThat(refusal(node.feed(new FeedRequest("nope", token, null, null, 16, System.nanoTime(), 5_000, Long.MIN_VALUE))))
        .startsWith("unauthorized");
    assertThat(refusal(feed(token, "bogus", null, 16))).startsWith("invalid_request");
    assertThat(refusal(node.feed(new FeedRequest(ROOT, token, null, null, 16, System.nanoTime(), 1, Long.MIN_VALUE))))
        .startsWith("time_out");
    // A start older than the history kept is an error event in a page (fauna-jvm's feedEventError).
    FeedOutcome.Page old = page(token, null, 1L, 16);
    assertThat(types(old.events())).containsExactly("error");
    assertThat(old.events().get(0).error().code()).isEqualTo(ErrorCode.INVALID_STREAM_START_TIME);
    assertThat(old.events().get(0).error().message()).contains("is too far in the past");
    assertThat(old.hasNext()).isFalse();
    // A token of another database is not accepted.
    fql.data("Database.create({ name: 'Other' }); 1");
    String other = ROOT + ":Other:admin";
    assertThat(refusal(node.feed(new FeedRequest(other, token, null, null, 16, System.nanoTime(), 5_000, Long.MIN_VALUE))))
        .startsWith("invalid_request");
  }

  @Test
  void anErrorWhileMappingIsAnErrorEventThatEndsThePage() {
    fql.data("Collection.create({ name: 'Items' }); 1");
    String token = token("Items.all().map(d => if (d.n == 2) abort('oops') else d.n).eventSource()");
    fql.data("Set.sequence(1, 4).forEach(i => Items.create({ n: i })); 1");
    FeedOutcome.Page p = page(token);
    assertThat(types(p.events())).containsExactly("add", "error");
    assertThat(p.events().get(1).error().code()).isEqualTo(ErrorCode.ABORT);
    assertThat(p.events().get(1).error().abort()).isEqualTo(new StrV("oops"));
    assertThat(p.hasNext()).isFalse();
  }

  static String refusal(FeedOutcome out) {
    assertThat(out).isInstanceOf(FeedOutcome.Refused.class);
    FeedOutcome.Refused r = (FeedOutcome.Refused) out;
    return r.code().wire() + " " + r.message();
  }

  /** Collects what a stream sends. */
  static final class Collected implements StreamRequest.Sink {
    final List<StreamEvent> events = new ArrayList<>();
    final List<Integer> chunks = new ArrayList<>();
    volatile boolean ready = true;
    volatile boolean ended;

    @Override
    public synchronized boolean send(List<StreamEvent> batch) {
      events.addAll(batch);
      chunks.add(batch.size());
      notifyAll();
      return true;
    }

    @Override
    public boolean ready() {
      return ready;
    }

    @Override
    public synchronized void end() {
      ended = true;
      notifyAll();
    }

    synchronized List<StreamEvent> await(Predicate<List<StreamEvent>> until) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!until.test(events) && !ended && System.nanoTime() < deadline) wait(100);
      return List.copyOf(events);
    }
  }

  StreamRequest.Start.Started open(String token, String cursor, Collected sink) {
    StreamRequest.Start s = node.openStream(new StreamRequest(ROOT, token, cursor, null, System.nanoTime()), sink);
    assertThat(s).isInstanceOf(StreamRequest.Start.Started.class);
    return (StreamRequest.Start.Started) s;
  }

  @Test
  void aStreamStartsWithStatusReplaysThenTailsLiveWritesAndClosingFreesIt() throws Exception {
    fql.data("Collection.create({ name: 'Items' }); 1");
    String token = token("Items.all().eventSource()");
    fql.data("Items.create({ n: 1 }); 1");
    fql.data("Items.create({ n: 2 }); 1");
    Collected sink = new Collected();
    StreamRequest.Start.Started s = open(token, null, sink);
    List<StreamEvent> ev = sink.await(e -> e.size() >= 3);
    assertThat(types(ev)).containsExactly("status", "add", "add");
    assertThat(sink.chunks.get(0)).isEqualTo(3); // status and replay in one piece
    fql.data("Items.create({ n: 3 }); 1");
    ev = sink.await(e -> e.size() >= 4);
    assertThat(field(ev.subList(1, 4), "n")).containsExactly(new IntV(1), new IntV(2), new IntV(3));
    assertThat(node.openStreams()).isEqualTo(1);
    // Resuming from the first add's cursor starts after it.
    Collected again = new Collected();
    StreamRequest.Start.Started s2 = open(token, ev.get(1).cursor(), again);
    assertThat(field(again.await(e -> e.size() >= 3).subList(1, 3), "n")).containsExactly(new IntV(2), new IntV(3));
    s.handle().close();
    s2.handle().close();
    assertThat(node.openStreams()).isZero();
  }

  @Test
  void streamsOfOneTokenAtOnePlaceShareTheirReads() throws Exception {
    fql.data("Collection.create({ name: 'Items' }); 1");
    String token = token("Items.all().eventSource()");
    List<Collected> sinks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Collected c = new Collected();
      sinks.add(c);
      open(token, null, c);
      c.await(e -> !e.isEmpty());
    }
    fql.data("Items.create({ n: 1 }); 1"); // each stream still stands at its own opening time: 5 reads
    for (Collected c : sinks) assertThat(c.await(e -> e.size() >= 2)).hasSize(2);
    long before = node.streamReads();
    fql.data("Items.create({ n: 2 }); 1"); // now they all stand after the same commit: one read
    for (Collected c : sinks) assertThat(field(c.await(e -> e.size() >= 3).subList(2, 3), "n")).containsExactly(new IntV(2));
    assertThat(node.streamReads() - before).isEqualTo(1);
  }

  @Test
  void aStreamWaitsForASlowClientAndCatchesUpWhenItResumes() throws Exception {
    fql.data("Collection.create({ name: 'Items' }); 1");
    String token = token("Items.all().eventSource()");
    Collected sink = new Collected();
    StreamRequest.Start.Started s = open(token, null, sink);
    sink.await(e -> e.size() >= 1);
    sink.ready = false;
    for (int i = 0; i < 5; i++) fql.data("Items.create({ n: " + i + " }); 1");
    Thread.sleep(300);
    assertThat(sink.events).hasSize(1); // nothing buffered for it: the events wait in the change log
    sink.ready = true;
    s.handle().resume();
    assertThat(sink.await(e -> e.size() >= 6)).hasSize(6);
    s.handle().close();
  }

  @Test
  void anErrorEventEndsTheStream() throws Exception {
    fql.data("Collection.create({ name: 'Items' }); 1");
    // Untyped: the typechecker would refuse the unbound name before the stream exists (spec §3.10).
    Value source = fql.untypedData("Items.all().map(d => notARealFn(d)).toStream()");
    String token = ((EventSourceV) source).token();
    Collected sink = new Collected();
    open(token, null, sink);
    fql.data("Items.create({ n: 1 }); 1");
    List<StreamEvent> ev = sink.await(e -> e.size() >= 2);
    assertThat(types(ev)).containsExactly("status", "error");
    assertThat(ev.get(1).error().code()).isEqualTo(ErrorCode.UNBOUND_VARIABLE);
    sink.await(e -> false);
    assertThat(sink.ended).isTrue();
    assertThat(node.openStreams()).isZero();
  }

  @Test
  void aStreamStartingBeforeTheKeptHistoryIsOneErrorEvent() throws Exception {
    fql.data("Collection.create({ name: 'Items' }); 1");
    String token = token("Items.all().eventSource()");
    Collected sink = new Collected();
    StreamRequest.Start s = node.openStream(new StreamRequest(ROOT, token, null, 1L, System.nanoTime()), sink);
    assertThat(s).isInstanceOf(StreamRequest.Start.Started.class);
    List<StreamEvent> ev = sink.await(e -> !e.isEmpty());
    assertThat(types(ev)).containsExactly("error");
    assertThat(ev.get(0).error().code()).isEqualTo(ErrorCode.INVALID_STREAM_START_TIME);
    sink.await(e -> false);
    assertThat(sink.ended).isTrue();
  }

  @Test
  void aReplayOfMoreThan128EventsIsAnError() throws Exception {
    fql.data("Collection.create({ name: 'Items' }); 1");
    String token = token("Items.all().eventSource()");
    fql.data("Set.sequence(0, 130).forEach(i => Items.create({ n: i })); 1");
    Collected sink = new Collected();
    open(token, null, sink);
    List<StreamEvent> ev = sink.await(e -> e.size() >= 2);
    assertThat(types(ev)).containsExactly("status", "error");
    assertThat(ev.get(1).error().code()).isEqualTo(ErrorCode.STREAM_REPLAY_VOLUME_EXCEEDED);
  }
}
