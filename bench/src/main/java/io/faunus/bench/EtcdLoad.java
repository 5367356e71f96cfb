package io.faunus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The peer of the cluster benchmark ({@code bench/run-cluster.sh}, docs/benchmarks.md): replicated puts and
 * linearizable gets against an etcd cluster through etcd's HTTP/JSON gateway ({@code POST /v3/kv/put},
 * {@code POST /v3/kv/range}, keys and values base64), with the same closed-loop connections as {@link DbLoad}
 * ({@link HttpLoad}: one keep-alive HTTP/1.1 connection per client, one request in flight, requests
 * pre-encoded, connection i to member i mod n). Prints {@code RESULT} lines in {@link DbLoad}'s format.
 *
 * <ul>
 *   <li>{@code put}: a new key {@code bench/n<random>} with a 20-odd-byte JSON value, like {@link DbLoad}'s
 *       {@code insert} (4 096 pre-encoded texts drawn at random; keys from a space of 10^9, so nearly every put
 *       creates a key);
 *   <li>{@code get}: a range read of one of the {@code --keys} preloaded keys, linearizable (etcd's default:
 *       {@code serializable} false, a ReadIndex round through the leader), like {@link DbLoad}'s {@code read}.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks.jar io.faunus.bench.EtcdLoad --ports 2379,2380,2381 [--host 127.0.0.1] [--keys 10000]
 *     [--workloads put,get] [--clients 1,16,64] [--warmup 3] [--duration 8] [--jit-warmup 8]
 *     [--server-pids P1,P2,P3] [--label etcd] [--run 1] [--seed 1]
 * </pre>
 */
public final class EtcdLoad {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getEncoder();

  private EtcdLoad() {}

  public static void main(String[] args) throws Exception {
    String host = "127.0.0.1";
    int[] ports = {2379};
    long[] serverPids = {-1};
    int keys = 10_000;
    List<String> workloads = List.of("put", "get");
    List<Integer> clients = List.of(1, 16, 64);
    double warmup = 3;
    double duration = 8;
    double jitWarmup = 8;
    String label = "etcd";
    String run = "1";
    long seed = 1;
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--host" -> host = v;
        case "--ports" -> ports = java.util.Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
        case "--server-pids" -> serverPids = java.util.Arrays.stream(v.split(",")).mapToLong(Long::parseLong).toArray();
        case "--keys" -> keys = Integer.parseInt(v);
        case "--workloads" -> workloads = List.of(v.split(","));
        case "--clients" -> clients = List.of(v.split(",")).stream().map(Integer::parseInt).toList();
        case "--warmup" -> warmup = Double.parseDouble(v);
        case "--duration" -> duration = Double.parseDouble(v);
        case "--jit-warmup" -> jitWarmup = Double.parseDouble(v);
        case "--label" -> label = v;
        case "--run" -> run = v;
        case "--seed" -> seed = Long.parseLong(v);
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
      i++;
    }
    Random rnd = new Random(seed);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    String base = "http://" + host + ":" + ports[0];

    // Setup: `keys` keys bench/k<i> with value {"k":i,"v":0}, 100 puts per transaction (etcd allows 128).
    long t0 = System.nanoTime();
    for (int from = 0; from < keys; from += 100) {
      StringBuilder body = new StringBuilder("{\"success\":[");
      for (int i = from; i < Math.min(keys, from + 100); i++) {
        body.append(i > from ? "," : "").append("{\"request_put\":").append(put("bench/k" + i, value(i))).append('}');
      }
      body.append("]}");
      JsonNode r = post(http, base + "/v3/kv/txn", body.toString());
      if (!r.path("succeeded").asBoolean(false)) throw new IllegalStateException("preload txn failed: " + r);
    }
    System.out.printf(Locale.ROOT, "preloaded %d keys in %.1f s%n", keys, (System.nanoTime() - t0) / 1e9);
    // Sanity: a linearizable read through another member sees a preloaded key.
    String probeBase = "http://" + host + ":" + ports[ports.length - 1];
    JsonNode probe = post(http, probeBase + "/v3/kv/range", range("bench/k0"));
    String got = new String(Base64.getDecoder().decode(probe.path("kvs").path(0).path("value").asText("")),
        StandardCharsets.UTF_8);
    if (!got.equals(value(0))) throw new IllegalStateException("probe read returned " + probe);

    List<ByteBuf> puts = new ArrayList<>();
    for (int i = 0; i < 4096; i++) {
      int k = keys + rnd.nextInt(1_000_000_000);
      puts.add(HttpLoad.encode(host, ports[0], "/v3/kv/put", null, List.of(), put("bench/n" + k, value(k))));
    }
    List<ByteBuf> gets = new ArrayList<>();
    for (int i = 0; i < keys; i++) gets.add(HttpLoad.encode(host, ports[0], "/v3/kv/range", null, List.of(), range("bench/k" + i)));

    ClosedLoop loop = new ClosedLoop(host, ports, serverPids, warmup, duration, label, run, seed);
    for (String w : workloads) {
      List<ByteBuf> pool = pool(w, puts, gets);
      if (jitWarmup > 0) loop.warmUp(pool, jitWarmup / workloads.size());
    }
    for (String w : workloads) {
      for (int c : clients) {
        HttpLoad.Result r = loop.cell(w, c, pool(w, puts, gets), false, null).result();
        if (r.firstBody() == null || !r.firstBody().contains("\"header\"")) {
          System.out.println("ERROR: unexpected first 200 body (" + w + "): " + r.firstBody());
        }
      }
    }
  }

  private static List<ByteBuf> pool(String w, List<ByteBuf> puts, List<ByteBuf> gets) {
    return switch (w) {
      case "put" -> puts;
      case "get" -> gets;
      default -> throw new IllegalArgumentException("unknown workload " + w + " (put, get)");
    };
  }

  private static String value(int k) {
    return "{\"k\":" + k + ",\"v\":0}";
  }

  private static String b64(String s) {
    return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String put(String key, String value) {
    return "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64(value) + "\"}";
  }

  private static String range(String key) {
    return "{\"key\":\"" + b64(key) + "\"}";
  }

  private static JsonNode post(HttpClient http, String url, String body) throws IOException, InterruptedException {
    HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 200) throw new IllegalStateException(url + ": " + resp.statusCode() + " " + resp.body());
    return JSON.readTree(resp.body());
  }
}
