package dev.certstatus.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;

/**
 * A small HTTP load generator for OCSP responders: POSTs one saved request with {@code
 * Content-Type: application/ocsp-request} from {@code concurrency} clients, by default a new
 * connection per request (HTTP/1.0, as ApacheBench sends it; {@code openssl ocsp} closes every
 * connection), or with {@code --keep-alive} over HTTP/1.1 connections that each client keeps
 * for its next request, and checks that every reply is HTTP 200 with a body that parses as a
 * successful OCSPResponse with a basic response. Anything else is an error, counted by kind and
 * reported on standard error.
 *
 * <p>One thread drives every connection through a non-blocking selector, so that the generator
 * takes as little as possible of the CPU it shares with the server; its own CPU time per response
 * (the whole process: the loop, parsing every reply, GC and JIT) is printed so that readers can
 * judge.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.certstatus.benchmarks.HttpLoad URL REQUEST.der
 * [--concurrency C] [--warmup N] [--requests M | --seconds S] [--timeout SECONDS] [--keep-alive]}.
 * The last line
 * is {@code result ...} with {@code key=value} pairs; the exit code is 1 if any request failed.
 */
public final class HttpLoad {

  private static final int MAX_ERROR_SAMPLES = 5;

  /**
   * What to run.
   *
   * @param url the responder's URL (http only)
   * @param request the DER OCSP request to POST
   * @param concurrency requests in flight at once
   * @param warmup requests answered before measuring starts
   * @param requests requests measured, or 0 when {@code duration} bounds the measurement
   * @param duration how long to measure when {@code requests} is 0
   * @param timeout the longest one request may take before it counts as an error
   * @param keepAlive HTTP/1.1 connections kept for the next request (a connection the server
   *     closes is opened again, and that is not an error), instead of one per request
   */
  record Options(URI url, byte[] request, int concurrency, int warmup, int requests,
      Duration duration, Duration timeout, boolean keepAlive) {

    Options {
      Objects.requireNonNull(url, "url");
      if (!"http".equals(url.getScheme())) {
        throw new IllegalArgumentException("only http URLs, got " + url);
      }
      request = request.clone();
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
      }
      if (warmup < 0 || requests < 0) {
        throw new IllegalArgumentException("warmup and requests must be at least 0, got "
            + warmup + " and " + requests);
      }
      if (requests == 0 && (duration == null || duration.isZero() || duration.isNegative())) {
        throw new IllegalArgumentException("give a number of requests or a positive duration");
      }
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  /**
   * What the measured phase came to.
   *
   * @param ok replies that were HTTP 200 with a successful OCSPResponse
   * @param errors everything else, by kind (such as {@code http-500}, {@code not-ocsp})
   * @param errorSamples the first few errors, described
   * @param nanos the measured phase's wall-clock time
   * @param cpuNanos the generator process's CPU time during the measured phase
   * @param meanLatencyNanos the mean time from connect to the reply's last octet
   */
  record Result(long ok, Map<String, Long> errors, List<String> errorSamples, long nanos,
      long cpuNanos, double meanLatencyNanos) {

    /** @return every failed request */
    long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return successful replies per second */
    double requestsPerSecond() {
      return ok * 1e9 / nanos;
    }

    /** @return the generator's CPU time per reply, in microseconds */
    double cpuMicrosPerResponse() {
      long all = ok + errorCount();
      return all == 0 ? 0 : cpuNanos / 1e3 / all;
    }

    /** @return one line of {@code key=value} pairs */
    String line() {
      return String.format(Locale.ROOT, "result ok=%d errors=%d seconds=%.3f requests_per_s=%.1f"
          + " mean_latency_ms=%.3f client_cpu_us_per_response=%.1f client_cpu_cores=%.2f%s",
          ok, errorCount(), nanos / 1e9, requestsPerSecond(), meanLatencyNanos / 1e6,
          cpuMicrosPerResponse(), (double) cpuNanos / nanos,
          errors.isEmpty() ? "" : " error_kinds=" + errors.toString().replace(" ", ""));
    }
  }

  private HttpLoad() {}

  /**
   * Runs from the command line; see the class comment.
   *
   * @param args URL, request file and options
   * @throws IOException if the request file cannot be read or the selector fails
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      usage("URL and REQUEST.der are required");
    }
    int concurrency = 16;
    int warmup = 3000;
    int requests = 20_000;
    Duration duration = null;
    Duration timeout = Duration.ofSeconds(10);
    boolean keepAlive = false;
    for (int i = 2; i < args.length; i++) {
      String flag = args[i];
      if ("--keep-alive".equals(flag)) {
        keepAlive = true;
        continue;
      }
      if (i + 1 >= args.length) {
        usage(flag + " needs a value");
      }
      String value = args[++i];
      try {
        switch (flag) {
          case "--concurrency" -> concurrency = Integer.parseInt(value);
          case "--warmup" -> warmup = Integer.parseInt(value);
          case "--requests" -> requests = Integer.parseInt(value);
          case "--seconds" -> {
            duration = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
            requests = 0;
          }
          case "--timeout" ->
              timeout = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
          default -> usage("unknown flag " + flag);
        }
      } catch (NumberFormatException e) {
        usage(flag + ": not a number: '" + value + "'");
      }
    }
    byte[] request;
    try {
      request = Files.readAllBytes(Path.of(args[1]));
    } catch (IOException e) {
      usage("cannot read the request file " + args[1] + ": " + e);
      return;
    }
    Options options;
    try {
      options = new Options(URI.create(args[0]), request, concurrency, warmup, requests, duration,
          timeout, keepAlive);
    } catch (IllegalArgumentException e) {
      usage(e.getMessage());
      return;
    }
    Result r = run(options);
    if (r.errorCount() > 0) {
      System.err.println("HttpLoad: " + r.errorCount() + " REQUESTS FAILED: " + r.errors());
      r.errorSamples().forEach(s -> System.err.println("  " + s));
    }
    System.out.println(r.line());
    System.exit(r.errorCount() > 0 ? 1 : 0);
  }

  private static void usage(String problem) {
    System.err.println("HttpLoad: " + problem + "\nusage: HttpLoad URL REQUEST.der [--concurrency"
        + " C] [--warmup N] [--requests M | --seconds S] [--timeout SECONDS] [--keep-alive]");
    System.exit(2);
  }

  /**
   * Runs the warm-up, then the measured phase.
   *
   * @param options what to run
   * @return the measured phase's counts and times
   * @throws IOException if the selector cannot be opened
   */
  static Result run(Options options) throws IOException {
    try (Selector selector = Selector.open()) {
      return new Run(options, selector).go();
    }
  }

  /** One client: its in-flight request and its connection. */
  private static final class Slot {
    final ByteBuffer out;
    ByteBuffer in = ByteBuffer.allocate(4096);
    SocketChannel channel;
    SelectionKey key;
    /** The connection served an earlier request (keep-alive), so the server may have closed it. */
    boolean reused;
    /** The reply ended by its Content-Length and the server did not ask to close. */
    boolean keepable;
    long started;

    Slot(ByteBuffer request) {
      this.out = request.duplicate();
    }
  }

  /** The state of one run; single-threaded. */
  private static final class Run {
    private final Options options;
    private final Selector selector;
    private final InetSocketAddress address;
    private final ByteBuffer request;
    private final List<Slot> active = new ArrayList<>();
    private final ArrayDeque<Slot> idle = new ArrayDeque<>();
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private boolean measuring;
    private long issued;
    private long completed;
    private long measureStart;
    private long measureEnd;
    private long cpuStart;
    private long cpuMeasured;
    private long measuredDone;
    private long ok;
    private long latencySum;
    private final Map<String, Long> errors = new TreeMap<>();
    private final List<String> samples = new ArrayList<>();

    Run(Options options, Selector selector) {
      this.options = options;
      this.selector = selector;
      URI u = options.url();
      int port = u.getPort() < 0 ? 80 : u.getPort();
      this.address = new InetSocketAddress(u.getHost(), port);
      String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
      // HTTP/1.1 connections persist unless a side says otherwise; HTTP/1.0 ones close.
      String version = options.keepAlive() ? "HTTP/1.1" : "HTTP/1.0";
      byte[] head = ("POST " + path + " " + version + "\r\nHost: " + u.getHost() + ":" + port
          + "\r\nContent-Type: application/ocsp-request\r\nContent-Length: "
          + options.request().length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      ByteBuffer b = ByteBuffer.allocate(head.length + options.request().length);
      b.put(head).put(options.request()).flip();
      this.request = b.asReadOnlyBuffer();
    }

    Result go() throws IOException {
      if (options.warmup() == 0) {
        startMeasuring();
      }
      while (true) {
        while (active.size() < options.concurrency() && mayIssue()) {
          Slot free = idle.poll();
          start(free != null ? free : new Slot(request));
        }
        if (active.isEmpty()) {
          break;
        }
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          step((Slot) key.attachment(), key);
        }
        selector.selectedKeys().clear();
        expire();
        if (measuring && options.requests() == 0 && measureEnd == 0
            && System.nanoTime() - measureStart >= options.duration().toNanos()) {
          stopMeasuring();
        }
      }
      if (measureEnd == 0) {
        stopMeasuring();
      }
      for (Slot s : idle) {
        if (s.channel != null) {
          close(s);
        }
      }
      return new Result(ok, Map.copyOf(errors), List.copyOf(samples), measureEnd - measureStart,
          cpuMeasured, measuredDone == 0 ? 0 : (double) latencySum / measuredDone);
    }

    private boolean mayIssue() {
      if (options.requests() > 0) {
        return issued < (long) options.warmup() + options.requests();
      }
      return measureEnd == 0;
    }

    private void startMeasuring() {
      measuring = true;
      measureStart = System.nanoTime();
      cpuStart = os.getProcessCpuTime();
    }

    private void stopMeasuring() {
      measureEnd = System.nanoTime();
      measuring = false;
      // Replies that arrive after the end (duration mode) are not counted.
      cpuMeasured = os.getProcessCpuTime() - cpuStart;
    }

    private void start(Slot s) {
      issued++;
      s.started = System.nanoTime();
      active.add(s);
      send(s);
    }

    /** Sends the request on the slot's kept connection, or on a new one. */
    private void send(Slot s) {
      s.out.clear();
      s.in.clear();
      s.keepable = false;
      if (s.channel != null) {
        s.reused = true;
        try {
          write(s, s.key);
        } catch (IOException e) {
          reconnect(s);
        }
        return;
      }
      s.reused = false;
      try {
        s.channel = SocketChannel.open();
        s.channel.configureBlocking(false);
        s.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (s.channel.connect(address)) {
          s.key = s.channel.register(selector, 0, s);
          write(s, s.key);
        } else {
          s.key = s.channel.register(selector, SelectionKey.OP_CONNECT, s);
        }
      } catch (IOException e) {
        finish(s, "connect", e.toString());
      }
    }

    /** The server closed a kept connection before answering on it: not an error, send again. */
    private void reconnect(Slot s) {
      close(s);
      send(s);
    }

    private void close(Slot s) {
      try {
        s.channel.close();
      } catch (IOException | RuntimeException ignored) {
        // the request is counted by the caller
      }
      s.channel = null;
      s.key = null;
    }

    private void step(Slot s, SelectionKey key) {
      if (!key.isValid()) {
        return;
      }
      // A failed finishConnect closes the channel and cancels the key: ask before, not after.
      boolean connecting = key.isConnectable();
      try {
        if (connecting) {
          s.channel.finishConnect();
          write(s, key);
        } else if (key.isWritable()) {
          write(s, key);
        } else if (key.isReadable()) {
          read(s);
        }
      } catch (IOException e) {
        if (s.reused && s.in.position() == 0) {
          reconnect(s);
        } else {
          finish(s, connecting ? "connect" : "io", e.toString());
        }
      }
    }

    private void write(Slot s, SelectionKey key) throws IOException {
      s.channel.write(s.out);
      key.interestOps(s.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void read(Slot s) throws IOException {
      if (!s.in.hasRemaining()) {
        s.in = ByteBuffer.allocate(s.in.capacity() * 2).put(s.in.flip());
      }
      int n = s.channel.read(s.in);
      if (n < 0) {
        check(s, true);
      } else {
        check(s, false);
      }
    }

    /** Finishes the request once the reply is whole: Content-Length octets, or end of stream. */
    private void check(Slot s, boolean eof) {
      byte[] a = s.in.array();
      int len = s.in.position();
      int headEnd = headerEnd(a, len);
      if (eof && len == 0 && s.reused) {
        reconnect(s);
        return;
      }
      if (headEnd < 0) {
        if (eof) {
          finish(s, "truncated", "connection closed after " + len + " octets of headers");
        }
        return;
      }
      String head = new String(a, 0, headEnd, StandardCharsets.ISO_8859_1);
      long contentLength = contentLength(head);
      int body = headEnd + 4;
      if (contentLength >= 0 && len - body >= contentLength) {
        s.keepable = !eof && len - body == contentLength && !asksToClose(head);
        judge(s, head, Arrays.copyOfRange(a, body, (int) (body + contentLength)));
      } else if (eof) {
        if (contentLength >= 0) {
          finish(s, "truncated", "body of " + (len - body) + " octets, Content-Length "
              + contentLength);
        } else {
          judge(s, head, Arrays.copyOfRange(a, body, len));
        }
      }
    }

    private void judge(Slot s, String head, byte[] body) {
      int sp = head.indexOf(' ');
      String code = sp < 0 ? "" : head.substring(sp + 1, Math.min(head.length(), sp + 4));
      if (!head.startsWith("HTTP/1.") || !"200".equals(code)) {
        finish(s, "http-" + code, "status line " + head.lines().findFirst().orElse(""));
        return;
      }
      try {
        OCSPResp r = new OCSPResp(body);
        if (r.getStatus() != OCSPResp.SUCCESSFUL) {
          finish(s, "ocsp-status-" + r.getStatus(), "OCSPResponseStatus " + r.getStatus());
        } else if (!(r.getResponseObject() instanceof BasicOCSPResp)) {
          finish(s, "not-basic", "no basic OCSP response in a successful OCSPResponse");
        } else {
          finish(s, null, null);
        }
      } catch (IOException | RuntimeException | org.bouncycastle.cert.ocsp.OCSPException e) {
        finish(s, "not-ocsp", "a " + body.length + "-octet body that is no OCSPResponse: " + e);
      }
    }

    private void expire() {
      long now = System.nanoTime();
      long limit = options.timeout().toNanos();
      for (int i = active.size() - 1; i >= 0; i--) {
        Slot s = active.get(i);
        if (now - s.started > limit) {
          finish(s, "timeout", "no whole reply within " + options.timeout().toMillis() + " ms");
        }
      }
    }

    /**
     * Counts the request and closes its connection, or keeps it for the slot's next request
     * (keep-alive, a good and whole reply); {@code error} null for a good reply.
     */
    private void finish(Slot s, String error, String detail) {
      if (options.keepAlive() && error == null && s.keepable) {
        // Nothing to read until the next request: a close by the server shows up then.
        s.key.interestOps(0);
      } else if (s.channel != null) {
        close(s);
      }
      active.remove(s);
      idle.push(s);
      completed++;
      if (measuring) {
        measuredDone++;
        latencySum += System.nanoTime() - s.started;
        if (error == null) {
          ok++;
        } else {
          errors.merge(error, 1L, Long::sum);
          if (samples.size() < MAX_ERROR_SAMPLES) {
            samples.add(error + ": " + detail);
          }
        }
        if (options.requests() > 0 && measuredDone >= options.requests()) {
          stopMeasuring();
        }
      } else if (error != null && measureEnd == 0) {
        // Warm-up failures are reported too: a responder that fails then is broken.
        errors.merge("warmup-" + error, 1L, Long::sum);
        if (samples.size() < MAX_ERROR_SAMPLES) {
          samples.add("warm-up " + error + ": " + detail);
        }
      }
      if (!measuring && measureEnd == 0 && completed == options.warmup()) {
        startMeasuring();
      }
    }

    private static int headerEnd(byte[] a, int len) {
      for (int i = 0; i + 3 < len; i++) {
        if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
          return i;
        }
      }
      return -1;
    }

    private static boolean asksToClose(String head) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Connection")
            && line.substring(colon + 1).trim().equalsIgnoreCase("close")) {
          return true;
        }
      }
      // An HTTP/1.0 reply closes unless it says keep-alive; certstatus and the JDK answer 1.1.
      return head.startsWith("HTTP/1.0");
    }

    private static long contentLength(String head) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
          try {
            return Long.parseLong(line.substring(colon + 1).trim());
          } catch (NumberFormatException e) {
            return -1;
          }
        }
      }
      return -1;
    }
  }
}
