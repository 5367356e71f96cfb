package io.faunus.log.ratis;

import io.faunus.log.CommitClock;
import io.faunus.log.CommitLog;
import io.faunus.log.Entry;
import io.faunus.log.EntryCodec;
import io.faunus.log.Intent;
import io.faunus.log.ListenedLog;
import io.faunus.log.Outcome;
import io.faunus.log.Pending;
import io.faunus.log.StartPhases;
import io.faunus.storage.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The replicated {@link CommitLog}: one Raft group (Apache Ratis) whose state machine applies entries with
 * the {@link io.faunus.log.Applier} to every replica's own RocksDB store.
 *
 * <p>Writes: a local batcher groups this node's intents into entries (group commit), stamps each with this
 * node's clock as its proposed time, and sends it through a Ratis client, which finds the leader. The leader
 * appends it, a quorum makes it durable, every replica applies it; the submitter completes each intent only
 * once its own replica has applied the entry, so a client reading from this node next sees its write.
 *
 * <p>Reads: {@link #beginRead} is a ReadIndex read through this node's own server (linearizable on a
 * follower too): it returns the last commit time applied here once everything committed before the call is.
 * The event-loop path ({@link #tryBeginRead}) never waits on the network, so it always declines.
 */
public final class RatisLog extends ListenedLog {
  /** Every node of a Faunus cluster is in this one Raft group. */
  static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(UUID.fromString("6661756e-7573-4000-8000-000000000001"));
  /** Intents waiting to be sent; beyond this, writers are refused with {@link Refusal#BUSY}. */
  public static final int QUEUE_MAX = 4096;
  /** Entries sent and not yet answered, at most: bounds memory and lets later entries batch up meanwhile. */
  static final int IN_FLIGHT_MAX = 8;
  /** An entry stops taking intents past this many bytes (one larger intent still goes alone). */
  static final long ENTRY_BYTES_TARGET = 4L * 1024 * 1024;

  /**
   * Ratis logs every setting it reads and every election at INFO; a node's log should show what an operator
   * acts on. Held in a field: java.util.logging keeps loggers only weakly.
   */
  private static final java.util.logging.Logger RATIS = java.util.logging.Logger.getLogger("org.apache.ratis");
  /** Its client logs every request it retries after a leader change at SEVERE; failures that matter reach us. */
  private static final java.util.logging.Logger RATIS_CLIENT = java.util.logging.Logger.getLogger("org.apache.ratis.client");

  static {
    RATIS.setLevel(java.util.logging.Level.WARNING);
    RATIS_CLIENT.setLevel(java.util.logging.Level.OFF);
  }

  private final ClusterConfig config;
  private final ReplicaEngine engine;
  private final ReplicaStateMachine machine;
  private final Introductions introductions;
  /** Set once built; read by {@link Introductions} while the server runs. */
  private volatile RaftServer server;
  private final RaftGroup raftGroup;
  /** Replaced after a failed request: see {@link #renew}. */
  private volatile RaftClient client;
  /**
   * Linearizable reads, sent to this node's own server: their attempts may take as long as the server's read
   * wait ({@link RatisProperties#readClient}), so a read that needs over a second under load is answered rather
   * than abandoned and asked again (found measuring restarts, docs/verification.md).
   */
  private final RaftClient reader;
  private final CommitClock clock;
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_MAX);
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT_MAX);
  private final Thread batcher;
  private final AtomicLong commits = new AtomicLong(), entries = new AtomicLong(), conflicts = new AtomicLong();
  /** Proposal to applied-here time of the entries confirmed: replication to a majority, their fsyncs, the apply. */
  private final AtomicLong confirmNanos = new AtomicLong();
  private volatile boolean closed;

  /**
   * {@code groupLater}: the server starts without the group (a first start: it answers its peers' surveys as
   * fresh while it surveys them itself) and {@link #open} adds the group once {@link PeerSurvey} allows it.
   */
  private RatisLog(ClusterConfig config, Path storeDir, boolean groupLater) throws IOException {
    this.config = config;
    long began = StartPhases.begin();
    this.engine = new ReplicaEngine(storeDir);
    StartPhases.done("store-open", began, "RocksDB in " + storeDir);
    HeardFrom heard = HeardFrom.of(config.raftDir());
    this.machine = new ReplicaStateMachine(engine, listeners, heard);
    this.introductions = new Introductions(config.self(), config.peers(), this::configuration);
    List<RaftPeer> peers = new ArrayList<>();
    config.peers().forEach((id, address) -> peers.add(RaftPeer.newBuilder().setId(id).setAddress(address).build()));
    RaftGroup group = RaftGroup.valueOf(GROUP_ID, peers);
    RaftServer.Builder builder = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(config.self()))
        .setStateMachine(machine)
        .setProperties(RatisProperties.server(config))
        .setParameters(RecordingRpc.parameters(heard, introductions))
        .setOption(RaftStorage.StartupOption.RECOVER); // reuse the stored log, or create it the first time
    // A joining node starts outside the group (a member adds it); a stored configuration wins over both.
    if (!groupLater) builder.setGroup(config.join() ? RaftGroup.valueOf(GROUP_ID) : group);
    this.server = builder.build();
    this.raftGroup = group;
    this.client = newClient();
    this.reader = RaftClient.newBuilder().setProperties(RatisProperties.readClient()).setRaftGroup(group)
        .setRetryPolicy(RatisProperties.retryPolicy()).build();
    this.clock = CommitClock.system(machine.lastCommitMicros());
    this.batcher = new Thread(this::run, "faunus-raft-batcher");
    this.batcher.setDaemon(true);
  }

  /** The group's current membership configuration here, or null while this node is outside the group. */
  private org.apache.ratis.server.RaftConfiguration configuration() {
    RaftServer s = server;
    if (s == null) return null;
    try {
      return s.getDivision(GROUP_ID).getRaftConf();
    } catch (IOException e) {
      return null;
    }
  }

  private RaftClient newClient() {
    return RaftClient.newBuilder().setProperties(RatisProperties.client()).setRaftGroup(raftGroup)
        .setRetryPolicy(RatisProperties.retryPolicy()).build();
  }

  /**
   * Replaces a client that failed a request. Ratis's ordered asynchronous API fails every later request of a
   * client once one request ran out of retries (its sliding window stays failed), so without this a node that
   * lost its quorum for 5 s would refuse writes until restarted (found by {@code faunus verify}, partitions).
   */
  private void renew(RaftClient failed) {
    synchronized (this) {
      if (client != failed || closed) return;
      client = newClient();
    }
    closeQuietly(failed);
  }

  /**
   * Opens the store in {@code storeDir} and starts this node's Raft server; the cluster forms as peers start.
   * With an empty Raft directory, {@link StartGate} decides first (and may throw {@link StartRefusedException}):
   * a member that lost its data must not come back as a voter under its old identity.
   */
  public static RatisLog open(ClusterConfig config, Path storeDir) {
    boolean fresh = !StartGate.hasRaftState(config.raftDir());
    if (fresh && config.start() == StartMode.EXISTING) throw new StartRefusedException(StartGate.noStateMessage(config));
    if (fresh && config.start() == StartMode.JOIN) PeerSurvey.await(config, StartMode.JOIN); // before it can vote
    boolean groupLater = fresh && config.start() == StartMode.BOOTSTRAP;
    RatisLog log = null;
    try {
      log = new RatisLog(config, storeDir, groupLater);
      long began = StartPhases.begin();
      log.server.start();
      StartPhases.done("raft-server-start", began, "Raft log loaded: " + log.describe());
      if (groupLater) {
        began = StartPhases.begin();
        PeerSurvey.await(config, StartMode.BOOTSTRAP);
        log.addGroup();
        StartPhases.done("bootstrap-survey", began);
      }
      log.introductions.introduceToAll();
      log.batcher.start();
      return log;
    } catch (IOException e) {
      if (log != null) log.close();
      throw new UncheckedIOException("could not start the Raft server of " + config.self(), e);
    } catch (RuntimeException e) {
      if (log != null) log.close();
      throw e;
    }
  }

  /** Creates the group's storage (formatted: the directory was empty) and joins this server to it. */
  private void addGroup() throws IOException {
    RaftClientReply reply = server.groupManagement(GroupManagementRequest.newAdd(ClientId.randomId(),
        RaftPeerId.valueOf(config.self()), 0, raftGroup, true));
    if (!reply.isSuccess()) throw new IOException("could not create the Raft group: " + reply.getException(), reply.getException());
  }

  /** The store this replica applies to; the node reads from it. */
  public Engine engine() {
    return engine;
  }

  @Override
  public Submission submit(Intent intent) {
    return Pending.enqueue(queue, closed, intent);
  }

  private void run() {
    while (!closed) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) continue;
        List<Pending> group = new ArrayList<>();
        group.add(first);
        long bytes = first.intent().sizeBytes();
        for (Pending p; group.size() < Entry.INTENTS_MAX && bytes < ENTRY_BYTES_TARGET && (p = queue.peek()) != null; ) {
          if (bytes + p.intent().sizeBytes() > ENTRY_BYTES_TARGET) break;
          group.add(queue.poll());
          bytes += p.intent().sizeBytes();
        }
        inFlight.acquire();
        send(group);
      } catch (InterruptedException e) {
        if (closed) break;
      }
    }
    fail(new ArrayList<>(queue), new UnavailableException("The node is shutting down.", null));
  }

  private void send(List<Pending> group) {
    List<Intent> intents = new ArrayList<>(group.size());
    for (Pending p : group) intents.add(p.intent());
    Entry entry = new Entry(clock.tick(), intents);
    long sentNanos = System.nanoTime();
    CompletableFuture<RaftClientReply> sent;
    RaftClient sender = client;
    try {
      sent = sender.async().send(Message.valueOf(ByteString.copyFrom(EntryCodec.encode(entry))));
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.thenCompose(reply -> {
      if (!reply.isSuccess()) throw new UnavailableException("the cluster refused the write: " + reply.getException(), reply.getException());
      Replies.Reply r = Replies.decode(reply.getMessage().getContent().asReadOnlyByteBuffer());
      return machine.whenApplied(r.index()).thenApply(v -> r);
    }).orTimeout(RatisProperties.REQUEST_DEADLINE_MS * 2, TimeUnit.MILLISECONDS).whenComplete((r, error) -> {
      inFlight.release();
      entries.incrementAndGet();
      if (error != null) {
        renew(sender);
        fail(group, new UnavailableException("The cluster did not confirm the write in time (no quorum reachable "
            + "from this node?); it may or may not have committed.", error));
        return;
      }
      long took = System.nanoTime() - sentNanos;
      confirmNanos.addAndGet(took);
      observer.written(group.size(), took);
      assert r.outcomes().size() == group.size() : "one outcome per intent";
      for (int i = 0; i < group.size(); i++) {
        Outcome o = r.outcomes().get(i);
        if (o instanceof Outcome.Committed c) {
          commits.incrementAndGet();
          clock.advanceTo(c.commitMicros());
        } else if (o instanceof Outcome.Conflict) {
          conflicts.incrementAndGet();
        }
        group.get(i).result().complete(o);
      }
    });
  }

  private static void fail(List<Pending> group, RuntimeException e) {
    for (Pending p : group) p.result().completeExceptionally(e);
  }

  @Override
  public long beginRead() {
    return LinearizableRead.await(readServer, RatisProperties.REQUEST_DEADLINE_MS);
  }

  /**
   * Reads ask this node's own server. Unordered: no sliding window that one failure could leave failed, so the
   * reader is never renewed; one attempt may last a whole read wait, so the deadline is kept by
   * {@link LinearizableRead} ("503 within about 5 s"), as are the retries of refusals that come back at once.
   */
  private final LinearizableRead.Server readServer = new LinearizableRead.Server() {
    @Override
    public CompletableFuture<Long> send() {
      try {
        return reader.async().sendReadOnlyUnordered(Message.EMPTY, RaftPeerId.valueOf(config.self())).thenApply(reply -> {
          if (!reply.isSuccess()) throw new java.util.concurrent.CompletionException(reply.getException());
          return reply.getMessage().getContent().asReadOnlyByteBuffer().getLong();
        });
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public LinearizableRead.Leadership leadership() {
      try {
        DivisionInfo info = server.getDivision(GROUP_ID).getInfo();
        RaftPeerId leader = info.getLeaderId();
        return new LinearizableRead.Leadership(info.getCurrentTerm(), leader == null ? null : leader.toString());
      } catch (IOException e) {
        return new LinearizableRead.Leadership(-1, null); // not in the group yet (a joining node)
      }
    }
  };

  /** Waits (polling: a local read is expected to find its time already applied) for the client's time. */
  @Override
  public OptionalLong beginLocalRead(long notBeforeMicros, long waitNanos) throws InterruptedException {
    long deadline = System.nanoTime() + waitNanos;
    while (machine.lastCommitMicros() < notBeforeMicros) {
      if (System.nanoTime() >= deadline) return OptionalLong.empty();
      Thread.sleep(1);
    }
    return OptionalLong.of(machine.lastCommitMicros());
  }

  @Override
  public boolean localReadsByDefault() {
    return config.localReads();
  }

  /** Never without the network: the event loop declines and the query runs on a query thread. */
  @Override
  public OptionalLong tryBeginRead() {
    return OptionalLong.empty();
  }

  /** Reads are linearizable, so they already see every commit a client can have seen. */
  @Override
  public void observe(long micros) {}

  @Override
  public Stats stats() {
    return new Stats(commits.get(), entries.get(), confirmNanos.get(), queue.size(), conflicts.get());
  }

  @Override
  public Status status() {
    try {
      RaftServer.Division d = server.getDivision(GROUP_ID);
      DivisionInfo info = d.getInfo();
      RaftPeerId leader = info.getLeaderId();
      return new Status(config.self(), info.getCurrentRole().name(), info.getCurrentTerm(),
          leader == null ? null : leader.toString(), d.getRaftLog().getLastCommittedIndex(),
          machine.appliedIndex(), machine.lastCommitMicros());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #status} for a log line; says so when this node is not in the group yet (a first start, --join). */
  public String describe() {
    try {
      Status s = status();
      return "role " + s.role() + ", term " + s.term() + ", leader " + s.leader() + ", commit index " + s.commitIndex()
          + ", applied index " + s.appliedIndex();
    } catch (UncheckedIOException | IllegalStateException e) {
      return "not in the group yet";
    }
  }

  /** Adds a member, which must be running with {@code --join}; returns once the cluster committed the change. */
  public void addPeer(String id, String address) throws IOException {
    ClusterConfig.number(id);
    ClusterConfig.address(address);
    List<RaftPeer> peers = new ArrayList<>(currentPeers());
    for (RaftPeer p : peers) {
      if (p.getId().toString().equals(id)) throw new IllegalArgumentException("node " + id + " is already a member");
      if (ClusterConfig.number(p.getId().toString()) == ClusterConfig.number(id)) {
        throw new IllegalArgumentException("node ids " + p.getId() + " and " + id + " share a number");
      }
    }
    peers.add(RaftPeer.newBuilder().setId(id).setAddress(address).build());
    reconfigure(peers);
  }

  /** Removes a member; the cluster keeps serving if the rest still form a majority of the new membership. */
  public void removePeer(String id) throws IOException {
    List<RaftPeer> peers = new ArrayList<>(currentPeers());
    if (!peers.removeIf(p -> p.getId().toString().equals(id))) throw new IllegalArgumentException("node " + id + " is not a member");
    if (peers.isEmpty()) throw new IllegalArgumentException("the last member cannot be removed");
    reconfigure(peers);
  }

  /** The current members, {@code id=host:port}, as this node knows them. */
  public List<String> members() throws IOException {
    List<String> out = new ArrayList<>();
    for (RaftPeer p : currentPeers()) out.add(p.getId() + "=" + p.getAddress());
    return out;
  }

  @Override
  public boolean member() {
    try {
      RaftPeerId self = RaftPeerId.valueOf(config.self());
      return currentPeers().stream().anyMatch(p -> p.getId().equals(self));
    } catch (IOException | IllegalStateException e) {
      return false; // not in the group yet
    }
  }

  private List<RaftPeer> currentPeers() throws IOException {
    return new ArrayList<>(server.getDivision(GROUP_ID).getRaftConf().getCurrentPeers());
  }

  /**
   * A membership change through its own client: the leader first brings a new member up to date, which can
   * take longer than a write may, and a retry while that runs would be refused as "in progress".
   */
  private void reconfigure(List<RaftPeer> peers) throws IOException {
    try (RaftClient admin = RaftClient.newBuilder().setProperties(RatisProperties.adminClient())
        .setRaftGroup(RaftGroup.valueOf(GROUP_ID, currentPeers())).setRetryPolicy(RatisProperties.adminRetryPolicy())
        .build()) {
      RaftClientReply reply = admin.admin().setConfiguration(peers);
      if (!reply.isSuccess()) throw new IOException("the cluster refused the change: " + reply.getException(), reply.getException());
    }
  }

  @Override
  public void close() {
    closed = true;
    join(batcher);
    closeQuietly(client);
    closeQuietly(reader);
    closeQuietly(server);
    engine.close();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      System.err.println("faunus: error while closing the Raft " + c.getClass().getSimpleName() + ": " + e);
    }
  }
}
