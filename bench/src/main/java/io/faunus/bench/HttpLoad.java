package io.faunus.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Closed-loop HTTP/1.1 load generator: N keep-alive connections, each with one request in flight, sending the
 * same pre-encoded {@code POST} again as soon as the previous answer is complete. Runs a warm-up, then measures
 * for a fixed time and prints one {@code RESULT} line: requests/s, latency percentiles (1 µs buckets), errors
 * (any status other than 200), and the CPU used by itself, by the server ({@code --server-pid}) and by every
 * core, so a reader can see which side was saturated.
 *
 * <p>Deliberately minimal so that it is not the bottleneck: Netty NIO with one event-loop thread by default
 * (the generator is pinned to one core), the request bytes encoded once, and the response parsed only as far as
 * the status code and {@code content-length}. Not {@code java.net.http}, whose per-request cost and HTTP/2
 * negotiation would be measured instead of the server.
 *
 * <pre>
 * java -cp benchmarks.jar io.faunus.bench.HttpLoad --port 8443 [--host 127.0.0.1] [--connections 32]
 *     [--warmup 10] [--duration 20] [--threads 1] [--path /query/1] [--body '{"query":"1 + 1"}']
 *     [--secret secret] [--expect '"data":2'] [--label faunus] [--run 1] [--server-pid PID]
 * </pre>
 */
public final class HttpLoad {

  /** 1 µs buckets up to 1 s; slower answers land in the last bucket. */
  static final class Histogram {
    final int[] counts = new int[1_000_001];
    long total;
    long maxMicros;

    void record(long micros) {
      if (micros > maxMicros) maxMicros = micros;
      counts[(int) Math.min(micros, counts.length - 1)]++;
      total++;
    }

    void add(Histogram o) {
      for (int i = 0; i < counts.length; i++) counts[i] += o.counts[i];
      total += o.total;
      maxMicros = Math.max(maxMicros, o.maxMicros);
    }

    long percentile(double p) {
      if (total == 0) return -1;
      long rank = Math.max(1, (long) Math.ceil(p * total));
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank) return i;
      }
      return maxMicros;
    }
  }

  /**
   * The requests one connection sends, one {@link #next()} per request. Called on that connection's event-loop
   * thread only, so an implementation may keep unsynchronized state (a random generator). The buffers it returns
   * are written as they are and must stay valid (pre-encode them, e.g. with {@link #encode}).
   */
  public interface Requests {
    ByteBuf next();
  }

  /** What one measured window saw. Latencies are of 200 answers only. */
  public record Result(double secs, long requests, long p50, long p90, long p99, long max, long errors,
      long conflicts, long contentionRetries, String firstBody, String firstError) {
    public double rps() {
      return requests / secs;
    }
  }

  /** The state shared by the connections of one {@link #run}. */
  static final class Session {
    volatile boolean measuring;
    volatile boolean stopping;
    final AtomicLong errors = new AtomicLong();
    final AtomicLong measuredErrors = new AtomicLong();
    /** 200 answers, warm-up included. */
    final AtomicLong ok = new AtomicLong();
    /** 409 answers (contended transactions); not counted in errors. */
    final AtomicLong measuredConflicts = new AtomicLong();
    /** Sum of stats.contention_retries over measured 200 answers, when {@link #countRetries}. */
    final AtomicLong measuredRetries = new AtomicLong();
    final boolean countRetries;
    final AtomicLong bodyBytes = new AtomicLong();
    final AtomicReference<String> firstBody = new AtomicReference<>();
    final AtomicReference<String> firstError = new AtomicReference<>();

    Session(boolean countRetries) {
      this.countRetries = countRetries;
    }
  }

  private static final byte[] RETRIES_FIELD = "\"contention_retries\":".getBytes(StandardCharsets.US_ASCII);

  /** One connection: sends, parses the answer, records its latency, sends again. */
  static final class Conn extends ByteToMessageDecoder {
    private final Session session;
    private final Requests requests;
    private final Histogram hist;
    private long sentAt;
    private int status;
    private int bodyRemaining = -1;
    private boolean captured;

    Conn(Session session, Requests requests, Histogram hist) {
      this.session = session;
      this.requests = requests;
      this.hist = hist;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      send(ctx);
      super.channelActive(ctx);
    }

    private void send(ChannelHandlerContext ctx) {
      if (session.stopping) return;
      ByteBuf request = requests.next();
      sentAt = System.nanoTime();
      ctx.writeAndFlush(request.duplicate(), ctx.voidPromise());
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      while (true) {
        if (bodyRemaining < 0 && !parseHead(in)) return;
        if (in.readableBytes() < bodyRemaining) return;
        if (status != 200 || !captured) capture(in, bodyRemaining);
        boolean measuring = session.measuring;
        if (status == 200 && measuring && session.countRetries) {
          session.measuredRetries.addAndGet(retries(in, bodyRemaining));
        }
        in.skipBytes(bodyRemaining);
        bodyRemaining = -1;
        long micros = (System.nanoTime() - sentAt) / 1000;
        if (status == 409) {
          if (measuring) session.measuredConflicts.incrementAndGet();
        } else if (status != 200) {
          session.errors.incrementAndGet();
          if (measuring) session.measuredErrors.incrementAndGet();
        } else {
          session.ok.incrementAndGet();
          if (measuring) hist.record(micros);
        }
        send(ctx);
      }
    }

    /** The value of {@code "contention_retries":N} in the body, 0 when absent. */
    private static long retries(ByteBuf in, int len) {
      int from = in.readerIndex();
      int end = from + len;
      outer:
      for (int i = from; i + RETRIES_FIELD.length < end; i++) {
        for (int j = 0; j < RETRIES_FIELD.length; j++) {
          if (in.getByte(i + j) != RETRIES_FIELD[j]) continue outer;
        }
        long v = 0;
        for (int k = i + RETRIES_FIELD.length; k < end; k++) {
          byte b = in.getByte(k);
          if (b < '0' || b > '9') break;
          v = v * 10 + (b - '0');
        }
        return v;
      }
      return 0;
    }

    private void capture(ByteBuf in, int len) {
      String body = in.toString(in.readerIndex(), len, StandardCharsets.UTF_8);
      if (status != 200) {
        session.firstError.compareAndSet(null, status + " " + body);
      } else {
        captured = true;
        if (session.firstBody.compareAndSet(null, body)) session.bodyBytes.set(len);
      }
    }

    /** Parses status line and headers if complete; false when more bytes are needed. */
    private boolean parseHead(ByteBuf in) {
      int start = in.readerIndex();
      int end = in.writerIndex();
      if (end - start < 12) return false;
      int line = start;
      int contentLength = -1;
      while (true) {
        int lf = in.indexOf(line, end, (byte) '\n');
        if (lf < 0) {
          if (end - start > 65536) throw new IllegalStateException("response head larger than 64 KiB");
          return false;
        }
        int len = lf - line;
        if (len <= 1) { // empty line: end of the head
          if (contentLength < 0) throw new IllegalStateException("response without content-length");
          status = (in.getByte(start + 9) - '0') * 100 + (in.getByte(start + 10) - '0') * 10
              + (in.getByte(start + 11) - '0');
          bodyRemaining = contentLength;
          in.readerIndex(lf + 1);
          return true;
        }
        if (len > 15 && (in.getByte(line) | 0x20) == 'c' && (in.getByte(line + 14) == ':')
            && in.toString(line, 14, StandardCharsets.US_ASCII).equalsIgnoreCase("content-length")) {
          int v = 0;
          for (int i = line + 15; i < lf; i++) {
            byte b = in.getByte(i);
            if (b >= '0' && b <= '9') v = v * 10 + (b - '0');
          }
          contentLength = v;
        }
        line = lf + 1;
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (!session.stopping) {
        session.errors.incrementAndGet();
        session.firstError.compareAndSet(null, "connection closed by the server");
      }
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      session.errors.incrementAndGet();
      session.firstError.compareAndSet(null, cause.toString());
      ctx.close();
    }
  }

  public static void main(String[] args) throws Exception {
    String host = "127.0.0.1";
    int port = 8443;
    int connections = 32;
    int threads = 1;
    double warmup = 10;
    double duration = 20;
    String path = "/query/1";
    String body = "{\"query\":\"1 + 1\"}";
    String secret = "secret";
    String expect = null;
    String label = "target";
    String run = "1";
    long serverPid = -1;
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--host" -> host = v;
        case "--port" -> port = Integer.parseInt(v);
        case "--connections" -> connections = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        case "--warmup" -> warmup = Double.parseDouble(v);
        case "--duration" -> duration = Double.parseDouble(v);
        case "--path" -> path = v;
        case "--body" -> body = v;
        case "--secret" -> secret = v;
        case "--expect" -> expect = v;
        case "--label" -> label = v;
        case "--run" -> run = v;
        case "--server-pid" -> serverPid = Long.parseLong(v);
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
      i++;
    }

    ByteBuf request = encode(host, port, path, secret, List.of(), body);
    Session session = new Session(false);
    Sampled m = run(session, host, port, connections, threads, warmup, duration, serverPid, () -> () -> request);
    Result r = m.result();
    CpuSample a = m.before();
    CpuSample b = m.after();
    String body200 = r.firstBody();
    long errors = r.errors() + r.conflicts();
    boolean expectOk = expect == null || (body200 != null && body200.contains(expect));
    StringBuilder cores = new StringBuilder();
    for (int i = 0; i < a.cores(); i++) {
      cores.append(String.format(Locale.ROOT, " core%d_busy=%.0f", i, CpuSample.corePct(a, b, i)));
    }
    System.out.println("first 200 body (" + session.bodyBytes.get() + " bytes): " + body200);
    if (r.firstError() != null) System.out.println("first error: " + r.firstError());
    if (!expectOk) System.out.println("ERROR: the first 200 body does not contain " + expect);
    System.out.println(String.format(Locale.ROOT,
        "RESULT label=%s run=%s connections=%d secs=%.2f requests=%d rps=%.0f p50_us=%d p90_us=%d p99_us=%d "
            + "max_us=%d errors=%d body_bytes=%d expect_ok=%b client_cpu=%.0f server_cpu=%.0f%s",
        label, run, connections, r.secs(), r.requests(), r.rps(), r.p50(), r.p90(), r.p99(), r.max(), errors,
        session.bodyBytes.get(), expectOk, CpuSample.selfPct(a, b), CpuSample.otherPct(a, b), cores));
    System.exit(r.requests() > 0 && errors == 0 && expectOk ? 0 : 1);
  }

  /** A measured window with the CPU samples taken at its start and end. */
  record Sampled(Result result, CpuSample before, CpuSample after, Histogram latency) {}

  /**
   * Encodes one {@code POST} with its headers ({@code extraHeaders} as "name: value" lines) once, into a buffer
   * that {@link Conn} can write any number of times.
   */
  public static ByteBuf encode(String host, int port, String path, String secret, List<String> extraHeaders,
      String body) {
    byte[] payload = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host)
        .append(':').append(port).append("\r\n");
    if (secret != null) head.append("Authorization: Bearer ").append(secret).append("\r\n"); // null: no header
    head.append("Content-Type: application/json\r\n");
    for (String h : extraHeaders) head.append(h).append("\r\n");
    head.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
    return Unpooled.unreleasableBuffer(Unpooled.directBuffer(headBytes.length + payload.length)
        .writeBytes(headBytes).writeBytes(payload));
  }

  /**
   * Opens {@code connections} keep-alive connections, each sending what its own {@link Requests} (one per
   * connection, from {@code perConnection}) gives it, closed-loop; warms up, measures, closes them all.
   */
  static Sampled run(Session session, String host, int port, int connections, int threads, double warmup,
      double duration, long serverPid, Supplier<Requests> perConnection) throws InterruptedException {
    return run(session, host, port, connections, threads, warmup, duration, serverPid, perConnection, start -> {});
  }

  /** As above; {@code window} is called just before the measured window opens (true) and after it closes (false). */
  static Sampled run(Session session, String host, int port, int connections, int threads, double warmup,
      double duration, long serverPid, Supplier<Requests> perConnection, java.util.function.Consumer<Boolean> window)
      throws InterruptedException {
    return run(session, host, new int[] {port}, connections, threads, warmup, duration, new long[] {serverPid},
        perConnection, window);
  }

  /**
   * As above against several servers (the nodes of a cluster): connection i goes to {@code ports[i % n]}, and
   * the server CPU is summed over {@code serverPids}.
   */
  static Sampled run(Session session, String host, int[] ports, int connections, int threads, double warmup,
      double duration, long[] serverPids, Supplier<Requests> perConnection,
      java.util.function.Consumer<Boolean> window) throws InterruptedException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    List<Histogram> hists = new ArrayList<>();
    List<Channel> channels = new ArrayList<>();
    try {
      for (int c = 0; c < connections; c++) {
        Histogram h = new Histogram();
        hists.add(h);
        Requests requests = perConnection.get();
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new Conn(session, requests, h));
              }
            });
        channels.add(b.connect(host, ports[c % ports.length]).sync().channel());
      }
      Thread.sleep((long) (warmup * 1000));
      window.accept(true);
      CpuSample a = CpuSample.take(serverPids);
      session.measuring = true;
      Thread.sleep((long) (duration * 1000));
      session.measuring = false;
      CpuSample b = CpuSample.take(serverPids);
      window.accept(false);
      session.stopping = true;
      for (Channel ch : channels) ch.close().awaitUninterruptibly();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(); // histograms safe to read now

      Histogram all = new Histogram();
      for (Histogram h : hists) all.add(h);
      double secs = (b.nanos() - a.nanos()) / 1e9;
      return new Sampled(new Result(secs, all.total, all.percentile(0.50), all.percentile(0.90),
          all.percentile(0.99), all.maxMicros, session.measuredErrors.get(), session.measuredConflicts.get(),
          session.measuredRetries.get(), session.firstBody.get(), session.firstError.get()), a, b, all);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
