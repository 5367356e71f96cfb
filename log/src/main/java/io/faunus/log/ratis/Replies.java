package io.faunus.log.ratis;

import io.faunus.log.Outcome;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The state machine's answer to an applied entry, as the submitting node receives it: the entry's log index
 * (so the node can wait until it has applied the entry itself) and one outcome per intent.
 * {@code index:i64 count:i32 (0 commitMicros:i64 | 1 whatLen:i32 what:utf8)*}
 */
final class Replies {
  private Replies() {}

  record Reply(long index, List<Outcome> outcomes) {}

  static byte[] encode(long index, List<Outcome> outcomes) {
    int size = Long.BYTES + Integer.BYTES;
    List<byte[]> whats = new ArrayList<>(outcomes.size());
    for (Outcome o : outcomes) {
      byte[] w = o instanceof Outcome.Conflict c ? c.what().getBytes(StandardCharsets.UTF_8) : null;
      whats.add(w);
      size += 1 + (w == null ? Long.BYTES : Integer.BYTES + w.length);
    }
    ByteBuffer out = ByteBuffer.allocate(size).putLong(index).putInt(outcomes.size());
    for (int i = 0; i < outcomes.size(); i++) {
      switch (outcomes.get(i)) {
        case Outcome.Committed c -> out.put((byte) 0).putLong(c.commitMicros());
        case Outcome.Conflict c -> out.put((byte) 1).putInt(whats.get(i).length).put(whats.get(i));
      }
    }
    return out.array();
  }

  static Reply decode(ByteBuffer in) {
    long index = in.getLong();
    int n = in.getInt();
    List<Outcome> outcomes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (in.get() == 0) {
        outcomes.add(new Outcome.Committed(in.getLong()));
      } else {
        byte[] w = new byte[in.getInt()];
        in.get(w);
        outcomes.add(new Outcome.Conflict(new String(w, StandardCharsets.UTF_8)));
      }
    }
    return new Reply(index, outcomes);
  }
}
