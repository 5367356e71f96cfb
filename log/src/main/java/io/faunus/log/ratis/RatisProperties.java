package io.faunus.log.ratis;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.client.retry.RequestTypeDependentRetryPolicy;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.RaftClientRequestProto.TypeCase;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** Every Ratis setting a Faunus replica uses, in one place, with the reason for each. */
final class RatisProperties {
  private RatisProperties() {}

  /** Election timeout range: a dead leader is replaced within about this long (2-core CI machines too). */
  static final long ELECTION_MIN_MS = 300, ELECTION_MAX_MS = 600;
  /** Largest log entry: one transaction may write 16 MiB (spec §8) plus its keys and the entry's framing. */
  static final SizeInBytes ENTRY_BYTES_MAX = SizeInBytes.valueOf("34MB");
  /** How long a client request (a write, a linearizable read) may take before the node answers 503. */
  static final long REQUEST_DEADLINE_MS = 5_000;
  /**
   * How long a server waits for another server's answer (a vote, an append, a follower's read index forwarded to
   * the leader).
   */
  static final long SERVER_REQUEST_TIMEOUT_MS = 2_000;
  /** How long a new member may stay silent while the leader brings it up to date (add-node). */
  static final long STAGING_TIMEOUT_MS = 60_000;

  static RaftProperties server(ClusterConfig config) {
    // The bind address, not the advertised one: they differ behind a proxy (--raft-listen).
    String listen = config.listen();
    File raftDir = config.raftDir().toFile();
    String host = listen.substring(0, listen.lastIndexOf(':'));
    int port = ClusterConfig.address(listen);
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(raftDir));
    // gRPC, with every Raft message recorded before it counts (RecordingServer: the start gate's evidence).
    RaftConfigKeys.Rpc.setType(p, new RecordingRpc());
    GrpcConfigKeys.Server.setHost(p, host); // otherwise it binds every interface
    GrpcConfigKeys.Server.setPort(p, port);
    GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf("64MB"));
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, ms(ELECTION_MIN_MS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, ms(ELECTION_MAX_MS));
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, ms(SERVER_REQUEST_TIMEOUT_MS));
    // Ratis's default backs off to one retry every 5 s for a follower that was down a while; a restarted
    // node should hear from the leader within a second.
    RaftServerConfigKeys.Log.Appender.setRetryPolicy(p, "1ms,10, 100ms,100, 1s,1000");
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, ENTRY_BYTES_MAX);
    // The write buffer must hold the largest entry plus its 8-byte header.
    RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(ENTRY_BYTES_MAX.getSize() + 1024));
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(config.segmentBytesMax()));
    RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(Math.min(config.segmentBytesMax(), 1 << 20)));
    // Linearizable reads through ReadIndex; the default answers reads from the leader's state without it.
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setTimeout(p, ms(REQUEST_DEADLINE_MS));
    // A leader holding a lease (renewed by a majority's heartbeat answers within 90% of the minimum election
    // timeout) answers a read index at once, instead of waiting for a heartbeat round (up to ~150 ms right
    // after a write). Safe while clocks do not drift apart by more than the remaining 10% in one lease.
    RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, true);
    // A node added with add-node may still be starting (a JVM, a store) or receiving a snapshot; Ratis's default
    // (3 election timeouts of silence, under 2 s) fails the membership change before it answers.
    RaftServerConfigKeys.setStagingTimeout(p, ms(STAGING_TIMEOUT_MS));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    // Entries between snapshots; the log is then purged up to the snapshot, so disk stays bounded.
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotEveryEntries());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true); // a follower further behind gets the snapshot
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, config.snapshotEveryEntries()));
    return p;
  }

  static RaftProperties client() {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf("64MB"));
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, ms(1_000));
    return p;
  }

  /**
   * The client of linearizable reads, which go to this node's own server (no other server to fail over to): one
   * attempt may take as long as the server's own read wait ({@link #REQUEST_DEADLINE_MS}: the read index from the
   * leader, then this replica's apply up to it). With the writers' 1 s, a loaded node whose read index round took
   * over a second abandoned every attempt and asked again, failing reads (and a restarted member's first read)
   * for as long as the load lasted, though a quorum answered every one of them (docs/verification.md).
   */
  static RaftProperties readClient() {
    RaftProperties p = client();
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, ms(REQUEST_DEADLINE_MS));
    return p;
  }

  /** A membership change waits while the leader brings a new member up to date. */
  static RaftProperties adminClient() {
    RaftProperties p = client();
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, ms(60_000));
    return p;
  }

  /**
   * A membership change is retried (the previous change still in progress, a leader change, a loaded leader)
   * for as long as the leader may take to stage the new member, plus a margin; 10 attempts 500 ms apart gave
   * up after 5 s under load while the new member was still catching up (docs/verification.md).
   */
  static RetryPolicy adminRetryPolicy() {
    return new DeadlineRetry(ADMIN_BUDGET_MS, 500);
  }

  /** How long add-node and remove-node keep retrying before they answer with the last refusal. */
  static final long ADMIN_BUDGET_MS = STAGING_TIMEOUT_MS + 30_000;

  /**
   * Retry (following leader changes) for at most {@link #REQUEST_DEADLINE_MS}, then fail: Ratis's default
   * retries forever, so a node cut off from a quorum would never answer.
   */
  static RetryPolicy retryPolicy() {
    RetryPolicy perAttempt = RetryPolicies.retryUpToMaximumCountWithFixedSleep(100, ms(100));
    var b = RequestTypeDependentRetryPolicy.newBuilder();
    for (TypeCase t : List.of(TypeCase.WRITE, TypeCase.READ, TypeCase.STALEREAD)) {
      b.setRetryPolicy(t, perAttempt).setTimeout(t, ms(REQUEST_DEADLINE_MS));
    }
    return b.build();
  }

  static TimeDuration ms(long v) {
    return TimeDuration.valueOf(v, TimeUnit.MILLISECONDS);
  }
}
