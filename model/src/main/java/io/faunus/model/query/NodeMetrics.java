package io.faunus.model.query;

import java.util.Map;

/**
 * A node's internal figures for monitoring (GET /metrics), read without a secret and without waiting:
 * the transport decides who may see them.
 *
 * @param commits        intents committed since start
 * @param batches        log entries written (one fsync each when durable); commits / batches is the mean
 *                       group-commit size
 * @param writeNanos     time spent writing those entries to storage (mostly fsync); 0 when not measured
 * @param queuedCommits  intents waiting to be ordered now
 * @param conflicts      intents refused because what they read had changed (each one retried or a 409)
 * @param openStreams    event streams open on this node
 * @param role           Raft role (LEADER, FOLLOWER, CANDIDATE, LISTENER) or SINGLE alone
 * @param term           Raft term (0 alone)
 * @param commitIndex    the log index known committed
 * @param appliedIndex   the log index applied to storage here
 * @param storage        storage engine properties by name (RocksDB's, e.g. rocksdb.estimate-num-keys)
 */
public record NodeMetrics(long commits, long batches, long writeNanos, long queuedCommits, long conflicts,
                          long openStreams, String role, long term, long commitIndex, long appliedIndex,
                          Map<String, Long> storage) {}
