package io.faunus.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.verify.Txn.Mop;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generators keep the properties the checkers rely on. */
class WorkloadsTest {
  @Test
  void listAppendValuesAreUniquePerKeyAndKeysRetire() {
    ListAppendWorkload w = new ListAppendWorkload();
    Random r = new Random(1);
    Set<ListAppendChecker.KeyValue> seen = new HashSet<>();
    int maxKey = 0;
    for (int i = 0; i < 5_000; i++) {
      for (Mop m : w.next(r).value().mops()) {
        if (m instanceof Mop.Append a) assertThat(seen.add(new ListAppendChecker.KeyValue(a.key(), a.value()))).isTrue();
        if (m instanceof Mop.Append a) assertThat(a.value()).isLessThanOrEqualTo(ListAppendWorkload.APPENDS_PER_KEY);
        maxKey = Math.max(maxKey, m.key());
      }
    }
    assertThat(maxKey).as("keys retire and fresh ones replace them").isGreaterThan(ListAppendWorkload.KEYS_ACTIVE * 10);
    assertThat(w.finals()).hasSize((maxKey + ListAppendWorkload.FINAL_KEYS_PER_QUERY - 1) / ListAppendWorkload.FINAL_KEYS_PER_QUERY);
  }

  @Test
  void listAppendQueriesReadBackEveryReadInOrder() {
    String q = ListAppendWorkload.fql(new Txn(java.util.List.of(new Mop.Read(3, null), new Mop.Append(3, 7), new Mop.Read(4, null))));
    assertThat(q).contains("let r0 = Lists.byId('3')?.v ?? []").contains("append(7)").endsWith("[r0, null, r2]");
  }

  @Test
  void setElementsAreUniqueAndBounded() {
    SetWorkload w = new SetWorkload();
    Random r = new Random(2);
    Set<Long> added = new HashSet<>();
    int reads = 0;
    for (int i = 0; i < 20_000; i++) {
      var inv = w.next(r);
      if (inv == null) break;
      if (inv.value() instanceof SetOp.Add a) assertThat(added.add(a.element())).isTrue();
      else reads++;
    }
    assertThat(added).hasSize((int) SetWorkload.ELEMENTS_MAX);
    assertThat(reads).isPositive();
  }
}
