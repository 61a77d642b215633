package dev.certstatus.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transport of the responder (RFC 6960 appendix A, RFC 5019), on the JDK's
 * {@code com.sun.net.httpserver}:
 *
 * <ul>
 *   <li>POST with {@code Content-Type: application/ocsp-request}; a body over the limit is refused
 *       with 413 before it is read (by its Content-Length, or after limit + 1 octets when
 *       chunked);
 *   <li>GET with the base64, URL-encoded request appended to any path prefix, with the RFC 5019
 *       caching headers (Cache-Control max-age up to nextUpdate, ETag, Last-Modified, Expires) and
 *       304 for a matching If-None-Match;
 *   <li>{@code /health} (200, or 503 naming the stale sources) and {@code /metrics} (Prometheus);
 *   <li>a bounded pool of workers, connections cut when a client takes longer than the request
 *       timeout to send its request or read the response, a graceful stop, and an access log
 *       (logger {@code dev.certstatus.server.access}).
 * </ul>
 *
 * <p>It decides nothing: every OCSP request goes to the {@link OcspEndpoint}.
 */
final class OcspHttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OcspHttpServer.class);
  private static final Logger ACCESS = LoggerFactory.getLogger("dev.certstatus.server.access");
  private static final String OCSP_REQUEST = "application/ocsp-request";
  private static final String OCSP_RESPONSE = "application/ocsp-response";
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME
      .withZone(ZoneOffset.UTC);
  private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final HttpServer server;
  private final ThreadPoolExecutor workers;
  private final ServerConfig.Http settings;
  private final OcspEndpoint endpoint;
  private final SourceHealth health;
  private final ServerMetrics metrics;
  private final Clock clock;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean closing;
  private final AtomicLong lastRejectWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

  private OcspHttpServer(ServerConfig.Http settings, OcspEndpoint endpoint, SourceHealth health,
      ServerMetrics metrics, Clock clock) throws IOException {
    this.settings = settings;
    this.endpoint = endpoint;
    this.health = health;
    this.metrics = metrics;
    this.clock = clock;
    configureJdkServer(settings.requestTimeout());
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(settings.bind()),
        settings.port());
    this.server = HttpServer.create(address, 128);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, "ocsp-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    RejectedExecutionHandler drop = (r, pool) -> {
      // The connection is left to the request timeout, which closes it: an overloaded responder
      // must shed load rather than queue without bound.
      metrics.rejected();
      long now = System.nanoTime();
      long last = lastRejectWarning.get();
      if (now - last >= WARN_INTERVAL_NANOS && lastRejectWarning.compareAndSet(last, now)) {
        LOG.warn("all {} workers busy and {} requests queued: dropping requests",
            settings.threads(), settings.queue());
      }
    };
    this.workers = new ThreadPoolExecutor(settings.threads(), settings.threads(), 60,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, settings.queue())), threads, drop);
    server.setExecutor(workers);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts a server.
   *
   * @param settings where to listen, limits and timeouts
   * @param endpoint answers OCSP requests
   * @param health the sources' freshness for {@code /health}
   * @param metrics where to count, and what {@code /metrics} shows
   * @param clock for caching headers
   * @return the running server
   * @throws IOException if it cannot listen
   */
  static OcspHttpServer start(ServerConfig.Http settings, OcspEndpoint endpoint,
      SourceHealth health, ServerMetrics metrics, Clock clock) throws IOException {
    return new OcspHttpServer(Objects.requireNonNull(settings, "settings"),
        Objects.requireNonNull(endpoint, "endpoint"), Objects.requireNonNull(health, "health"),
        Objects.requireNonNull(metrics, "metrics"), Objects.requireNonNull(clock, "clock"));
  }

  /**
   * The JDK server reads its timeouts from system properties once per process, when its first
   * server is created; a value already set (on the command line) wins.
   */
  private static void configureJdkServer(Duration timeout) {
    String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
    for (String p : new String[] {"sun.net.httpserver.maxReqTime",
        "sun.net.httpserver.maxRspTime"}) {
      String old = System.getProperty(p);
      if (old == null) {
        System.setProperty(p, seconds);
      } else if (!old.equals(seconds)) {
        LOG.info("{} is {} seconds for this process (set before this server started); the"
            + " configured {} seconds does not apply", p, old, seconds);
      }
    }
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      // OCSP answers are small: send them now rather than wait for more to coalesce.
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** @return the address the server listens on, with the real port */
  InetSocketAddress address() {
    return server.getAddress();
  }

  /** @return the responder's URL, such as {@code http://127.0.0.1:8080/} */
  URI uri() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + a.getPort() + "/");
  }

  /**
   * Stops gracefully: new requests are answered 503, requests in progress get up to the grace
   * period to finish, then the server stops. (The JDK's own {@code stop(delay)} waits out the
   * whole delay on some versions even when nothing is in progress.)
   */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
    try {
      while (inFlight.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop(0);
    workers.shutdownNow();
  }

  /** What one exchange came to, for the access log and metrics. */
  private static final class Outcome {
    int status;
    String word = "-";
    long requestSize = -1;
    long responseSize;
  }

  private void handle(HttpExchange ex) {
    long started = System.nanoTime();
    Outcome out = new Outcome();
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    inFlight.incrementAndGet();
    try {
      if (closing) {
        out.word = "shutting-down";
        ex.getResponseHeaders().set("Connection", "close");
        send(ex, out, 503, "text/plain; charset=utf-8",
            "shutting down\n".getBytes(StandardCharsets.UTF_8));
      } else if ("/health".equals(path) || "/metrics".equals(path)) {
        if (!"GET".equals(method)) {
          methodNotAllowed(ex, out, "GET");
        } else if ("/health".equals(path)) {
          SourceHealth.Report report = health.check();
          out.word = report.healthy() ? "healthy" : "unhealthy";
          send(ex, out, report.healthy() ? 200 : 503, "application/json",
              report.json().getBytes(StandardCharsets.UTF_8));
        } else {
          out.word = "metrics";
          send(ex, out, 200, "text/plain; version=0.0.4; charset=utf-8",
              metrics.scrape().getBytes(StandardCharsets.UTF_8));
        }
      } else if ("POST".equals(method)) {
        post(ex, out);
      } else if ("GET".equals(method)) {
        get(ex, out, path);
      } else {
        methodNotAllowed(ex, out, "GET, POST");
      }
    } catch (IOException e) {
      // The client went away or was cut for being slow: nothing more can be sent.
      out.word = "io-error";
      LOG.debug("exchange with {} failed: {}", ex.getRemoteAddress(), e.toString());
    } catch (RuntimeException e) {
      out.word = "internal-error";
      LOG.error("unexpected failure answering {} {}", method, abbreviate(path), e);
      if (out.status == 0) {
        try {
          send(ex, out, 500, "text/plain; charset=utf-8",
              "internal error\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
          // the client is gone as well
        }
      }
    } finally {
      ex.close();
      inFlight.decrementAndGet();
      metrics.request(method, out.status, out.word, out.requestSize, started);
      if (ACCESS.isInfoEnabled()) {
        ACCESS.info("{} \"{} {}\" {} {} {}ms {}", ex.getRemoteAddress().getAddress()
            .getHostAddress(), method, abbreviate(path), out.status, out.responseSize,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), out.word);
      }
    }
  }

  private void post(HttpExchange ex, Outcome out) throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (!isOcspRequestType(type)) {
      out.word = "wrong-content-type";
      ex.getResponseHeaders().set("Connection", "close");
      send(ex, out, 415, "text/plain; charset=utf-8", ("an OCSP request is POSTed with"
          + " Content-Type: " + OCSP_REQUEST + "\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    int max = settings.maxRequestBytes();
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    long declared = length == null ? -1 : parseLength(length);
    if (declared > max) {
      tooLarge(ex, out, declared);
      return;
    }
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      if (declared >= 0) {
        // The usual case: read into an array of exactly the declared size (no growing buffer,
        // no copy). The JDK's stream ends at Content-Length, so a short body reads short.
        byte[] buffer = new byte[(int) declared];
        int n = in.readNBytes(buffer, 0, buffer.length);
        body = n == buffer.length ? buffer : Arrays.copyOf(buffer, n);
        // One more read sees the end of the stream, so that closing it does not allocate a
        // buffer to drain what is left (nothing).
        in.read();
      } else {
        // Chunked: the size is known only at the end, so read at most one octet past the limit.
        body = in.readNBytes(max + 1);
      }
    }
    if (body.length > max) {
      tooLarge(ex, out, -1);
      return;
    }
    out.requestSize = body.length;
    OcspReply reply = endpoint.answer(body);
    out.word = reply.outcome();
    send(ex, out, 200, OCSP_RESPONSE, reply.body());
  }

  /** True for {@code application/ocsp-request}, in any case, with or without parameters. */
  static boolean isOcspRequestType(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String bare = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
    return OCSP_REQUEST.equalsIgnoreCase(bare);
  }

  private void tooLarge(HttpExchange ex, Outcome out, long size) throws IOException {
    out.word = "too-large";
    out.requestSize = size;
    ex.getResponseHeaders().set("Connection", "close");
    send(ex, out, 413, "text/plain; charset=utf-8", ("an OCSP request is at most "
        + settings.maxRequestBytes() + " octets\n").getBytes(StandardCharsets.UTF_8));
  }

  private static long parseLength(String header) {
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private void get(HttpExchange ex, Outcome out, String rawPath) throws IOException {
    byte[] request = decodeGetPath(rawPath);
    if (request.length > settings.maxRequestBytes()) {
      out.word = "too-large";
      out.requestSize = request.length;
      send(ex, out, 414, "text/plain; charset=utf-8", ("an OCSP request is at most "
          + settings.maxRequestBytes() + " octets\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    out.requestSize = request.length;
    OcspReply reply = endpoint.answer(request);
    out.word = reply.outcome();
    Headers h = ex.getResponseHeaders();
    Instant now = clock.instant();
    if (!reply.successful() || reply.nextUpdate().isEmpty()) {
      // An error or an answer without nextUpdate must not be served from a cache.
      h.set("Cache-Control", "no-cache, no-store, must-revalidate");
      send(ex, out, 200, OCSP_RESPONSE, reply.body());
      return;
    }
    Instant next = reply.nextUpdate().get();
    long maxAge = Math.max(0, Duration.between(now, next).getSeconds());
    String etag = "\"" + sha256Hex(reply.body()) + "\"";
    h.set("Cache-Control", "max-age=" + maxAge + ", public, no-transform, must-revalidate");
    h.set("ETag", etag);
    h.set("Last-Modified", HTTP_DATE.format(reply.producedAt().orElse(now)));
    h.set("Expires", HTTP_DATE.format(next));
    if (matches(ex.getRequestHeaders().getFirst("If-None-Match"), etag)) {
      out.word = "not-modified";
      out.status = 304;
      ex.sendResponseHeaders(304, -1);
      return;
    }
    send(ex, out, 200, OCSP_RESPONSE, reply.body());
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.strip();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("*") || t.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Finds the request in a GET path: the base64 of the DER request, URL-encoded, after any path
   * prefix. Unencoded '/' may occur inside base64, so every suffix that starts after a '/' is
   * tried, longest first, and the first that decodes to one whole DER SEQUENCE wins. Nothing
   * found: the last segment's bytes, which the engine answers as malformed.
   *
   * @param rawPath the path as sent, still percent-encoded
   * @return the request bytes
   */
  static byte[] decodeGetPath(String rawPath) {
    String path = rawPath == null ? "" : rawPath;
    int from = 0;
    while (from <= path.length()) {
      int slash = path.indexOf('/', from);
      if (slash < 0) {
        break;
      }
      String candidate = path.substring(slash + 1);
      byte[] der = tryDecode(candidate);
      if (der.length > 0) {
        return der;
      }
      from = slash + 1;
    }
    return new byte[0];
  }

  private static byte[] tryDecode(String encoded) {
    if (encoded.isEmpty()) {
      return new byte[0];
    }
    String b64;
    try {
      b64 = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
    // A DER SEQUENCE (0x30) encodes to base64 starting with 'M'.
    if (!b64.startsWith("M")) {
      return new byte[0];
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(b64.strip());
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
    return isOneDerElement(der) ? der : new byte[0];
  }

  /** True if the bytes are exactly one DER element by its length header. */
  private static boolean isOneDerElement(byte[] der) {
    if (der.length < 2) {
      return false;
    }
    int first = der[1] & 0xff;
    long length;
    int header;
    if (first < 0x80) {
      length = first;
      header = 2;
    } else {
      int n = first & 0x7f;
      if (n == 0 || n > 4 || der.length < 2 + n) {
        return false;
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (der[2 + i] & 0xff);
      }
      header = 2 + n;
    }
    return header + length == der.length;
  }

  private void methodNotAllowed(HttpExchange ex, Outcome out, String allow) throws IOException {
    out.word = "method-not-allowed";
    ex.getResponseHeaders().set("Allow", allow);
    send(ex, out, 405, "text/plain; charset=utf-8", ("use " + allow + "\n")
        .getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, Outcome out, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    out.status = status;
    out.responseSize = body.length;
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    }
  }

  private static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "...";
  }
}
