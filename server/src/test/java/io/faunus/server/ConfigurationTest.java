package io.faunus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faunus.server.config.ConfigException;
import io.faunus.server.config.ConfigKey;
import io.faunus.server.config.ConfigKeys;
import io.faunus.server.config.ConfigSources;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** faunus.yml, FAUNUS_* and flags: precedence, and errors that name the key (docs/configuration.md). */
class ConfigurationTest {
  @TempDir
  Path dir;

  private Main.Start parse(Map<String, String> env, String... args) {
    ConfigSources sources = ConfigSources.load(args, env);
    CommandLine.ParseResult r = Main.commandLine(sources).parseArgs(args);
    return (Main.Start) r.subcommand().commandSpec().userObject();
  }

  private Path file(String yaml) throws Exception {
    Path f = dir.resolve("faunus.yml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void defaultsThenFileThenEnvironmentThenFlags() throws Exception {
    Path f = file("""
        listen:
          port: 9001
          host: 0.0.0.0
        root_secret: from-file
        limits:
          max_connections: 77
          idle_timeout_ms: 5000
        cors_origins: [https://a.example, https://b.example]
        data: {memory: true}
        rate_limits: {read_ops: 10}
        log: {queries: true, slow_query_ms: 250, format: json}
        metrics: {public: true}
        """);
    Main.Start none = parse(Map.of(), "start");
    assertThat(none.basics.port).isEqualTo(8443);
    assertThat(none.basics.rootSecret).isEqualTo("secret");
    assertThat(none.maxConnections).isEqualTo(4096);
    assertThat(none.memory).isFalse();
    assertThat(none.metricsPublic).isFalse();

    Main.Start fromFile = parse(Map.of(), "start", "--config", f.toString());
    assertThat(fromFile.basics.port).isEqualTo(9001);
    assertThat(fromFile.host).isEqualTo("0.0.0.0");
    assertThat(fromFile.basics.rootSecret).isEqualTo("from-file");
    assertThat(fromFile.maxConnections).isEqualTo(77);
    assertThat(fromFile.idleTimeoutMs).isEqualTo(5000);
    assertThat(fromFile.corsOrigins).containsExactly("https://a.example", "https://b.example");
    assertThat(fromFile.memory).isTrue();
    assertThat(fromFile.readOpsPerSecond).isEqualTo(10);
    assertThat(fromFile.metricsPublic).isTrue();
    assertThat(fromFile.logOptions.settings().queries()).isTrue();
    assertThat(fromFile.logOptions.settings().slowQueryMs()).isEqualTo(250);

    Map<String, String> env = Map.of("FAUNUS_LISTEN_PORT", "9002", "FAUNUS_ROOT_SECRET", "from-env",
        "FAUNUS_CONFIG", f.toString());
    Main.Start fromEnv = parse(env, "start");
    assertThat(fromEnv.basics.port).isEqualTo(9002);
    assertThat(fromEnv.basics.rootSecret).isEqualTo("from-env");
    assertThat(fromEnv.maxConnections).as("still from the file").isEqualTo(77);

    Main.Start fromFlags = parse(env, "start", "--port", "9003", "--max-connections", "5", "--cors-origin", "https://c.example");
    assertThat(fromFlags.basics.port).isEqualTo(9003);
    assertThat(fromFlags.maxConnections).isEqualTo(5);
    assertThat(fromFlags.corsOrigins).containsExactly("https://c.example");
    assertThat(fromFlags.basics.rootSecret).as("flag absent: environment").isEqualTo("from-env");
  }

  @Test
  void clusterCommandSharesTheFileKeys() throws Exception {
    Path f = file("listen: {port: 7000}\nroot_secret: s3\nlog: {dir: /var/log/faunus}\n");
    String[] args = {"cluster", "--config", f.toString()};
    CommandLine.ParseResult r = Main.commandLine(ConfigSources.load(args, Map.of())).parseArgs(args);
    ClusterCommand c = (ClusterCommand) r.subcommand().commandSpec().userObject();
    assertThat(c.basics.port).isEqualTo(7000);
    assertThat(c.basics.rootSecret).isEqualTo("s3");
    assertThat(c.basics.config).isEqualTo(f);
    assertThat(c.logDir).as("each node gets a subdirectory of the file's log.dir").isEqualTo(Path.of("/var/log/faunus"));
  }

  @Test
  void unknownKeysAreErrorsWithASuggestion() throws Exception {
    Path f = file("limits:\n  max_conections: 5\nlisten: {prot: 1}\nrootsecret: x\nbogus: 1\n");
    assertThatThrownBy(() -> ConfigSources.load(new String[] {"start", "--config", f.toString()}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("limits.max_conections: unknown key; did you mean limits.max_connections?")
        .hasMessageContaining("listen.prot: unknown key; did you mean listen.port?")
        .hasMessageContaining("rootsecret: unknown key; did you mean root_secret?")
        .hasMessageContaining("bogus: unknown key")
        .hasMessageContaining(f.toString());
  }

  @Test
  void valuesOfTheWrongTypeNameTheKey() throws Exception {
    Path f = file("listen: {port: lots}\ndata: {memory: yes please}\ncors_origins: {a: b}\nlimits: 3\n");
    assertThatThrownBy(() -> ConfigSources.load(new String[] {"--config=" + f}, Map.of()))
        .hasMessageContaining("listen.port: expected an integer, got \"lots\"")
        .hasMessageContaining("data.memory: expected true or false, got \"yes please\"")
        .hasMessageContaining("cors_origins: expected a list of strings, got a map")
        .hasMessageContaining("limits: expected a map of settings (a section), got 3");
    assertThatThrownBy(() -> ConfigSources.load(new String[] {"start"}, Map.of("FAUNUS_LIMITS_MAX_CONNECTIONS", "many")))
        .hasMessageContaining("environment FAUNUS_LIMITS_MAX_CONNECTIONS (limits.max_connections): expected an integer, got \"many\"");
    assertThatThrownBy(() -> ConfigSources.load(new String[] {"--config", dir.resolve("none.yml").toString()}, Map.of()))
        .hasMessageContaining("none.yml: no such file");
    assertThatThrownBy(() -> ConfigSources.load(new String[] {"--config", file("a: [").toString()}, Map.of()))
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void aBadFileStopsStartWithStatus2() throws Exception {
    Path f = file("listen: {port: 1}\nmax_streams: 3\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(new String[] {"start", "--memory", "--config", f.toString()}, Map.of());
    } finally {
      System.setErr(saved);
    }
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("faunus: configuration: ")
        .contains("max_streams: unknown key; did you mean limits.max_streams?");
  }

  /** A value of the right type that a flag refuses (range, enum) names the key or variable it came from. */
  @Test
  void refusedValuesNameTheirSource() throws Exception {
    Path f = file("data: {memory: true}\nlimits: {max_connections: 0}\n");
    String err = run(Map.of(), "start", "--port", "0", "--config", f.toString());
    assertThat(err).contains("--max-connections").contains("(from " + f + ": limits.max_connections)");
    err = run(Map.of("FAUNUS_CLUSTER_READ_MODE", "fast"), "start", "--memory", "--port", "0");
    assertThat(err).contains("--read-mode").contains("(from the environment: FAUNUS_CLUSTER_READ_MODE)");
  }

  /** An unknown option is a usage error with picocli's own message (no value to name, nothing from a file). */
  @Test
  void unknownOptionsAreUsageErrors() throws Exception {
    assertThat(run(Map.of(), "start", "--no-such-option")).contains("Unknown option: '--no-such-option'");
    assertThat(run(Map.of(), "query", "--no-such-option", "1")).contains("Unknown option: '--no-such-option'");
    Path f = file("data: {memory: true}\n");
    assertThat(run(Map.of(), "start", "--config", f.toString(), "--prot", "1")).contains("Unknown options: '--prot'");
  }

  private static String run(Map<String, String> env, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(args, env);
    } finally {
      System.setErr(saved);
    }
    assertThat(code).isEqualTo(2);
    return err.toString(StandardCharsets.UTF_8);
  }

  /** The example files shipped in deploy/ are valid. */
  @Test
  void deployConfigsAreValid() {
    for (String f : new String[] {"faunus.yml", "faunus.systemd.yml"}) {
      assertThat(io.faunus.server.config.ConfigFile.read(Path.of("..", "deploy", f))).containsKey("data.dir");
    }
  }

  /** Every option of faunus start can be set in the file, and docs/configuration.md lists every key. */
  @Test
  void everyStartOptionHasAKeyAndEveryKeyIsDocumented() throws Exception {
    CommandLine start = Main.commandLine(ConfigSources.NONE).getSubcommands().get("start");
    for (CommandLine.Model.OptionSpec o : start.getCommandSpec().options()) {
      String flag = o.longestName();
      if (o.usageHelp() || o.versionHelp() || flag.equals(ConfigKeys.CONFIG_FLAG)) continue;
      assertThat(ConfigKeys.byFlag(flag)).as("a faunus.yml key for %s", flag).isPresent();
    }
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
    for (ConfigKey k : ConfigKeys.ALL) {
      assertThat(doc).as("docs/configuration.md lists %s", k.key()).contains("`" + k.key() + "`");
      assertThat(doc).as("docs/configuration.md lists %s", k.flag()).contains("`" + k.flag() + "`");
    }
  }
}
