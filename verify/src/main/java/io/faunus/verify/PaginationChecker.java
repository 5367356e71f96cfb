package io.faunus.verify;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pagination: following a set's cursors reads one snapshot (the first page's), however the set changes
 * meanwhile. Writes conserve the number of documents (one per slot) and the sum of their values, and move
 * documents across the scan order, so a scan stitched from several snapshots shows a slot twice or never, or
 * a wrong sum.
 */
final class PaginationChecker implements Checker<PageOp> {
  private final int slots;
  private final int moveOffset;
  private final long total;

  PaginationChecker(int slots, int moveOffset, long total) {
    this.slots = slots;
    this.moveOffset = moveOffset;
    this.total = total;
  }

  @Override
  public Verdict check(History<PageOp> history) {
    List<Verdict.Anomaly> found = new ArrayList<>();
    int scans = 0, multiPage = 0;
    for (Pair<PageOp> p : history.pairs()) {
      if (!p.ok() || !(p.completion().value() instanceof PageOp.Scan s)) continue;
      scans++;
      if (s.pages() > 1) multiPage++;
      int at = p.invoke().index();
      Set<Long> seen = new HashSet<>();
      List<Long> twice = new ArrayList<>();
      long sum = 0;
      for (int i = 0; i < s.ids().size(); i++) {
        long slot = s.ids().get(i) % moveOffset;
        if (!seen.add(slot)) twice.add(slot);
        sum += s.values().get(i);
      }
      String where = "scan " + at + " (node " + p.invoke().node() + ", " + s.pages() + " pages)";
      if (!twice.isEmpty()) {
        found.add(new Verdict.Anomaly("pagination-duplicate", where + " saw slots " + twice + " twice: ids " + s.ids(), List.of(at)));
      }
      if (seen.size() != slots) {
        found.add(new Verdict.Anomaly("pagination-missing", where + " saw " + seen.size() + " of " + slots + " slots: ids "
            + s.ids(), List.of(at)));
      }
      if (sum != total) {
        found.add(new Verdict.Anomaly("pagination-sum", where + " saw a total of " + sum + ", not " + total, List.of(at)));
      }
    }
    return Verdict.of(found, multiPage == 0, Map.of("scans", scans, "scans_of_several_pages", multiPage));
  }
}
