package io.faunus.model.query;

/**
 * What an operator sees of one node (GET /admin/status, {@code ./faunus admin status}).
 *
 * @param node             the node's id ("single" for a node without peers)
 * @param role             LEADER, FOLLOWER, CANDIDATE, LISTENER, or SINGLE
 * @param term             the Raft term (0 alone)
 * @param leader           the leader's id as this node knows it, or null
 * @param commitIndex      the last log index this node knows committed
 * @param appliedIndex     the last log index applied to this node's store
 * @param lastCommitMicros the commit time of the last entry applied here
 * @param digest           SHA-256 (hex) of the store's data at {@code digestIndex}, or null when not asked
 * @param digestIndex      the applied index the digest was taken at (-1 without a digest)
 */
public record NodeStatus(String node, String role, long term, String leader, long commitIndex, long appliedIndex,
                         long lastCommitMicros, String digest, long digestIndex) {}
