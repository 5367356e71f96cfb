package io.faunus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The step-2 database workloads (docs/benchmarks.md, "Database workloads"), run against one freshly started
 * {@link DbServer}: sets up a collection with an index, preloads it, then measures each workload at each client
 * count with {@link HttpLoad}'s closed-loop connections and prints one {@code RESULT} line per cell.
 *
 * <p>Workloads, each request drawn at random (per connection, seeded) from a pool of distinct pre-encoded query
 * texts, so that no cached answer or parse tree can be reused:
 * <ul>
 *   <li>{@code read}: {@code Bench.byId("<id>")!.v} over the ids of all preloaded documents;
 *   <li>{@code index}: {@code Bench.byK(<k>).first()!.v} over all preloaded k values (k is unique, so each
 *       query is one index lookup plus one document read);
 *   <li>{@code insert}: {@code Bench.create({ k: <k>, v: 0 }).id}, a new document each time;
 *   <li>{@code rmw}: {@code let d = Bench.byId("<id>")!; d.update({ v: d.v + 1 }).v} over a random subset of
 *       {@code --rmw-docs} documents, sent with {@code x-max-contention-retries}. 409 answers (contention left
 *       after the retries) are counted apart from errors, and {@code stats.contention_retries} is summed.
 * </ul>
 * Commits and fsyncs come from {@link DbServer}'s {@code /counters}, read just before and after each measured
 * window. After the rmw cells, the sum of {@code v} over the rmw documents is checked against the number of
 * successful rmw answers (every acknowledged increment must be there; a few more may have committed while their
 * connection was being closed).
 *
 * <p>Against a cluster ({@code bench/run-cluster.sh}): {@code --ports p1,p2,p3} spreads the connections of every
 * cell over the nodes round-robin (connection i to node i mod n; setup and checks go to the first),
 * {@code --stats-ports} and {@code --server-pids} list every node's counter port and process, and the counters
 * and the server CPU are summed over them. {@code --stats-ports none} runs without counters (commits=0, and
 * fsyncs per commit "-"), e.g. against plain {@code faunus start} processes.
 */
public final class DbLoad {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String host;
  private final int port;
  private final int[] statsPorts;
  private final String secret;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  DbLoad(String host, int port, int[] statsPorts, String secret) {
    this.host = host;
    this.port = port;
    this.statsPorts = statsPorts;
    this.secret = secret;
  }

  private static int[] ints(String csv) {
    return csv.equals("none") || csv.isEmpty() ? new int[0] : java.util.Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  public static void main(String[] args) throws Exception {
    String host = "127.0.0.1";
    int port = 8443;
    int statsPort = 8444;
    String secret = "secret";
    int docs = 10_000;
    int rmwDocs = 1_000;
    int retries = 3;
    List<String> workloads = List.of("read", "index", "insert", "rmw");
    List<Integer> clients = List.of(1, 16, 64);
    double warmup = 3;
    double duration = 8;
    double jitWarmup = 8;
    String label = "faunus";
    String run = "1";
    long serverPid = -1;
    int[] ports = null;
    int[] statsPorts = null;
    long[] serverPids = null;
    long seed = 1;
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--host" -> host = v;
        case "--port" -> port = Integer.parseInt(v);
        case "--stats-port" -> statsPort = Integer.parseInt(v);
        case "--secret" -> secret = v;
        case "--docs" -> docs = Integer.parseInt(v);
        case "--rmw-docs" -> rmwDocs = Integer.parseInt(v);
        case "--retries" -> retries = Integer.parseInt(v);
        case "--workloads" -> workloads = List.of(v.split(","));
        case "--clients" -> clients = List.of(v.split(",")).stream().map(Integer::parseInt).toList();
        case "--warmup" -> warmup = Double.parseDouble(v);
        case "--duration" -> duration = Double.parseDouble(v);
        case "--jit-warmup" -> jitWarmup = Double.parseDouble(v);
        case "--label" -> label = v;
        case "--run" -> run = v;
        case "--server-pid" -> serverPid = Long.parseLong(v);
        case "--ports" -> ports = ints(v);
        case "--stats-ports" -> statsPorts = ints(v);
        case "--server-pids" -> serverPids = java.util.Arrays.stream(v.split(",")).mapToLong(Long::parseLong).toArray();
        case "--seed" -> seed = Long.parseLong(v);
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
      i++;
    }
    if (ports == null) ports = new int[] {port};
    if (statsPorts == null) statsPorts = new int[] {statsPort};
    if (serverPids == null) serverPids = new long[] {serverPid};
    port = ports[0];
    DbLoad db = new DbLoad(host, port, statsPorts, secret);
    Random rnd = new Random(seed);

    Preloaded pre = db.preload(docs, rnd);
    List<String> ids = pre.ids();
    List<Integer> ks = pre.ks();

    List<String> shuffled = new ArrayList<>(ids);
    Collections.shuffle(shuffled, rnd);
    List<String> rmwIds = shuffled.subList(0, Math.min(rmwDocs, shuffled.size()));
    String retriesHeader = "x-max-contention-retries: " + retries;

    List<ByteBuf> reads = new ArrayList<>();
    for (String id : ids) reads.add(db.request("Bench.byId(\"" + id + "\")!.v", List.of()));
    List<ByteBuf> index = new ArrayList<>();
    for (int k = 0; k < docs; k++) index.add(db.request("Bench.byK(" + k + ").first()!.v", List.of()));
    List<ByteBuf> inserts = new ArrayList<>();
    for (int i = 0; i < 4096; i++) {
      inserts.add(db.request("Bench.create({ k: " + (docs + rnd.nextInt(1_000_000_000)) + ", v: 0 }).id", List.of()));
    }
    List<ByteBuf> rmw = new ArrayList<>();
    for (String id : rmwIds) {
      rmw.add(db.request("let d = Bench.byId(\"" + id + "\")!\nd.update({ v: d.v + 1 }).v", List.of(retriesHeader)));
    }

    java.util.function.Function<String, List<ByteBuf>> pools = w -> switch (w) {
      case "read" -> reads;
      case "index" -> index;
      case "insert" -> inserts;
      case "rmw" -> rmw;
      default -> throw new IllegalArgumentException("unknown workload " + w + " (read, index, insert, rmw)");
    };
    ClosedLoop loop = new ClosedLoop(host, ports, serverPids, warmup, duration, label, run, seed);
    long rmwOk = 0;
    // JIT warm-up: every workload for a share of --jit-warmup, not measured.
    for (String w : workloads) {
      List<ByteBuf> pool = pools.apply(w);
      if (jitWarmup <= 0) continue;
      long ok = loop.warmUp(pool, jitWarmup / workloads.size());
      if (w.equals("rmw")) rmwOk += ok;
    }
    for (String w : workloads) {
      for (int c : clients) {
        ClosedLoop.Measured m = loop.cell(w, c, pools.apply(w), w.equals("rmw"), db::counters);
        if (w.equals("rmw")) rmwOk += m.ok();
      }
    }

    if (workloads.contains("rmw")) {
      long sum = db.sumV(rmwIds);
      // At most one request per connection can commit unanswered when a window closes its connections.
      long inFlight = clients.stream().mapToLong(Integer::longValue).sum() + (jitWarmup > 0 ? ClosedLoop.WARM_UP_CLIENTS : 0);
      boolean ok = sum >= rmwOk && sum - rmwOk <= inFlight;
      System.out.println("CHECK rmw: sum of v over the rmw documents = " + sum + ", successful rmw answers = " + rmwOk
          + (ok ? " (ok: every acknowledged increment is there)" : " (MISMATCH)"));
      if (!ok) System.exit(1);
    }
  }

  /** The preloaded documents: {@code ids.get(i)} holds {@code k = ks.get(i)}. */
  record Preloaded(List<String> ids, List<Integer> ks) {}

  /**
   * Setup shared with {@link Bench}: the collection {@code Bench} with the unique-valued index {@code byK}, then
   * {@code docs} documents {@code { k, v: 0 }} with k a seeded permutation of 0..docs-1, 100 per query.
   */
  Preloaded preload(int docs, Random rnd) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    query("Collection.create({ name: \"Bench\", indexes: { byK: { terms: [{ field: \"k\" }] } } })", List.of());
    List<Integer> ks = new ArrayList<>();
    for (int k = 0; k < docs; k++) ks.add(k);
    Collections.shuffle(ks, rnd);
    List<String> ids = new ArrayList<>(docs);
    for (int from = 0; from < docs; from += 100) {
      StringBuilder q = new StringBuilder();
      int to = Math.min(docs, from + 100);
      for (int i = from; i < to; i++) q.append("let d").append(i - from).append(" = Bench.create({ k: ")
          .append(ks.get(i)).append(", v: 0 })\n");
      q.append('[');
      for (int i = from; i < to; i++) q.append(i > from ? ", " : "").append('d').append(i - from).append(".id");
      q.append(']');
      for (JsonNode id : query(q.toString(), List.of())) ids.add(id.asText());
    }
    System.out.printf(Locale.ROOT, "preloaded %d documents in %.1f s%n", ids.size(), (System.nanoTime() - t0) / 1e9);
    // Sanity: the index finds what was written, and a point read works.
    JsonNode probe = query("Bench.byK(" + ks.get(0) + ").first()!.id", List.of());
    if (!probe.asText().equals(ids.get(0))) throw new IllegalStateException("index probe returned " + probe);
    return new Preloaded(ids, ks);
  }

  /** Sum of {@code v} over the given Bench documents, 200 per query. */
  long sumV(List<String> ids) throws IOException, InterruptedException {
    long sum = 0;
    for (int from = 0; from < ids.size(); from += 200) {
      StringBuilder q = new StringBuilder("[");
      for (int i = from; i < Math.min(ids.size(), from + 200); i++) {
        q.append(i > from ? ", " : "").append("Bench.byId(\"").append(ids.get(i)).append("\")!.v");
      }
      for (JsonNode v : query(q.append(']').toString(), List.of())) sum += v.asLong();
    }
    return sum;
  }

  ByteBuf request(String fql, List<String> headers) throws IOException {
    return request(fql, java.util.Map.of(), headers);
  }

  /**
   * A request whose {@code query} is FQL text or a template ({@link QueryStyle}), with {@code arguments} (tagged
   * format, as {@link QueryStyle#tagged} gives them); none when empty.
   */
  ByteBuf request(Object fql, java.util.Map<String, Object> arguments, List<String> headers) throws IOException {
    java.util.Map<String, Object> body = arguments.isEmpty() ? java.util.Map.of("query", fql)
        : java.util.Map.of("query", fql, "arguments", arguments);
    return HttpLoad.encode(host, port, "/query/1", secret, headers, JSON.writeValueAsString(body));
  }

  /** One setup query; returns its data, throws on anything but 200. */
  JsonNode query(String fql, List<String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/query/1"))
        .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + secret)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(java.util.Map.of("query", fql))));
    for (String h : headers) {
      int c = h.indexOf(':');
      b.header(h.substring(0, c).trim(), h.substring(c + 1).trim());
    }
    HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 200) throw new IllegalStateException("setup query failed: " + resp.statusCode() + " "
        + resp.body() + "\nquery: " + fql);
    return JSON.readTree(resp.body()).get("data");
  }

  /** {commits, fsyncs} from DbServer, summed over the nodes; {-1, -1} without counters. */
  long[] counters() {
    if (statsPorts.length == 0) return new long[] {-1, -1};
    long commits = 0;
    long fsyncs = 0;
    for (int statsPort : statsPorts) {
      HttpResponse<String> resp;
      try {
        resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/counters")).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("cannot read DbServer's counters", e);
      }
      for (String kv : resp.body().trim().split(" ")) {
        String[] p = kv.split("=");
        if (p[0].equals("commits")) commits += Long.parseLong(p[1]);
        if (p[0].equals("fsyncs")) fsyncs += Long.parseLong(p[1]);
      }
    }
    return new long[] {commits, fsyncs};
  }
}
