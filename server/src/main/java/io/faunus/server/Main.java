package io.faunus.server;

import io.faunus.log.ratis.ClusterConfig;
import io.faunus.model.query.QueryEngine;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import io.faunus.server.config.ConfigException;
import io.faunus.server.config.ConfigSources;
import io.faunus.server.logging.LogOptions;
import io.faunus.server.logging.LogSettings;
import io.faunus.server.logging.Logging;
import io.faunus.server.transport.LeakDetection;
import io.faunus.server.transport.TransportChoice;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code faunus} command line. */
@Command(name = "faunus", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Faunus: a database that speaks Fauna's FQL v10 wire protocol.",
    subcommands = {Main.Start.class, ClusterCommand.class, AdminCommand.class, io.faunus.verify.VerifyCommand.class,
        io.faunus.server.client.ShellCommand.class, io.faunus.server.client.QueryCommand.class,
        io.faunus.server.backup.BackupCommand.class, io.faunus.server.backup.RestoreCommand.class,
        io.faunus.server.transfer.ExportCommand.class, io.faunus.server.transfer.ImportCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args, System.getenv()));
  }

  /**
   * Runs the command line with {@code environment} as the process's environment: {@code faunus start} and
   * {@code faunus cluster} take option values from it ({@code FAUNUS_*}) and from the {@code --config} file.
   */
  public static int run(String[] args, java.util.Map<String, String> environment) {
    ConfigSources sources;
    try {
      sources = ConfigSources.load(args, environment);
    } catch (ConfigException e) {
      System.err.println("faunus: configuration: " + e.getMessage().replace("\n", "\n  "));
      return 2;
    }
    return commandLine(sources).execute(args);
  }

  /** The command line, with {@code sources} giving the values of options not on it. */
  public static CommandLine commandLine(ConfigSources sources) {
    CommandLine cl = new CommandLine(new Main());
    for (String configured : new String[] {"start", "cluster"}) cl.getSubcommands().get(configured).setDefaultValueProvider(sources);
    ((Start) cl.getSubcommands().get("start").getCommand()).sources = sources;
    // A value from the file or the environment that picocli cannot convert: say where it came from.
    CommandLine.IParameterExceptionHandler usual = cl.getParameterExceptionHandler();
    cl.setParameterExceptionHandler((e, args) -> usual.handleParseException(explained(e, sources), args));
    return cl;
  }

  /**
   * {@code e} with its message saying which file key or variable a refused value came from; {@code e} itself when
   * there is nothing to add (an unknown option, say, whose exception has no option and no value to name, and whose
   * usual handling suggests the option meant).
   */
  private static CommandLine.ParameterException explained(CommandLine.ParameterException e, ConfigSources sources) {
    String message = sources.explain(e.getMessage());
    if (message.equals(e.getMessage()) || (e.getArgSpec() == null && e.getValue() == null)) return e;
    return new CommandLine.ParameterException(e.getCommandLine(), message, e, e.getArgSpec(), e.getValue());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out); // "faunus" alone: show what it can do
  }

  @Command(name = "start", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
      description = "Start a node and serve HTTP until SIGTERM or Ctrl-C.")
  static final class Start implements Callable<Integer> {
    /** Exit status of a member that refuses to start with an empty data directory (docs/operations.md). */
    static final int REFUSED_EXIT = 3;

    @CommandLine.Mixin
    NodeBasics basics;

    @Option(names = "--host", defaultValue = "localhost",
        description = "Interface to listen on; localhost means 127.0.0.1 and ::1 (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--data-dir", defaultValue = "./faunus-data",
        description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--memory", description = "Keep nothing on disk.")
    boolean memory;

    @CommandLine.Mixin
    ClusterOptions clusterOptions;

    @Option(names = "--rate-limit-read-ops", defaultValue = "0", paramLabel = "N",
        description = "Read ops per second per database before queries get 429 (default: 0, unlimited).")
    long readOpsPerSecond;

    @Option(names = "--rate-limit-write-ops", defaultValue = "0", paramLabel = "N",
        description = "Write ops per second per database before queries get 429 (default: 0, unlimited).")
    long writeOpsPerSecond;

    @Option(names = "--rate-limit-compute-ops", defaultValue = "0", paramLabel = "N",
        description = "Compute ops per second per database before queries get 429 (default: 0, unlimited).")
    long computeOpsPerSecond;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Serve HTTPS with this PEM certificate chain (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The PEM (PKCS#8) private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--jwks", paramLabel = "URI=FILE", split = ",",
        description = "The signing keys of an access provider: its jwks_uri and a local JWKS file that holds them "
            + "(re-read when it changes); repeat for several providers (default: none, so JWTs are refused).")
    java.util.Map<String, Path> jwks = new java.util.LinkedHashMap<>();

    @Option(names = "--idle-timeout-ms", defaultValue = "" + ConnectionLimits.DEFAULT_IDLE_TIMEOUT_MS,
        description = "Close a connection with no request in flight after this long (default: ${DEFAULT-VALUE}).")
    long idleTimeoutMs;

    @Option(names = "--request-read-timeout-ms", defaultValue = "" + ConnectionLimits.DEFAULT_REQUEST_READ_TIMEOUT_MS,
        description = "Answer 408 and close when a request's head and body take longer to arrive "
            + "(default: ${DEFAULT-VALUE}).")
    long requestReadTimeoutMs;

    @Option(names = "--max-connections", defaultValue = "" + ConnectionLimits.DEFAULT_MAX_CONNECTIONS,
        description = "Open connections beyond which new ones get 503 and are closed (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--shutdown-drain-ms", defaultValue = "" + ServerConfig.DEFAULT_SHUTDOWN_DRAIN_MS,
        description = "On SIGTERM, how long accepted requests may take to finish (default: ${DEFAULT-VALUE}).")
    long shutdownDrainMs;

    @Option(names = "--max-streams", defaultValue = "" + ServerConfig.DEFAULT_MAX_STREAMS,
        description = "Event streams open at once beyond which new ones get 429 (default: ${DEFAULT-VALUE}).")
    int maxStreams;

    @Option(names = "--transport", defaultValue = "auto", paramLabel = "T",
        description = "Socket layer: auto (Linux's native epoll when it loads, else Java NIO), epoll (fail if it "
            + "cannot load) or nio (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--cors-origin", split = ",", paramLabel = "ORIGIN",
        description = "Browser origin allowed to call the node, e.g. https://app.example.com; repeat or "
            + "separate with commas; * allows any origin without credentials (default: none).")
    List<String> corsOrigins = new ArrayList<>();

    @Option(names = "--console", negatable = true,
        description = "Serve the web console at /console/ (--no-console: do not). Default: on when --host is "
            + "localhost, 127.0.0.1 or ::1, off otherwise.")
    Boolean console;

    /** The console is on by default only where nobody else can reach it. */
    static boolean consoleByDefault(String host) {
      return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1") || host.equals("[::1]");
    }

    @Option(names = "--metrics-public", defaultValue = "false", fallbackValue = "true", arity = "0..1",
        description = "Serve GET /metrics without a secret (default: ${DEFAULT-VALUE}: it needs a root admin secret).")
    boolean metricsPublic;

    @CommandLine.Mixin
    LogOptions logOptions;

    /** Where options not on the command line came from, to name the file key or variable in errors. */
    ConfigSources sources = ConfigSources.NONE;

    @Override
    public Integer call() throws Exception {
      ServerConfig config;
      ClusterConfig cluster;
      io.faunus.node.RateLimits rates;
      LogSettings logs;
      int port = basics.port;
      String rootSecret = basics.rootSecret;
      try {
        logs = logOptions.settings();
        Logging.configure(logs);
        config = ServerConfig.of(host, port, dataDir, rootSecret, memory)
            .withConnections(new ConnectionLimits(idleTimeoutMs, requestReadTimeoutMs, maxConnections))
            .withCorsOrigins(corsOrigins)
            .withShutdownDrainMs(shutdownDrainMs)
            .withMaxStreams(maxStreams)
            .withConsole(console != null ? console : consoleByDefault(host))
            .withTransport(TransportChoice.parse(transport));
        if ((tlsCert == null) != (tlsKey == null)) throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        if (tlsCert != null) config = config.withTls(Tls.of(tlsCert, tlsKey));
        cluster = clusterOptions.cluster(dataDir, memory);
        rates = new io.faunus.node.RateLimits(readOpsPerSecond, writeOpsPerSecond, computeOpsPerSecond);
      } catch (IllegalArgumentException e) {
        System.err.println("faunus: " + sources.explain(e.getMessage()));
        return 2;
      }
      IdleHeap.enablePeriodicCollection();
      LeakDetection.productionDefault();
      if (cluster != null) jvmStartPhase();
      long opening = io.faunus.log.StartPhases.begin();
      QueryEngine engine;
      try {
        engine = EngineWiring.create(config, cluster, new io.faunus.model.db.Jwks(jwks), rates);
        if (cluster != null) io.faunus.log.StartPhases.done("node-open", opening, "store, Raft, first read, start checks");
      } catch (io.faunus.log.ratis.StartRefusedException e) {
        // Its own status, so that scripts and supervisors can tell "will never start like this" from a crash.
        System.err.println("faunus: refusing to start: " + e.getMessage());
        return REFUSED_EXIT;
      } catch (UnsupportedOperationException | IllegalStateException | java.io.UncheckedIOException e) {
        System.err.println("faunus: " + e.getMessage());
        return 1;
      }
      FaunusServer server = new FaunusServer(config, engine, new Observability(metricsPublic, logs));
      try {
        server.start();
      } catch (IllegalStateException e) { // --transport epoll where it cannot load
        System.err.println("faunus: " + e.getMessage());
        closeEngine(engine);
        return 1;
      } catch (Exception e) {
        System.err.println("faunus: cannot listen on " + host + ":" + port + ": " + e.getMessage());
        closeEngine(engine);
        return 1;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        System.err.println("faunus: stopping (finishing accepted requests, up to " + shutdownDrainMs + " ms)...");
        server.close();
        closeEngine(engine);
        stopped.countDown();
      }, "faunus-shutdown"));
      if (cluster != null) processStartToServingPhase();
      for (InetSocketAddress a : server.addresses()) {
        System.out.println("faunus: listening on " + (config.tls() == null ? "http" : "https") + "://" + hostText(a) + ":" + a.getPort());
      }
      System.out.println("faunus: " + (memory ? "in memory, nothing is kept on disk" : "data in " + dataDir));
      if (cluster != null) {
        System.out.println("faunus: node " + cluster.self() + " of a cluster of " + cluster.peers().size()
            + ", Raft on " + cluster.listen() + (cluster.listen().equals(cluster.peers().get(cluster.self()))
            ? "" : " (the others reach it at " + cluster.peers().get(cluster.self()) + ")"));
      }
      String url = (config.tls() == null ? "http" : "https") + "://" + (host.equals("localhost") ? "localhost" : host) + ":" + server.port();
      if (config.console()) System.out.println("faunus: web console at " + url + "/console/");
      // Only the well-known default is printed: a real root secret never goes to a terminal or a log.
      String shown = rootSecret.equals("secret") ? rootSecret : "$FAUNUS_ROOT_SECRET";
      System.out.println("faunus: try  curl -H \"Authorization: Bearer " + shown
          + "\" -d '{\"query\":\"1 + 1\"}' " + url + "/query/1");
      stopped.await(); // the shutdown hook ends the process
      return 0;
    }

    /** From the process's start to our first line of code: the JVM and class loading (slow on a loaded machine). */
    private static void jvmStartPhase() {
      ProcessHandle.current().info().startInstant().ifPresent(t -> io.faunus.log.StartPhases.print("jvm-start",
          java.time.Duration.between(t, java.time.Instant.now()).toMillis(), "process start to main"));
    }

    /** The whole start-up, as a supervisor sees it: from the process's start until the HTTP port is open. */
    private static void processStartToServingPhase() {
      ProcessHandle.current().info().startInstant().ifPresent(t -> io.faunus.log.StartPhases.print("serving",
          java.time.Duration.between(t, java.time.Instant.now()).toMillis(), "process start to HTTP port open"));
    }

    private static String hostText(InetSocketAddress a) {
      String h = a.getAddress().getHostAddress();
      return h.contains(":") ? "[" + h.replaceAll("%.*", "").replaceAll("^0:0:0:0:0:0:0:1$", "::1") + "]" : h;
    }
  }

  static void closeEngine(QueryEngine engine) {
    if (engine instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("faunus: error closing the database: " + e);
      }
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"faunus " + (v == null ? "(development build)" : v)};
    }
  }
}
