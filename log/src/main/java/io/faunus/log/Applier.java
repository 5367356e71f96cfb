package io.faunus.log;

import io.faunus.storage.Batch;
import io.faunus.storage.ByteKey;
import io.faunus.storage.Cf;
import io.faunus.storage.Mvcc;
import io.faunus.storage.PartitionTimes;
import io.faunus.storage.Snapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validation and apply of one log entry, as a pure function of (storage snapshot, entry, log index):
 * every replica that applies the same log to the same state builds the same batch and the same outcomes.
 * Nothing here reads a clock, a random source or anything outside its arguments.
 *
 * <p>Each intent is validated with optimistic concurrency: none of its reads may have a version newer than
 * its snapshot, nor have been written by an earlier intent of the same entry (which commits after every
 * snapshot taken before the entry was ordered). Survivors are written as versions at their commit time.
 */
public final class Applier {
  private Applier() {}

  /** META key holding the last commit time applied (8 bytes, big-endian micros). */
  static final byte[] CLOCK_KEY = "clock".getBytes(StandardCharsets.UTF_8);

  /** One written key, for change events: committed at {@code commitMicros} by intent {@code intent}. */
  /** One logical key written by a committed intent; {@code deleted}: a tombstone was written. */
  public record Change(int intent, Cf cf, byte[] key, long commitMicros, boolean deleted) {}

  /**
   * The result of applying an entry: the batch to write (it carries the log index and the last commit time,
   * so recovery is exact), one outcome per intent, the keys written, and the entry's last commit time.
   */
  public record Applied(Batch batch, List<Outcome> outcomes, List<Change> changes, long lastCommitMicros) {
    /** True when at least one intent committed (otherwise the batch changes nothing a reader can see). */
    public boolean committedAny() {
      return !changes.isEmpty();
    }
  }

  /** The last commit time applied to this state, 0 before the first. */
  public static long lastCommitMicros(Snapshot snap) {
    byte[] c = snap.get(Cf.META, CLOCK_KEY);
    return c == null ? 0 : ByteBuffer.wrap(c).getLong();
  }

  /**
   * Commit times of the entry's intents: the first is max(previous + 1, proposed), each next one 1 µs later.
   * So times strictly increase along the log whatever clocks the orderers had.
   */
  public static long[] commitTimes(long lastCommitMicros, Entry entry) {
    long[] times = new long[entry.intents().size()];
    long t = Math.max(lastCommitMicros + 1, entry.proposedMicros());
    for (int i = 0; i < times.length; i++) times[i] = t + i;
    return times;
  }

  public static Applied apply(Snapshot snap, Entry entry, long logIndex) {
    long[] times = commitTimes(lastCommitMicros(snap), entry);
    Batch batch = new Batch();
    List<Outcome> outcomes = new ArrayList<>(times.length);
    List<Change> changes = new ArrayList<>();
    Set<ByteKey> written = new HashSet<>();
    for (int i = 0; i < times.length; i++) {
      Intent intent = entry.intents().get(i);
      String conflict = conflict(snap, intent, written);
      if (conflict != null) {
        outcomes.add(new Outcome.Conflict(conflict));
        continue;
      }
      for (Intent.Write w : intent.writes()) {
        if (w.cf() == Cf.PARTITION_LATEST) PartitionTimes.put(batch, w.key(), times[i]); // the value is the time
        else if (w.value() == null) Mvcc.putTombstone(batch, w.cf(), w.key(), times[i]);
        else Mvcc.putVersion(batch, w.cf(), w.key(), times[i], w.value());
        written.add(cfKey(w.cf(), w.key()));
        changes.add(new Change(i, w.cf(), w.key(), times[i], w.value() == null));
      }
      outcomes.add(new Outcome.Committed(times[i]));
    }
    long last = times[times.length - 1];
    batch.put(Cf.META, CLOCK_KEY, ByteBuffer.allocate(Long.BYTES).putLong(last).array());
    batch.setAppliedIndex(logIndex);
    assert outcomes.size() == entry.intents().size() : "one outcome per intent";
    return new Applied(batch, List.copyOf(outcomes), List.copyOf(changes), last);
  }

  /** The first read of the intent that changed after its snapshot, or null when it may commit. */
  private static String conflict(Snapshot snap, Intent intent, Set<ByteKey> writtenInEntry) {
    for (Intent.Read r : intent.reads()) {
      if (writtenInEntry.contains(cfKey(r.cf(), r.key()))) return r.what();
      boolean changed;
      if (r.cf() == Cf.PARTITION_LATEST) {
        var latest = PartitionTimes.latest(snap, r.key()); // one plain newest time, not versions
        changed = latest.isPresent() && latest.getAsLong() > intent.snapshotMicros();
      } else {
        changed = Mvcc.writtenAfter(snap, r.cf(), r.key(), intent.snapshotMicros());
      }
      if (changed) return r.what();
    }
    return null;
  }

  private static ByteKey cfKey(Cf cf, byte[] key) {
    byte[] k = new byte[key.length + 1];
    k[0] = (byte) cf.ordinal();
    System.arraycopy(key, 0, k, 1, key.length);
    return new ByteKey(k);
  }
}
