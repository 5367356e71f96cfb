package io.faunus.verify;

import java.util.List;

/**
 * Operations of the pagination workload. Each of {@value PaginationWorkload#SLOTS} slots is one document
 * that lives at id {@code slot} or {@code slot + MOVE_OFFSET}; writes move value between slots and move
 * documents between their two ids (across the scan order), and scans page through the whole collection.
 */
sealed interface PageOp {
  /** Moves {@code amount} from one slot's document to another's (abort when it would go negative). */
  record Transfer(int from, int to, long amount) implements PageOp {}

  /** Deletes the slot's document and recreates it, same value, at its other id. */
  record Move(int slot) implements PageOp {}

  /**
   * Pages through the collection with cursors: {@code ids} and {@code values} of every document seen, in
   * order, and the number of pages; all null/0 in the invocation.
   */
  record Scan(List<Long> ids, List<Long> values, int pages) implements PageOp {}
}
