package io.faunus.bench;

import com.sun.net.httpserver.HttpServer;
import io.faunus.log.ratis.ClusterConfig;
import io.faunus.model.query.QueryEngine;
import io.faunus.server.EngineWiring;
import io.faunus.server.FaunusServer;
import io.faunus.server.ServerConfig;
import io.faunus.server.transport.LeakDetection;
import io.faunus.server.transport.TransportChoice;
import io.faunus.node.Node;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A Faunus node for the database benchmark ({@code bench/run-db.sh}, docs/benchmarks.md): the same wiring as
 * {@code faunus start} ({@link EngineWiring#create} and {@link FaunusServer} with the default
 * {@link ServerConfig}), plus a second, tiny HTTP listener that answers {@code GET /counters} with the node's
 * commit and fsync counters ({@link Node#commits()}, {@link Node#fsyncs()}) and its inline runs given up at their
 * CPU budget ({@link Node#inlineOverruns()}: evaluated twice), which the server itself does not expose. The load
 * generator reads them before and after each measured window, so that fsyncs per commit (group commit) is
 * measured in the server process that serves the load, while server and load generator stay pinned to separate
 * cores. The counter listener is polled twice per window and costs nothing in between.
 *
 * <pre>
 * java -Xss16m -cp benchmarks.jar io.faunus.bench.DbServer --port 8443 --stats-port 8444
 *     [--host 127.0.0.1] [--data-dir DIR | --memory] [--root-secret secret] [--transport auto|epoll|nio]
 *     [--node-id n1 --peers n1=127.0.0.1:9441,n2=127.0.0.1:9442,n3=127.0.0.1:9443]
 * </pre>
 *
 * <p>With {@code --peers} the node is a cluster member wired as {@code faunus start --node-id --peers} wires it
 * ({@link EngineWiring#create(ServerConfig, ClusterConfig)}, the Raft log in {@code DIR/raft}, default snapshot
 * and segment sizes); start every member at about the same time, as opening waits for the cluster to answer.
 * The counters are then this member's own: intents it submitted that committed, and Raft entries it sent.
 */
public final class DbServer {
  private DbServer() {}

  public static void main(String[] args) throws Exception {
    String host = "127.0.0.1";
    int port = 8443;
    int statsPort = 8444;
    Path dataDir = Path.of("./faunus-data");
    String secret = "secret";
    boolean memory = false;
    String nodeId = null;
    String peers = null;
    TransportChoice transport = TransportChoice.AUTO;
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--host" -> host = v;
        case "--port" -> port = Integer.parseInt(v);
        case "--stats-port" -> statsPort = Integer.parseInt(v);
        case "--data-dir" -> dataDir = Path.of(v);
        case "--root-secret" -> secret = v;
        case "--node-id" -> nodeId = v;
        case "--peers" -> peers = v;
        case "--transport" -> transport = TransportChoice.parse(v);
        case "--memory" -> {
          memory = true;
          continue;
        }
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
      i++;
    }
    ServerConfig config = ServerConfig.of(host, port, dataDir, secret, memory).withTransport(transport);
    LeakDetection.productionDefault(); // as faunus start
    if ((nodeId == null) != (peers == null)) {
      System.err.println("--node-id and --peers go together");
      System.exit(2);
    }
    ClusterConfig cluster = peers == null ? null
        : new ClusterConfig(nodeId, ClusterConfig.parsePeers(peers), dataDir.resolve("raft"));
    QueryEngine engine = EngineWiring.create(config, cluster);
    if (!(engine instanceof Node node)) {
      System.err.println("the engine is a " + engine.getClass().getName() + ", not io.faunus.node.Node: no counters");
      System.exit(1);
      return;
    }
    FaunusServer server = new FaunusServer(config, engine).start();

    HttpServer stats = HttpServer.create(new InetSocketAddress("127.0.0.1", statsPort), 4);
    stats.createContext("/counters", ex -> {
      byte[] body = ("commits=" + node.commits() + " fsyncs=" + node.fsyncs()
          + " inline_overruns=" + node.inlineOverruns() + "\n").getBytes(StandardCharsets.US_ASCII);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    stats.start();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stats.stop(0);
      server.close();
      node.close();
      stopped.countDown();
    }, "bench-shutdown"));
    System.out.println("DbServer: listening on " + host + ":" + server.port() + ", counters on 127.0.0.1:" + statsPort
        + "/counters, " + (memory ? "in memory" : "data in " + dataDir)
        + (cluster == null ? "" : ", node " + nodeId + " of a cluster of " + cluster.peers().size()));
    stopped.await();
  }
}
