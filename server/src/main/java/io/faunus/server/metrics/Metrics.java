package io.faunus.server.metrics;

import io.faunus.model.query.NodeMetrics;
import io.faunus.model.query.QueryEngine;
import io.faunus.model.query.QueryOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The node's meters, scraped as Prometheus text at GET /metrics. Every name starts with {@code faunus_}
 * (JVM and process meters too, renamed), so one prefix selects the node's series; the names are listed in
 * docs/operations.md ("Metrics") and are a contract with dashboards and the web console: keep them stable.
 */
public final class Metrics implements AutoCloseable {
  static final String PREFIX = "faunus.";
  /** Latency buckets from 1 ms to 60 s: a query is rarely faster, and 600 s is the longest allowed. */
  private static final Duration LATENCY_MIN = Duration.ofMillis(1);
  private static final Duration LATENCY_MAX = Duration.ofSeconds(60);
  /** Label values come from a closed set (endpoints, statuses, error codes); this bounds them anyway. */
  static final int SERIES_PER_METER_MAX = 512;

  private final QueryEngine engine;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Timer> requests = new ConcurrentHashMap<>();
  private final Map<String, Counter> queries = new ConcurrentHashMap<>();
  /** Listens to GC notifications until closed. */
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Counter readOps;
  private final Counter writeOps;
  private final Counter computeOps;
  private final Counter contentionRetries;
  /** The node's figures, or null for an engine that keeps none. */
  private final NodeSampler sampler;

  private Metrics(QueryEngine engine) {
    this.engine = engine;
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return id.getName().startsWith(PREFIX) ? id : id.withName(PREFIX + id.getName());
      }
    });
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    readOps = Counter.builder("faunus.query.ops").tag("kind", "read").description("Read ops charged to queries").register(registry);
    writeOps = Counter.builder("faunus.query.ops").tag("kind", "write").description("Write ops charged to queries").register(registry);
    computeOps = Counter.builder("faunus.query.ops").tag("kind", "compute").description("Compute ops charged to queries").register(registry);
    contentionRetries = Counter.builder("faunus.query.contention.retries")
        .description("Times a query was run again because what it read changed before it committed").register(registry);
    sampler = engine.metrics().map(first -> node(engine, new NodeSampler(engine, first), first)).orElse(null);
  }

  public static Metrics create(QueryEngine engine) {
    return new Metrics(engine);
  }

  /** The node's own figures, read through one sample per scrape. */
  private NodeSampler node(QueryEngine engine, NodeSampler s, NodeMetrics first) {
    DistributionSummary groupSize = DistributionSummary.builder("faunus.group.commit.size")
        .description("Transactions per log entry (group commit); alone, committed or refused, per fsync")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);
    Timer entryTime = Timer.builder("faunus.log.entry.write")
        .description("Per log entry: alone, the storage write with its fsync; in a cluster, proposal to applied here")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(LATENCY_MAX)
        .register(registry);
    engine.setEntryObserver((intents, nanos) -> {
      groupSize.record(intents);
      entryTime.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    });
    counter("faunus.commits", "Transactions committed", s, m -> m.commits());
    counter("faunus.log.entries", "Log entries written, each one fsync when durable (commits / entries = group-commit size)", s, m -> m.batches());
    FunctionCounter.builder("faunus.storage.write.seconds", s, x -> x.get().writeNanos() / 1e9)
        .description("Time spent writing log entries to storage, fsync included").register(registry);
    counter("faunus.commit.conflicts", "Commits refused because what they read had changed (contention)", s, m -> m.conflicts());
    gauge("faunus.commit.queue.depth", "Transactions waiting to be ordered by the log", () -> s.get().queuedCommits());
    gauge("faunus.raft.term", "Raft term (0 alone)", () -> s.get().term());
    gauge("faunus.raft.commit.index", "Log index known committed", () -> s.get().commitIndex());
    gauge("faunus.raft.applied.index", "Log index applied to storage on this node", () -> s.get().appliedIndex());
    gauge("faunus.raft.apply.lag", "Committed log entries not yet applied on this node",
        () -> Math.max(0, s.get().commitIndex() - s.get().appliedIndex()));
    for (String role : new String[] {"LEADER", "FOLLOWER", "CANDIDATE", "LISTENER", "SINGLE"}) {
      Gauge.builder("faunus.raft.role", s, x -> role.equals(x.get().role()) ? 1 : 0).tag("role", role.toLowerCase())
          .description("1 for this node's Raft role (single: not in a cluster)").register(registry);
    }
    for (String property : first.storage().keySet()) {
      String name = "faunus." + property.replace('-', '.'); // rocksdb.estimate-num-keys → faunus_rocksdb_estimate_num_keys
      Gauge.builder(name, s, x -> x.get().storage().getOrDefault(property, 0L)).description("RocksDB " + property + " (docs/operations.md, Metrics)").register(registry);
    }
    return s;
  }

  private void counter(String name, String help, NodeSampler s, ToDoubleFunction<NodeMetrics> f) {
    FunctionCounter.builder(name, s, x -> f.applyAsDouble(x.get())).description(help).register(registry);
  }

  /** A figure read when scraped (open connections, queue depths). */
  public void gauge(String name, String help, Supplier<Number> value) {
    Gauge.builder(name, value).description(help).register(registry);
  }

  /** One HTTP request answered: {@code endpoint} is the route's name (query, ping, ...), not the raw path. */
  public void request(String endpoint, int status, long nanos) {
    String key = endpoint + " " + status;
    Timer t = requests.get(key);
    if (t == null) {
      if (requests.size() >= SERIES_PER_METER_MAX) return;
      t = requests.computeIfAbsent(key, k -> Timer.builder("faunus.requests").tag("endpoint", endpoint)
          .tag("status", Integer.toString(status)).description("HTTP requests by endpoint and status, with latency")
          .publishPercentileHistogram().minimumExpectedValue(LATENCY_MIN).maximumExpectedValue(LATENCY_MAX)
          .register(registry));
    }
    t.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** One query's outcome: its result code ({@code ok} or the error code) and the ops it was charged. */
  public void query(String endpoint, QueryOutcome outcome) {
    answered(endpoint, outcome.resultCode(), outcome.statsOrZero());
  }

  /** One request of a query-like endpoint (query, feed, schema): its result code and what it cost. */
  public void answered(String endpoint, String code, QueryOutcome.Stats st) {
    String key = endpoint + " " + code;
    Counter c = queries.get(key);
    if (c == null) {
      if (queries.size() >= SERIES_PER_METER_MAX) return;
      c = queries.computeIfAbsent(key, k -> Counter.builder("faunus.queries").tag("endpoint", endpoint).tag("code", code)
          .description("Queries by endpoint and result code").register(registry));
    }
    c.increment();
    readOps.increment(st.readOps());
    writeOps.increment(st.writeOps());
    computeOps.increment(st.computeOps());
    contentionRetries.increment(st.contentionRetries());
  }

  /** Every meter in the Prometheus text format (version 0.0.4). */
  public String scrape() {
    if (sampler != null) sampler.refresh();
    return registry.scrape();
  }

  @Override
  public void close() {
    engine.setEntryObserver(io.faunus.log.CommitLog.EntryObserver.NONE);
    gc.close();
    registry.close();
  }

  /** For tests: the registry's meters. */
  java.util.List<Meter> meters() {
    return registry.getMeters();
  }
}
