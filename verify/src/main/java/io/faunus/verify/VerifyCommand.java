package io.faunus.verify;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faunus verify}: starts a real cluster per workload (child processes of this jar on loopback), drives
 * it with concurrent clients while injecting faults, records the history, checks it, and prints one line per
 * workload. Exit status: 0 every history checked valid, 1 an anomaly was found, 2 usage error, 3 a check
 * could not decide (and nothing was found), 4 a run could not be carried out (e.g. the cluster did not
 * start).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check consistency under faults: run a workload against a fresh local cluster, check the history.")
public final class VerifyCommand implements Callable<Integer> {
  enum WorkloadName { bank, bank_scan, list_append, register, set, phantom, pagination, all }

  @Option(names = "--workload", defaultValue = "all", converter = WorkloadConverter.class,
      description = "bank, bank-scan, list-append, register, set, phantom, pagination or all (default: ${DEFAULT-VALUE}).")
  WorkloadName workload;

  @Option(names = "--nodes", defaultValue = "3", description = "Cluster size, 1..9; 1 is a plain single node (no Raft); faults need 3 or more (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--faults", defaultValue = "mixed",
      description = "none, kill (kill -9 and restart), pause (SIGSTOP/SIGCONT), partition (cut Raft links), "
          + "asymmetric (cut them one way), clock (step a running node's clock up to 60 s forwards or backwards, "
          + "then back), wipe (kill, delete the data directory, then remove-node, restart with --join, add-node), "
          + "mixed (any of kill, pause, partition, asymmetric, clock, wipe, one at a time), multi (two of those at "
          + "once, on two nodes) or multi-minority (two at once on a minority only, so a majority stays up: the same "
          + "node of 3) (default: ${DEFAULT-VALUE}).", converter = FaultsConverter.class)
  Nemesis.Mode faults;

  @Option(names = "--time-limit", defaultValue = "60", description = "Seconds of client load per workload, extended to 5 s after the last fault's repair "
      + "(default: ${DEFAULT-VALUE}).")
  long timeLimitS;

  @Option(names = "--rate", defaultValue = "20", description = "Operations per second, all clients together (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--clients", description = "Concurrent clients, spread over the nodes (default: 2 per node).")
  Integer clients;

  @Option(names = "--results", description = "Folder for histories, summaries and plots (default: verify-results/<time>).")
  Path results;

  @Option(names = "--seed", description = "Seed of the operation and fault choices (default: random, printed).")
  Long seed;

  @Option(names = "--read-mode", defaultValue = "linearizable",
      description = "The nodes' --read-mode: linearizable, or local (reads at the node's applied time: serializable, "
          + "not strict; the checkers then keep only session order for reads; bank, bank-scan, list-append and "
          + "register only) (default: ${DEFAULT-VALUE}).")
  ReadMode readMode;

  @Option(names = "--keep-data", description = "Keep the nodes' data directories (under the results folder).")
  boolean keepData;

  @Option(names = "--node-classpath", hidden = true,
      description = "Class path of the nodes (default: this process's, i.e. the faunus jar); tests pass theirs.")
  String nodeClasspath;

  static final int NODES_MAX = 9;

  @Override
  public Integer call() {
    if (nodes < 1 || nodes > NODES_MAX || (faults != Nemesis.Mode.none && nodes < 3)) {
      System.err.println("verify: --nodes must be within 1.." + NODES_MAX + ", and at least 3 with faults");
      return 2;
    }
    if (readMode == ReadMode.local && nodes < 2) {
      System.err.println("verify: --read-mode local needs a cluster (--nodes 3 or more): a single node always reads strictly");
      return 2;
    }
    if (timeLimitS < 1 || rate <= 0 || (clients != null && clients < 1)) {
      System.err.println("verify: --time-limit, --rate and --clients must be positive");
      return 2;
    }
    long s = seed != null ? seed : new java.util.Random().nextLong();
    Path dir = results != null ? results
        : Path.of("verify-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = nodeClasspath != null ? nodeClasspath : System.getProperty("java.class.path");
    Run.Settings settings = new Run.Settings(nodes, faults, timeLimitS, rate, clients != null ? clients : 2 * nodes, s,
        dir.toAbsolutePath(), java, cp, keepData, readMode);
    List<Workload<?>> chosen = workloads(workload).stream().filter(w -> w.checks(readMode)).toList();
    if (chosen.isEmpty()) {
      System.err.println("verify: --read-mode " + readMode + " cannot check " + workload.name().replace('_', '-')
          + " (its checker needs real time across clients); use bank, bank-scan, list-append or register");
      return 2;
    }
    System.err.println("verify: seed " + s + ", results in " + settings.results());
    Severity worst = Severity.VALID;
    for (Workload<?> w : chosen) {
      Severity now;
      try {
        Run.Outcome o = new Run<>(w, settings).run();
        System.out.println(o.line());
        System.out.flush();
        now = switch (o.verdict().validity()) {
          case VALID -> Severity.VALID;
          case UNKNOWN -> Severity.UNKNOWN;
          case INVALID -> Severity.ANOMALY;
        };
      } catch (Exception e) {
        System.err.println("verify: " + w.name() + " could not run: " + e);
        now = Severity.BROKEN;
      }
      if (now.ordinal() > worst.ordinal()) worst = now;
    }
    return worst.exitStatus;
  }

  /** Outcomes of a workload, mildest first: the command exits with the worst one's status. */
  enum Severity {
    VALID(0), UNKNOWN(3), BROKEN(4), ANOMALY(1);

    final int exitStatus;

    Severity(int exitStatus) {
      this.exitStatus = exitStatus;
    }
  }

  static List<Workload<?>> workloads(WorkloadName name) {
    return switch (name) {
      case bank -> List.of(new BankWorkload());
      case bank_scan -> List.of(new BankWorkload(BankWorkload.Reads.SCAN));
      case list_append -> List.of(new ListAppendWorkload());
      case register -> List.of(new RegisterWorkload());
      case set -> List.of(new SetWorkload());
      case phantom -> List.of(new PhantomWorkload());
      case pagination -> List.of(new PaginationWorkload());
      case all -> List.of(new BankWorkload(), new BankWorkload(BankWorkload.Reads.SCAN), new ListAppendWorkload(),
          new RegisterWorkload(), new SetWorkload(), new PhantomWorkload(), new PaginationWorkload());
    };
  }

  /** Enum constants spelled with '-' on the command line ({@code list-append}, {@code multi-minority}). */
  abstract static class Hyphenated<E extends Enum<E>> implements picocli.CommandLine.ITypeConverter<E> {
    private final Class<E> type;

    Hyphenated(Class<E> type) {
      this.type = type;
    }

    @Override
    public E convert(String value) {
      return Enum.valueOf(type, value.replace('-', '_'));
    }
  }

  static final class FaultsConverter extends Hyphenated<Nemesis.Mode> {
    FaultsConverter() {
      super(Nemesis.Mode.class);
    }
  }

  static final class WorkloadConverter extends Hyphenated<WorkloadName> {
    WorkloadConverter() {
      super(WorkloadName.class);
    }
  }
}
