package io.faunus.model.set;

import static io.faunus.model.stdlib.Fql.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.fql.Span;
import io.faunus.model.stdlib.Fql;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.BoolV;
import io.faunus.model.value.Value.DocV;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lazy set kinds: deterministic replay by offset, reversal and stream-support reasons (§4.12). */
class LazySetsTest {
  private final Fql q = new Fql();

  private List<Value> all(Iterator<Value> it) {
    List<Value> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private Map<String, LazySet> kinds() {
    LazySet base = new SequenceSet(0, 12);
    var even = fn1(v -> BoolV.of(asLong(v) % 2 == 0)).fn;
    var twice = fn1(v -> i(asLong(v) * 2)).fn;
    return Map.ofEntries(
        Map.entry("sequence", base),
        Map.entry("array", new ArraySet(ints(5, 3, 9, 1).elems())),
        Map.entry("where", new WhereSet(base, even, Span.NONE)),
        Map.entry("map", new MappedSet(base, twice, Span.NONE)),
        Map.entry("flatMap", new FlatMappedSet(base, fn1(v -> new SequenceSet(0, asLong(v) % 3)).fn, Span.NONE)),
        Map.entry("take", new TakeSet(base, 7)),
        Map.entry("drop", new DropSet(base, 4)),
        Map.entry("concat", new ConcatSet(base, new ArraySet(ints(100, 101).elems()))),
        Map.entry("reversed", new ReversedSet(new WhereSet(base, even, Span.NONE))),
        Map.entry("distinct", new DistinctSet(new MappedSet(base, fn1(v -> i(asLong(v) % 4)).fn, Span.NONE), Span.NONE)),
        Map.entry("order", new OrderedSet(base, List.of(new Ordering(fn1(v -> i(asLong(v) % 3)).fn, false)), Span.NONE)),
        Map.entry("paged", new PagedSet(base, 3)),
        Map.entry("single", new SingleSet(i(1))));
  }

  @Test
  void everyKindReplaysTheSameElementsFromAnyOffset() {
    kinds().forEach((name, set) -> {
      List<Value> full = all(set.iterator(q.in));
      assertThat(all(set.iterator(q.in))).as(name + " is deterministic").isEqualTo(full);
      for (int off = 0; off <= full.size() + 1; off++) {
        assertThat(all(set.iterator(q.in, off))).as(name + " from " + off)
            .isEqualTo(full.subList(Math.min(off, full.size()), full.size()));
      }
    });
  }

  @Test
  void everyKindReversesToItsElementsBackwards() {
    kinds().forEach((name, set) -> {
      if (name.equals("order")) return; // reversal flips directions instead, see SetLibTest
      List<Value> full = all(set.iterator(q.in));
      assertThat(all(set.reverse().iterator(q.in))).as(name + " reversed").isEqualTo(full.reversed());
    });
  }

  @Test
  void pagesStopOneElementAhead() {
    var seen = fn1(v -> BoolV.TRUE);
    LazySet set = new WhereSet(new SequenceSet(0, 1000), seen.fn, Span.NONE);
    Pages.Page p = Pages.page(q.in, set, 10, 4);
    assertThat(p.data()).containsExactly(i(10), i(11), i(12), i(13));
    assertThat(p.hasMore()).isTrue();
    assertThat(Pages.page(q.in, set, 998, 4).hasMore()).isFalse();
  }

  @Test
  void streamReasons() {
    Map<String, LazySet> k = kinds();
    assertThat(k.get("reversed").streamUnsupportedReason())
        .isEqualTo("streaming is not supported on sets that have been reversed.");
    assertThat(k.get("sequence").streamUnsupportedReason())
        .isEqualTo("streaming is not supported on sets created from `Set.sequence()`.");
    assertThat(k.get("array").streamUnsupportedReason()).isEqualTo("streaming is not supported on array sets.");
    assertThat(k.get("take").streamUnsupportedReason())
        .isEqualTo("streaming is not supported on sets returned from `.take()`.");
    assertThat(k.get("drop").streamUnsupportedReason())
        .isEqualTo("streaming is not supported on sets returned from `.drop()`.");
    assertThat(k.get("order").streamUnsupportedReason())
        .isEqualTo("streaming is not supported on sets returned from `.order()`.");
    assertThat(k.get("distinct").streamUnsupportedReason()).isEqualTo("streaming is not supported on distinct sets.");
    assertThat(k.get("concat").streamUnsupportedReason()).isEqualTo("streaming is not supported on concatenated sets.");
    assertThat(k.get("flatMap").streamUnsupportedReason()).isEqualTo("streaming is not supported on `.flatMap()` sets.");
    // where/map/pageSize inherit their source's answer
    assertThat(k.get("where").streamUnsupportedReason()).isEqualTo(k.get("sequence").streamUnsupportedReason());
    assertThat(k.get("paged").streamUnsupportedReason()).isEqualTo(k.get("sequence").streamUnsupportedReason());
    assertThat(new SingleSet(DocV.byId("Users", 1)).streamUnsupportedReason()).isNull();
    assertThat(k.get("single").streamUnsupportedReason())
        .isEqualTo("streaming on `Set.single()` is only supported if its element is a document.");
  }
}
