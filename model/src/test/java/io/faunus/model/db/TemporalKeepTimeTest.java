package io.faunus.model.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.eval.Interp;
import io.faunus.model.set.SequenceSet;
import io.faunus.model.set.TimedSet;
import io.faunus.model.stdlib.Fql;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.ArrayV;
import io.faunus.model.value.Value.ObjectV;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What leaves {@code at()}: copied only where a set or document had to be pinned to the time. */
class TemporalKeepTimeTest {
  private static final long MICROS = 1_700_000_000_000_000L;
  private final Interp in = new Fql().in;

  private static ObjectV object(Object... kv) {
    Map<String, Value> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Value) kv[i + 1]);
    return new ObjectV(m);
  }

  @Test
  void valuesWithNothingToPinAreReturnedAsTheyAre() {
    ObjectV inner = object("a", Numbers.of(1), "b", ArrayV.of(Numbers.of(2), Numbers.of(3)));
    ArrayV array = ArrayV.of(Numbers.of(0), inner, ArrayV.EMPTY);
    assertThat(Temporal.keepTime(in, array, MICROS)).isSameAs(array);
    assertThat(Temporal.keepTime(in, inner, MICROS)).isSameAs(inner);
  }

  @Test
  void aSetInsideIsPinnedAndOnlyItsContainersAreCopied() {
    SequenceSet set = new SequenceSet(0, 3);
    ObjectV untouched = object("x", Numbers.of(9));
    ObjectV holder = object("first", Numbers.of(1), "set", set, "last", untouched);
    ArrayV array = ArrayV.of(untouched, holder);

    Value kept = Temporal.keepTime(in, array, MICROS);

    assertThat(kept).isNotSameAs(array).isInstanceOf(ArrayV.class);
    ArrayV out = (ArrayV) kept;
    assertThat(out.elems()).hasSize(2);
    assertThat(out.elems().get(0)).as("an element before the change is shared").isSameAs(untouched);
    ObjectV copied = (ObjectV) out.elems().get(1);
    assertThat(copied).isNotSameAs(holder);
    assertThat(copied.fields().keySet()).as("field order kept").containsExactly("first", "set", "last");
    assertThat(copied.fields().get("first")).isSameAs(holder.fields().get("first"));
    assertThat(copied.fields().get("set")).isInstanceOf(TimedSet.class);
    assertThat(copied.fields().get("last")).isSameAs(untouched);
    assertThat(holder.fields().get("set")).as("the input is not changed").isSameAs(set);
  }
}
