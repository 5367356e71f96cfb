package io.faunus.log;

import java.util.List;

/**
 * One log entry: the intents ordered together, and the time the orderer proposed for them. Commit times
 * follow from the entry's place in the log ({@link Applier#commitTimes}), so every replica that applies the
 * same log computes the same times without reading any clock of its own.
 *
 * @param proposedMicros the orderer's clock when it ordered the entry; the first intent commits at this
 *     time unless the previous entry's last commit time is already at or past it
 */
public record Entry(long proposedMicros, List<Intent> intents) {
  /** Intents ordered together, applied with one storage batch (group commit). */
  public static final int INTENTS_MAX = 256;

  public Entry {
    intents = List.copyOf(intents);
    if (intents.isEmpty() || intents.size() > INTENTS_MAX) {
      throw new IllegalArgumentException("an entry holds 1.." + INTENTS_MAX + " intents, not " + intents.size());
    }
  }
}
