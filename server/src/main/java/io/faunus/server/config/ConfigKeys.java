package io.faunus.server.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every key of {@code faunus.yml}, with the flag of {@code faunus start} that overrides it. The defaults
 * live beside the flags (picocli annotations); docs/configuration.md lists both, and a test checks that
 * every option of {@code faunus start} has a key here and every key is documented.
 */
public final class ConfigKeys {
  private ConfigKeys() {}

  /** The option that names the file; read before anything else, so it is not itself a key. */
  public static final String CONFIG_FLAG = "--config";
  public static final String CONFIG_ENV = "FAUNUS_CONFIG";

  public static final List<ConfigKey> ALL = List.of(
      k("listen.host", "--host", ConfigKey.Type.STRING),
      k("listen.port", "--port", ConfigKey.Type.INT),
      k("listen.transport", "--transport", ConfigKey.Type.STRING),
      k("tls.cert", "--tls-cert", ConfigKey.Type.PATH),
      k("tls.key", "--tls-key", ConfigKey.Type.PATH),
      k("cors_origins", "--cors-origin", ConfigKey.Type.LIST),
      k("data.dir", "--data-dir", ConfigKey.Type.PATH),
      k("data.memory", "--memory", ConfigKey.Type.BOOL),
      k("root_secret", "--root-secret", ConfigKey.Type.STRING),
      k("limits.idle_timeout_ms", "--idle-timeout-ms", ConfigKey.Type.LONG),
      k("limits.request_read_timeout_ms", "--request-read-timeout-ms", ConfigKey.Type.LONG),
      k("limits.max_connections", "--max-connections", ConfigKey.Type.INT),
      k("limits.max_streams", "--max-streams", ConfigKey.Type.INT),
      k("limits.shutdown_drain_ms", "--shutdown-drain-ms", ConfigKey.Type.LONG),
      k("rate_limits.read_ops", "--rate-limit-read-ops", ConfigKey.Type.LONG),
      k("rate_limits.write_ops", "--rate-limit-write-ops", ConfigKey.Type.LONG),
      k("rate_limits.compute_ops", "--rate-limit-compute-ops", ConfigKey.Type.LONG),
      k("jwks", "--jwks", ConfigKey.Type.MAP),
      k("cluster.node_id", "--node-id", ConfigKey.Type.STRING),
      k("cluster.peers", "--peers", ConfigKey.Type.STRING),
      k("cluster.raft_port", "--raft-port", ConfigKey.Type.INT),
      k("cluster.raft_listen", "--raft-listen", ConfigKey.Type.STRING),
      k("cluster.bootstrap", "--bootstrap", ConfigKey.Type.BOOL),
      k("cluster.join", "--join", ConfigKey.Type.BOOL),
      k("cluster.read_mode", "--read-mode", ConfigKey.Type.STRING),
      k("cluster.raft_snapshot_every", "--raft-snapshot-every", ConfigKey.Type.LONG),
      k("cluster.raft_segment_bytes", "--raft-segment-bytes", ConfigKey.Type.LONG),
      k("metrics.public", "--metrics-public", ConfigKey.Type.BOOL),
      k("console.enabled", "--console", ConfigKey.Type.BOOL),
      k("log.format", "--log-format", ConfigKey.Type.STRING),
      k("log.level", "--log-level", ConfigKey.Type.STRING),
      k("log.dir", "--log-dir", ConfigKey.Type.PATH),
      k("log.queries", "--log-queries", ConfigKey.Type.BOOL),
      k("log.slow_query_ms", "--slow-query-ms", ConfigKey.Type.LONG),
      k("log.max_file_bytes", "--log-max-file-bytes", ConfigKey.Type.LONG),
      k("log.max_history_days", "--log-max-history-days", ConfigKey.Type.INT),
      k("log.total_size_cap_bytes", "--log-total-size-cap-bytes", ConfigKey.Type.LONG));

  private static final Map<String, ConfigKey> BY_KEY = new LinkedHashMap<>();
  private static final Map<String, ConfigKey> BY_FLAG = new LinkedHashMap<>();

  static {
    for (ConfigKey c : ALL) {
      if (BY_KEY.put(c.key(), c) != null || BY_FLAG.put(c.flag(), c) != null) throw new AssertionError("twice: " + c);
    }
  }

  private static ConfigKey k(String key, String flag, ConfigKey.Type type) {
    return new ConfigKey(key, flag, type);
  }

  public static Optional<ConfigKey> byKey(String key) {
    return Optional.ofNullable(BY_KEY.get(key));
  }

  public static Optional<ConfigKey> byFlag(String flag) {
    return Optional.ofNullable(BY_FLAG.get(flag));
  }

  /** True when {@code prefix} is a section ({@code limits}) holding keys, so the file may nest under it. */
  static boolean isSection(String prefix) {
    String p = prefix + ".";
    return ALL.stream().anyMatch(c -> c.key().startsWith(p));
  }
}
