package io.faunus.log.ratis;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftConfiguration;

/**
 * Makes a peer record this node ({@link HeardFrom}) before this node's first answer to it leaves: a vote or an
 * acknowledgement counts at the peer that asked for it, so that peer is where the fact "this node took part"
 * must be on disk first. Asked once per peer and membership configuration (a peer replaced after a lost disk
 * comes back through a configuration change, with an empty record, and is asked again).
 */
final class Introductions {
  /** How long an answer waits for the peer to confirm; then the answer fails and the peer asks again later. */
  static final long CONFIRM_MS_MAX = 2_000;
  /**
   * How long one ask may take. Longer than an answer waits: an ask that outlives the answer that started it still
   * completes, and the next answer passes at once (on a loaded machine a first ask can take seconds, and asks cut
   * at 1 s kept every election of a forming cluster failing).
   */
  static final long ASK_MS_MAX = 15_000;

  private final String self;
  private final Map<String, String> initialPeers;
  /** The current configuration, or null while this node is outside the group. */
  private final Supplier<RaftConfiguration> conf;
  /** "peer@configuration index" → the confirmation, done or under way (at most one per peer at a time). */
  private final Map<String, CompletableFuture<Void>> confirmed = new ConcurrentHashMap<>();
  /**
   * Asks from its own thread: a call made on a gRPC handler's thread inherits that call's context and is
   * cancelled with it (a vote request is given up after an election timeout), so a first confirmation slower
   * than that would never finish, and no leader would ever be elected. At most one ask per peer is under way
   * ({@link #confirmed}), so the threads are bounded by the membership.
   */
  private static final java.util.concurrent.Executor ASKER = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "faunus-raft-introductions");
    t.setDaemon(true);
    return t;
  });

  /** Tells {@code peer} (at its address, or null when unknown) to record this node; blocking. */
  @FunctionalInterface
  interface Asker {
    CompletableFuture<Void> ask(String peer, RaftConfiguration c);
  }

  private final Asker asker;

  Introductions(String self, Map<String, String> initialPeers, Supplier<RaftConfiguration> conf) {
    this(self, initialPeers, conf, null);
  }

  /** {@code asker}: null for the real one (a stale read to the peer's state machine); tests pass their own. */
  Introductions(String self, Map<String, String> initialPeers, Supplier<RaftConfiguration> conf, Asker asker) {
    this.self = self;
    this.initialPeers = Map.copyOf(initialPeers);
    this.conf = conf;
    this.asker = asker == null ? this::ask : asker;
  }

  private static String key(String peer, RaftConfiguration c) {
    return peer + "@" + (c == null ? -1 : c.getLogEntryIndex());
  }

  /** True when {@code peer} already confirmed it has this node on disk (under the current configuration). */
  boolean confirmed(String peer) {
    CompletableFuture<Void> known = confirmed.get(key(peer, conf.get()));
    return known != null && known.isDone() && !known.isCompletedExceptionally();
  }

  /** Completes once {@code peer} has this node on disk; fails when it could not be told in time. */
  CompletableFuture<Void> ensure(String peer) {
    RaftConfiguration c = conf.get();
    String key = key(peer, c);
    CompletableFuture<Void> known = confirmed.get(key);
    if (known != null) return known;
    CompletableFuture<Void> fresh = new CompletableFuture<>();
    CompletableFuture<Void> f = confirmed.putIfAbsent(key, fresh);
    if (f != null) return f;
    // Started only once in the map, and removed outside of any map operation: a failure may come at once.
    CompletableFuture.supplyAsync(() -> asker.ask(peer, c), ASKER).thenCompose(x -> x).whenComplete((v, e) -> {
      if (e != null) confirmed.remove(key, fresh); // ask again next time
      if (e != null) fresh.completeExceptionally(e);
      else fresh.complete(null);
    });
    return fresh;
  }

  /**
   * Once this node is in the group: tells every other member of the configuration now, so that its first
   * answers need not wait (failures are retried when an answer needs them).
   */
  void introduceToAll() {
    RaftConfiguration c = conf.get();
    if (c == null) return;
    for (RaftPeer p : c.getAllPeers()) {
      if (!p.getId().toString().equals(self)) ensure(p.getId().toString());
    }
  }

  void ensureNow(String peer) throws IOException {
    try {
      ensure(peer).get(CONFIRM_MS_MAX, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + peer + " recorded " + self, e);
    } catch (Exception e) {
      // No cause: Ratis serializes the exception into the gRPC answer, and gRPC's own exceptions do not serialize.
      throw new IOException(peer + " did not confirm that it recorded " + self + " yet: " + e);
    }
  }

  /** Runs on {@link #ASKER}: a blocking call (the asynchronous client logs every failure at ERROR). */
  private CompletableFuture<Void> ask(String peer, RaftConfiguration c) {
    RaftPeer target = c == null ? null : c.getPeer(RaftPeerId.valueOf(peer));
    String address = target != null ? target.getAddress() : initialPeers.get(peer);
    if (address == null) return CompletableFuture.failedFuture(new IOException(peer + " has no known address"));
    RaftProperties properties = RatisProperties.client();
    RaftClientConfigKeys.Rpc.setRequestTimeout(properties, RatisProperties.ms(ASK_MS_MAX));
    try (RaftClient client = RaftClient.newBuilder().setProperties(properties)
        .setRaftGroup(RaftGroup.valueOf(RatisLog.GROUP_ID, RaftPeer.newBuilder().setId(peer).setAddress(address).build()))
        .setRetryPolicy(RetryPolicies.noRetry()).build()) {
      RaftClientReply reply = client.io().sendStaleRead(HeardMessages.record(self), -1, RaftPeerId.valueOf(peer));
      if (!reply.isSuccess()) throw new IOException(String.valueOf(reply.getException()), reply.getException());
      if (!HeardMessages.ids(reply.getMessage()).map(ids -> ids.contains(self)).orElse(false)) {
        throw new IOException(peer + " answered without recording " + self);
      }
      return CompletableFuture.completedFuture(null);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(new IOException("could not tell " + peer + " to record " + self + ": " + e));
    }
  }
}
