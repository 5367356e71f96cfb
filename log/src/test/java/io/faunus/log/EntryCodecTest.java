package io.faunus.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faunus.storage.Cf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EntryCodecTest {
  static Entry randomEntry(Random rnd) {
    List<Intent> intents = new ArrayList<>();
    for (int i = 0, n = 1 + rnd.nextInt(5); i < n; i++) {
      List<Intent.Read> reads = new ArrayList<>();
      for (int j = 0, m = rnd.nextInt(4); j < m; j++) {
        reads.add(new Intent.Read(cf(rnd), bytes(rnd, 1 + rnd.nextInt(40)), "Coll(" + rnd.nextInt(1000) + ") é"));
      }
      List<Intent.Write> writes = new ArrayList<>();
      for (int j = 0, m = rnd.nextInt(4); j < m; j++) {
        writes.add(new Intent.Write(cf(rnd), bytes(rnd, 1 + rnd.nextInt(40)), rnd.nextBoolean() ? null : bytes(rnd, rnd.nextInt(100))));
      }
      intents.add(new Intent(rnd.nextLong(), reads, writes));
    }
    return new Entry(rnd.nextLong(), intents);
  }

  private static Cf cf(Random rnd) {
    return Cf.values()[rnd.nextInt(Cf.values().length)];
  }

  private static byte[] bytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  /** Records compare byte arrays by identity, so entries are compared through a printable form. */
  static String show(Entry e) {
    StringBuilder sb = new StringBuilder().append(e.proposedMicros());
    for (Intent i : e.intents()) {
      sb.append("|").append(i.snapshotMicros());
      for (Intent.Read r : i.reads()) sb.append(" r").append(r.cf()).append(Arrays.toString(r.key())).append(r.what());
      for (Intent.Write w : i.writes()) {
        sb.append(" w").append(w.cf()).append(Arrays.toString(w.key())).append(w.value() == null ? "del" : Arrays.toString(w.value()));
      }
    }
    return sb.toString();
  }

  @Test
  void roundTripsRandomEntries() {
    Random rnd = new Random(42);
    for (int i = 0; i < 500; i++) {
      Entry e = randomEntry(rnd);
      assertThat(show(EntryCodec.decode(EntryCodec.encode(e)))).isEqualTo(show(e));
    }
  }

  @Test
  void anEmptyValueIsNotADeletion() {
    Entry e = new Entry(1, List.of(new Intent(0, List.of(), List.of(new Intent.Write(Cf.PARTITION_TS, new byte[] {1}, new byte[0])))));
    assertThat(EntryCodec.decode(EntryCodec.encode(e)).intents().get(0).writes().get(0).value()).isEmpty();
  }

  @Test
  void refusesUnknownVersionsTruncationAndTrailingBytes() {
    byte[] good = EntryCodec.encode(randomEntry(new Random(7)));
    byte[] version = good.clone();
    version[0] = 2;
    assertThatThrownBy(() -> EntryCodec.decode(version)).hasMessageContaining("unknown entry version 2");
    for (int cut = 0; cut < good.length; cut++) {
      byte[] truncated = Arrays.copyOf(good, cut);
      assertThatThrownBy(() -> EntryCodec.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
    }
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> EntryCodec.decode(longer)).hasMessageContaining("trailing");
  }

  @Test
  void randomCorruptionNeverDecodesIntoSomethingElseSilentlyOrThrowsOtherErrors() {
    Random rnd = new Random(3);
    for (int i = 0; i < 2000; i++) {
      byte[] b = EntryCodec.encode(randomEntry(rnd));
      b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
      try {
        EntryCodec.decode(b);
      } catch (IllegalArgumentException expected) {
        // a corrupt entry is refused with a clear error; anything else (OOM, NPE, negative sizes) fails the test
      }
    }
  }
}
