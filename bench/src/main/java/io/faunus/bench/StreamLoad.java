package io.faunus.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Event-stream delivery under load (issue 17): opens {@code --streams} event streams on one collection, then
 * writes one document every {@code 1/--rate} seconds for {@code --duration} seconds, each carrying the
 * writer's {@link System#nanoTime()}; every stream reports when each {@code add} event arrives. Prints one
 * {@code RESULT} line: events expected and delivered, delivery latency p50/p99/max (write sent → event
 * line read, so it includes the commit), and the server's resident memory before opening the streams and
 * at the end ({@code --server-pid}).
 *
 * <p>Streams are HTTP/2 (h2c upgrade) over {@code --connections} clients, as the Node driver multiplexes
 * them; lines are read by callbacks, not a thread per stream.
 *
 * <pre>
 * java -cp benchmarks.jar io.faunus.bench.StreamLoad --port 8443 [--streams 1000] [--rate 20] [--duration 20]
 *     [--connections 8] [--secret secret] [--server-pid PID] [--run 1]
 * </pre>
 */
public final class StreamLoad {
  private static final Pattern SENT = Pattern.compile("\"sent\":\\{\"@long\":\"(-?\\d+)\"\\}");

  public static void main(String[] args) throws Exception {
    int port = 8443, streams = 1000, rate = 20, duration = 20, connections = 8, run = 1;
    String secret = "secret";
    long serverPid = -1;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--streams" -> streams = Integer.parseInt(args[i + 1]);
        case "--rate" -> rate = Integer.parseInt(args[i + 1]);
        case "--duration" -> duration = Integer.parseInt(args[i + 1]);
        case "--connections" -> connections = Integer.parseInt(args[i + 1]);
        case "--secret" -> secret = args[i + 1];
        case "--server-pid" -> serverPid = Long.parseLong(args[i + 1]);
        case "--run" -> run = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String base = "http://127.0.0.1:" + port;
    HttpClient q = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String coll = "Ticks" + System.nanoTime();
    query(q, base, secret, "Collection.create({ name: '" + coll + "' }); 1");
    String tokenJson = query(q, base, secret, coll + ".all().toStream()");
    Matcher m = Pattern.compile("\"@stream\":\"([^\"]+)\"").matcher(tokenJson);
    if (!m.find()) throw new IllegalStateException("no token in " + tokenJson);
    String token = m.group(1);
    long rssBefore = rssKb(serverPid);

    List<HttpClient> clients = new ArrayList<>();
    for (int i = 0; i < connections; i++) clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build());
    ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong delivered = new AtomicLong();
    AtomicInteger opened = new AtomicInteger();
    List<CompletableFuture<HttpResponse<Void>>> open = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/stream/1")).header("Authorization", "Bearer " + secret)
          .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")).build();
      long[] mine = new long[1 << 16];
      AtomicInteger n = new AtomicInteger();
      latencies.add(mine);
      open.add(clients.get(i % connections).sendAsync(req, HttpResponse.BodyHandlers.fromLineSubscriber(
          new Flow.Subscriber<String>() {
            public void onSubscribe(Flow.Subscription s) {
              s.request(Long.MAX_VALUE);
            }

            public void onNext(String line) {
              long now = System.nanoTime();
              if (line.startsWith("{\"type\":\"status\"")) {
                opened.incrementAndGet();
                return;
              }
              Matcher sent = SENT.matcher(line);
              if (line.startsWith("{\"type\":\"add\"") && sent.find()) {
                int k = n.getAndIncrement();
                if (k < mine.length) mine[k] = now - Long.parseLong(sent.group(1));
                delivered.incrementAndGet();
              }
            }

            public void onError(Throwable t) {}

            public void onComplete() {}
          })));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (opened.get() < streams && System.nanoTime() < deadline) Thread.sleep(50);
    long rssOpen = rssKb(serverPid);

    long writes = 0;
    long periodNanos = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (long next = start; System.nanoTime() - start < TimeUnit.SECONDS.toNanos(duration); next += periodNanos) {
      while (System.nanoTime() < next) Thread.onSpinWait();
      query(q, base, secret, coll + ".create({ sent: " + System.nanoTime() + " }); 1");
      writes++;
    }
    long expected = writes * opened.get();
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (delivered.get() < expected && System.nanoTime() < deadline) Thread.sleep(50);
    long rssEnd = rssKb(serverPid);

    long[] all = latencies.stream().flatMapToLong(a -> Arrays.stream(a).filter(x -> x > 0)).sorted().toArray();
    double p50 = all.length == 0 ? 0 : all[all.length / 2] / 1e6;
    double p99 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, all.length * 0.99)] / 1e6;
    double max = all.length == 0 ? 0 : all[all.length - 1] / 1e6;
    System.out.printf(Locale.ROOT, "RESULT run=%d streams=%d opened=%d writes=%d expected=%d delivered=%d "
            + "p50_ms=%.2f p99_ms=%.2f max_ms=%.2f rss_before_mb=%d rss_open_mb=%d rss_end_mb=%d%n", run, streams,
        opened.get(), writes, expected, delivered.get(), p50, p99, max, rssBefore / 1024, rssOpen / 1024, rssEnd / 1024);
    for (HttpClient c : clients) c.shutdownNow();
    System.exit(0);
  }

  private static String query(HttpClient q, String base, String secret, String fql) throws Exception {
    String body = "{\"query\":" + quote(fql) + "}";
    HttpResponse<String> r = q.send(HttpRequest.newBuilder(URI.create(base + "/query/1")).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + secret).header("x-format", "tagged")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + r.body());
    return r.body();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Resident set size of a process in KiB (Linux), or -1. */
  private static long rssKb(long pid) {
    if (pid <= 0) return -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }
}
