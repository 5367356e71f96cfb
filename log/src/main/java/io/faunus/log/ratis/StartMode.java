package io.faunus.log.ratis;

/**
 * How a member may start when its Raft directory is empty (a member with Raft state always restarts from it).
 * Raft's safety assumes a voter never forgets its log or its vote, so an empty directory is accepted only when
 * the operator says why it is empty (docs/operations.md, "Replacing a lost disk"; docs/verification.md, finding 3).
 */
public enum StartMode {
  /** Neither flag: the node must have Raft state; an empty directory is refused (a lost disk, not a first start). */
  EXISTING,
  /**
   * {@code --bootstrap}: a first start of an initial member, however late. The node asks its peers first and
   * refuses when any of them has heard from it ({@link HeardFrom}): then it took part and lost its data.
   */
  BOOTSTRAP,
  /**
   * {@code --join}: the node starts outside the group and waits until a member adds it. Refused while a peer
   * still lists it as a member (it must be removed first).
   */
  JOIN
}
