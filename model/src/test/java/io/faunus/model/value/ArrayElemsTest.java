package io.faunus.model.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faunus.model.value.Value.ArrayV;
import io.faunus.model.value.Value.IntV;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The element list of arrays: windows of one array that reverse and slice without stacking views. */
class ArrayElemsTest {
  private static List<Value> ints(int n) {
    List<Value> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(new IntV(i));
    return out;
  }

  @Test
  void reverseAndSliceAgreeWithACopyingModel() {
    Random rnd = new Random(7);
    for (int round = 0; round < 200; round++) {
      List<Value> model = ints(rnd.nextInt(20));
      List<Value> elems = new ArrayV(model).elems();
      for (int step = 0; step < 30; step++) {
        if (rnd.nextBoolean()) {
          model = new ArrayList<>(model);
          Collections.reverse(model);
          elems = elems.reversed();
        } else {
          int from = model.isEmpty() ? 0 : rnd.nextInt(model.size() + 1);
          int to = from + rnd.nextInt(model.size() - from + 1);
          model = new ArrayList<>(model.subList(from, to));
          elems = new ArrayV(elems.subList(from, to)).elems();
        }
        assertThat(elems).containsExactlyElementsOf(model);
        assertThat(elems.size()).isEqualTo(model.size());
      }
    }
  }

  @Test
  void aWindowNeverExposesTheRestOfTheArray() {
    List<Value> middle = new ArrayV(ints(10)).elems().subList(3, 6);
    assertThat(middle).containsExactly(new IntV(3), new IntV(4), new IntV(5));
    assertThat(middle.reversed()).containsExactly(new IntV(5), new IntV(4), new IntV(3));
    assertThatThrownBy(() -> middle.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> middle.reversed().get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> middle.subList(2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void theArrayIsCopiedFromListsOthersCanStillChange() {
    List<Value> source = ints(3);
    ArrayV a = new ArrayV(source);
    source.set(0, new IntV(42));
    assertThat(a.elems().get(0)).isEqualTo(new IntV(0));
    assertThatThrownBy(() -> a.elems().set(0, new IntV(1))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  @Timeout(30) // generous: a million reversals of JDK views took quadratic time to read back
  void aMillionReversalsStayOneWindow() {
    ArrayV a = new ArrayV(ints(3));
    for (int i = 0; i < 1_000_001; i++) a = new ArrayV(a.elems().reversed());
    assertThat(a.elems()).containsExactly(new IntV(2), new IntV(1), new IntV(0));
    assertThat(a.elems().getClass()).isEqualTo(ArrayElems.class);
  }
}
