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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The Faunus side of {@link Bench}: the {@code Bench} collection of {@link DbLoad} and the store of
 * {@code examples/ecommerce/schema/store.fsl} (pushed through {@code /schema/1/update}), the same data as
 * {@link PgLoad}, and each workload as pools of pre-encoded FQL requests driven by {@link HttpLoad}. Contended
 * writes carry {@code x-max-contention-retries}, so Faunus retries them itself and reports how often. The keys are
 * written into each text or sent as arguments of one text per workload ({@link QueryStyle}).
 */
final class FaunusSide {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Distinct request texts per pool: enough that no cached answer can serve a measurable share of them. */
  private static final int POOL = 4096;

  private final DbLoad db;
  private final String host;
  private final int port;
  private final long serverPid;
  private final Bench.Data data;
  private final int retries;
  private final QueryStyle style;
  private List<String> ids;
  private final List<String> customers = new ArrayList<>();
  private final List<String> products = new ArrayList<>();
  /** Successful rmw and place-order answers, warm-up included, and how many connections ever sent them. */
  long rmwOk;
  long ordersOk;
  long rmwConnections;
  long orderConnections;

  FaunusSide(String host, int port, String secret, long serverPid, Bench.Data data, int retries, QueryStyle style) {
    this.db = new DbLoad(host, port, new int[0], secret);
    this.host = host;
    this.port = port;
    this.serverPid = serverPid;
    this.data = data;
    this.retries = retries;
    this.style = style;
  }

  void setup() throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    // The schema first: a push makes the database's definitions match the files, and would remove Bench.
    pushSchema(Bench.resource("/ecommerce/schema/store.fsl"));
    for (int from = 0; from < data.customers(); from += 100) {
      int to = Math.min(data.customers(), from + 100);
      StringBuilder q = new StringBuilder("[");
      for (int i = from; i < to; i++) {
        q.append(i > from ? ", " : "").append("Customer.create({ name: \"customer ").append(i + 1)
            .append("\", email: \"c").append(i + 1).append("@example.com\" }).id");
      }
      for (JsonNode id : db.query(q.append(']').toString(), List.of())) customers.add(id.asText());
    }
    for (int from = 0; from < data.products(); from += 100) {
      int to = Math.min(data.products(), from + 100);
      StringBuilder q = new StringBuilder("[");
      for (int i = from; i < to; i++) {
        int n = i + 1;
        q.append(i > from ? ", " : "").append("{ let p = Product.create({ name: \"product ").append(n)
            .append("\", category: \"c").append(n % 10).append("\", price_cents: ").append(100 + n)
            .append(" }); Stock.create({ product: p, quantity: ").append(Bench.STOCK).append(" }); p.id }");
      }
      for (JsonNode id : db.query(q.append(']').toString(), List.of())) products.add(id.asText());
    }
    // The k values come from the data set: DbLoad's preload shuffles 0..docs-1 with the same seed.
    DbLoad.Preloaded pre = db.preload(data.docs(), new Random(data.seed()));
    for (int i = 0; i < data.docs(); i++) {
      if (pre.ks().get(i) != data.ks()[i]) throw new IllegalStateException("k permutation differs from Bench.Data");
    }
    ids = pre.ids();
    System.out.printf(java.util.Locale.ROOT, "faunus: store schema pushed, %d customers, %d products in %.1f s%n",
        customers.size(), products.size(), (System.nanoTime() - t0) / 1e9);
  }

  /** {@code POST /schema/1/update?force=true}, one multipart part per file, as the fauna CLI sends it. */
  private void pushSchema(String fsl) throws IOException, InterruptedException {
    String boundary = "faunus-bench-" + System.nanoTime();
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"store.fsl\"; filename=\"store.fsl\""
        + "\r\nContent-Type: application/octet-stream\r\n\r\n" + fsl + "\r\n--" + boundary + "--\r\n";
    HttpResponse<String> resp = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/schema/1/update?force=true"))
            .header("Authorization", "Bearer " + Bench.SECRET)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 200) throw new IOException("schema push failed: " + resp.statusCode() + " " + resp.body());
  }

  /** One line of an order: the field order of the literal text is kept (a LinkedHashMap). */
  private static Map<String, Object> orderLine(String product) {
    Map<String, Object> line = new java.util.LinkedHashMap<>();
    line.put("product", product);
    line.put("quantity", 1);
    return line;
  }

  private List<ByteBuf> pool(Workload w, Keys keys, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> headers = new ArrayList<>(style.headers());
    if (w.contended()) headers.add("x-max-contention-retries: " + retries);
    List<ByteBuf> out = new ArrayList<>();
    for (int i = 0; i < POOL; i++) {
      QueryStyle.Query q = switch (w) {
        case READ -> style.query("Bench.byId($id)!.v", Map.of("id", ids.get(keys.pick(r, data.docs()))));
        case INDEX -> style.query("Bench.byK($k).first()!.v", Map.of("k", data.ks()[keys.pick(r, data.docs())]));
        // k values beyond the preloaded ones; Bench.byK is not unique, so repeats are fine.
        case INSERT -> style.query("Bench.create({ k: $k, v: 0 }).id", Map.of("k", data.docs() + r.nextInt(1_000_000_000)));
        case RMW -> style.query("let d = Bench.byId($id)!\nd.update({ v: d.v + 1 }).v",
            Map.of("id", ids.get(keys.pick(r, data.docs()))));
        case PLACE_ORDER -> {
          List<Object> lines = new ArrayList<>();
          for (int pick : keys.pickDistinct(r, data.products(), Bench.LINES_PER_ORDER)) {
            lines.add(orderLine(products.get(pick)));
          }
          yield style.query("placeOrder($customer, $lines).id",
              Map.of("customer", customers.get(keys.pick(r, data.customers())), "lines", lines));
        }
      };
      out.add(db.request(q.query(), q.arguments(), headers));
    }
    return out;
  }

  Cell run(Workload w, Keys keys, int clients, double warmupSecs, double durationSecs, long seed)
      throws IOException, InterruptedException {
    HttpLoad.Session s = new HttpLoad.Session(w.contended());
    String[] load = new String[1];
    List<ByteBuf> pool = pool(w, keys, seed);
    HttpLoad.Sampled m = HttpLoad.run(s, host, new int[] {port}, clients, 1, warmupSecs, durationSecs,
        new long[] {serverPid}, ClosedLoop.random(pool, seed), start -> {
          if (start) load[0] = ClosedLoop.loadAvg();
        });
    for (ByteBuf b : pool) b.unwrap().release(); // encode() wraps each in an unreleasable view
    if (w == Workload.RMW) {
      rmwOk += s.ok.get();
      rmwConnections += clients;
    }
    if (w == Workload.PLACE_ORDER) {
      ordersOk += s.ok.get();
      orderConnections += clients;
    }
    HttpLoad.Result r = m.result();
    // HttpLoad counts every answer but 200 and 409 as an error; for placeOrder with ample stock an abort would be
    // a bug, so it stays an error here rather than being excused as a business abort.
    return Cell.of("faunus", w, clients, m.latency(), r.secs(), 0, r.conflicts(), r.contentionRetries(), r.errors(),
        (m.after().otherCpuNanos() - m.before().otherCpuNanos()) / 1e9,
        (m.after().jitCpuNanos() - m.before().jitCpuNanos()) / 1e9, load[0], r.firstError());
  }

  /**
   * Checks after the run. Closing a window's connections may leave one request per connection committed but
   * unanswered, so the database may hold up to that many more than were acknowledged, never fewer.
   */
  List<String> check(boolean ranRmw, boolean ranOrders) throws IOException, InterruptedException {
    List<String> out = new ArrayList<>();
    if (ranRmw) {
      long sum = db.sumV(ids);
      out.add(Bench.checkLine("faunus rmw", "sum of increments = " + sum + ", acknowledged = " + rmwOk
          + " (up to " + rmwConnections + " more may have committed unanswered)",
          sum >= rmwOk && sum - rmwOk <= rmwConnections));
    }
    if (ranOrders) {
      long left = pagedSum("Stock.all().map(s => s.quantity)");
      long taken = (long) data.products() * Bench.STOCK - left;
      long lines = pagedSum("OrderLine.all().map(l => l.quantity)");
      long orders = pagedSum("Order.all().map(o => 1)");
      out.add(Bench.checkLine("faunus place-order", "stock taken = " + taken + ", order-line units = " + lines
          + "; orders = " + orders + ", acknowledged = " + ordersOk + " (+ up to " + orderConnections + ")",
          taken == lines && lines == orders * Bench.LINES_PER_ORDER && orders >= ordersOk
              && orders - ordersOk <= orderConnections));
    }
    return out;
  }

  /** The sum of a set of numbers, a page at a time (one query would read every document at once). */
  private long pagedSum(String set) throws IOException, InterruptedException {
    long sum = 0;
    JsonNode page = db.query(set + ".paginate(4000)", List.of());
    while (true) {
      for (JsonNode v : page.get("data")) sum += v.asLong();
      JsonNode after = page.get("after");
      if (after == null || after.isNull()) return sum;
      page = db.query("Set.paginate(" + JSON.writeValueAsString(after.asText()) + ")", List.of());
    }
  }
}
