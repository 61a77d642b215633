package dev.certstatus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.RevocationProvider;
import dev.certstatus.core.Role;
import dev.certstatus.core.SourceState;
import dev.certstatus.core.StatusQuery;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP transport over loopback, with an endpoint that records what it was given. */
class OcspHttpServerTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Instant NEXT = NOW.plusSeconds(3600);
  /** A DER SEQUENCE whose base64, "MAgA++++////AA==", has '+', '/' and '='. */
  private static final byte[] REQUEST = {0x30, 0x08, 0x00, (byte) 0xfb, (byte) 0xef,
      (byte) 0xbe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00};
  private static final byte[] RESPONSE = {0x30, 0x03, 0x0a, 0x01, 0x00};

  private final List<byte[]> received = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private OcspHttpServer server;
  private volatile boolean successful = true;
  private volatile long endpointDelayMillis;

  private OcspHttpServer start(List<SourceHealth.Served> sources) throws IOException {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    ServerConfig.Http http = new ServerConfig.Http("127.0.0.1", 0, 4, 64, 1024,
        Duration.ofSeconds(1), Duration.ofSeconds(5));
    OcspEndpoint endpoint = request -> {
      received.add(request);
      if (endpointDelayMillis > 0) {
        try {
          Thread.sleep(endpointDelayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return successful
          ? new OcspReply(RESPONSE, true, Optional.of(NOW), Optional.of(NEXT), "successful")
          : new OcspReply(new byte[] {0x30, 0x03, 0x0a, 0x01, 0x03}, false, Optional.empty(),
              Optional.empty(), "tryLater");
    };
    ServerMetrics metrics = new ServerMetrics(Map.of(), clock);
    sources.forEach(s -> metrics.watch(s.ca(), s.provider()));
    server = OcspHttpServer.start(http, endpoint, new SourceHealth(sources, clock), metrics,
        clock);
    return server;
  }

  private OcspHttpServer start() throws IOException {
    return start(List.of());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<byte[]> post(String contentType, byte[] body) throws Exception {
    return client.send(HttpRequest.newBuilder(server.uri()).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void postOfAnOcspRequestIsAnsweredWithTheEndpointsResponse() throws Exception {
    start();
    HttpResponse<byte[]> r = post("application/ocsp-request", REQUEST);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/ocsp-response");
    assertThat(r.body()).isEqualTo(RESPONSE);
    assertThat(received).hasSize(1);
    assertThat(received.get(0)).isEqualTo(REQUEST);
  }

  @Test
  void theContentTypeMatchesInAnyCaseAndWithParameters() throws Exception {
    start();
    assertThat(post("Application/OCSP-Request; charset=binary", REQUEST).statusCode())
        .isEqualTo(200);
    assertThat(post(" application/ocsp-request ", REQUEST).statusCode()).isEqualTo(200);
    assertThat(OcspHttpServer.isOcspRequestType("application/ocsp-requests")).isFalse();
    assertThat(OcspHttpServer.isOcspRequestType(";application/ocsp-request")).isFalse();
    assertThat(OcspHttpServer.isOcspRequestType(null)).isFalse();
    assertThat(received).hasSize(2);
  }

  @Test
  void postWithAnotherContentTypeIs415AndNeverReachesTheEndpoint() throws Exception {
    start();
    HttpResponse<byte[]> r = post("application/x-www-form-urlencoded", REQUEST);
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(received).isEmpty();
  }

  @Test
  void otherMethodsAre405WithAllow() throws Exception {
    start();
    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(server.uri())
        .method("PUT", HttpRequest.BodyPublishers.ofByteArray(REQUEST)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, POST");
    HttpResponse<byte[]> h = client.send(HttpRequest.newBuilder(server.uri().resolve("/health"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(h.statusCode()).isEqualTo(405);
    assertThat(received).isEmpty();
  }

  @Test
  void anOversizedDeclaredBodyIsRefusedWith413BeforeItIsSent() throws Exception {
    start();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()), 5000);
      s.setSoTimeout(5000);
      // Headers only: a server that tried to buffer 100 MB first would never answer.
      s.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type:"
          + " application/ocsp-request\r\nContent-Length: 100000000\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      String status = readLine(s.getInputStream());
      assertThat(status).startsWith("HTTP/1.1 413");
    }
    assertThat(received).isEmpty();
  }

  @Test
  void anOversizedChunkedBodyIsRefusedWith413() throws Exception {
    start();
    byte[] big = new byte[4096];
    big[0] = 0x30;
    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(server.uri())
        .header("Content-Type", "application/ocsp-request")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(received).isEmpty();
  }

  @Test
  void aChunkedBodyWithinTheLimitReachesTheEndpointWhole() throws Exception {
    start();
    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(server.uri())
        .header("Content-Type", "application/ocsp-request")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(REQUEST)))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(received).singleElement().isEqualTo(REQUEST);
  }

  @Test
  void aDeclaredBodyOfExactlyTheLimitIsReadWhole() throws Exception {
    start();
    byte[] limit = new byte[1024];
    limit[0] = 0x30;
    limit[1023] = 0x7f;
    HttpResponse<byte[]> r = post("application/ocsp-request", limit);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(received).singleElement().isEqualTo(limit);
    HttpResponse<byte[]> over = post("application/ocsp-request", new byte[1025]);
    assertThat(over.statusCode()).isEqualTo(413);
    assertThat(received).hasSize(1);
  }

  @Test
  void getDecodesTheRequestAfterAnyPrefixWithPercentEncodingOrNone() throws Exception {
    start();
    String b64 = Base64.getEncoder().encodeToString(REQUEST);
    assertThat(b64).isEqualTo("MAgA++++////AA==");
    String encoded = URLEncoder.encode(b64, StandardCharsets.US_ASCII);
    assertThat(encoded).contains("%2B", "%2F", "%3D");
    for (String path : List.of("/" + encoded, "/ocsp/" + encoded, "/a/b/c/" + encoded,
        "/ocsp/" + b64.replace("+", "%2B").replace("=", "%3D"),
        "/" + encoded.replace("%2B", "%2b").replace("%2F", "%2f").replace("%3D", "%3d"))) {
      received.clear();
      HttpResponse<byte[]> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.body()).as(path).isEqualTo(RESPONSE);
      assertThat(received).as(path).hasSize(1);
      assertThat(received.get(0)).as(path).isEqualTo(REQUEST);
    }
  }

  @Test
  void getWithoutARequestPassesNothingDecodableToTheEndpoint() throws Exception {
    start();
    HttpResponse<byte[]> r = get("/ocsp/not-base64!");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(received).hasSize(1);
    assertThat(received.get(0)).isEmpty();
  }

  @Test
  void getCarriesRfc5019CachingHeadersAnd304ForAMatchingETag() throws Exception {
    start();
    String path = "/" + URLEncoder.encode(Base64.getEncoder().encodeToString(REQUEST),
        StandardCharsets.US_ASCII);
    HttpResponse<byte[]> r = get(path);
    String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(RESPONSE)) + "\"";
    assertThat(r.headers().firstValue("Cache-Control"))
        .hasValue("max-age=3600, public, no-transform, must-revalidate");
    assertThat(r.headers().firstValue("ETag")).hasValue(etag);
    assertThat(r.headers().firstValue("Last-Modified")).hasValue("Mon, 1 Jun 2026 12:00:00 GMT");
    assertThat(r.headers().firstValue("Expires")).hasValue("Mon, 1 Jun 2026 13:00:00 GMT");

    HttpResponse<byte[]> again = get(path, "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).hasValue(etag);

    HttpResponse<byte[]> other = get(path, "If-None-Match", "\"abc\"");
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.body()).isEqualTo(RESPONSE);
  }

  @Test
  void anUnsuccessfulResponseIsNotCacheable() throws Exception {
    start();
    successful = false;
    HttpResponse<byte[]> r = get("/" + URLEncoder.encode(
        Base64.getEncoder().encodeToString(REQUEST), StandardCharsets.US_ASCII));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValueSatisfying(
        v -> assertThat(v).contains("no-store"));
    assertThat(r.headers().firstValue("ETag")).isEmpty();
  }

  @Test
  void healthIs200WhenEverySourceIsFreshAnd503NamingTheStaleOnes() throws Exception {
    RevocationProvider fresh = new Dated("fresh-crl", NOW.plusSeconds(60));
    RevocationProvider stale = new Dated("stale-serials", NOW.minusSeconds(60));
    start(List.of(new SourceHealth.Served("example", fresh)));
    HttpResponse<byte[]> ok = get("/health");
    assertThat(ok.statusCode()).isEqualTo(200);
    Map<String, Object> body = MiniJson.object(new String(ok.body(), StandardCharsets.UTF_8));
    assertThat(body).containsEntry("status", "UP").containsEntry("unhealthy", List.of());
    server.close();

    start(List.of(new SourceHealth.Served("example", fresh),
        new SourceHealth.Served("example", stale)));
    HttpResponse<byte[]> bad = get("/health");
    assertThat(bad.statusCode()).isEqualTo(503);
    assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/json");
    Map<String, Object> b = MiniJson.object(new String(bad.body(), StandardCharsets.UTF_8));
    assertThat(b).containsEntry("status", "DOWN");
    assertThat(b.get("unhealthy")).asList().singleElement().asString()
        .contains("example/stale-serials", "stale");
  }

  @Test
  void metricsAreInPrometheusTextFormat() throws Exception {
    start(List.of(new SourceHealth.Served("example", new Dated("crl", NOW.plusSeconds(60)))));
    post("application/ocsp-request", REQUEST);
    HttpResponse<byte[]> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("text/plain"));
    String text = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(text).contains("# TYPE ocsp_http_requests_seconds",
        "ocsp_http_requests_seconds_count{method=\"POST\",outcome=\"successful\",status=\"200\"} 1",
        "ocsp_request_size_bytes_sum 10.0",
        "certstatus_source_fresh{ca=\"example\",source=\"crl\"} 1.0",
        "certstatus_source_reload_failures_total{ca=\"example\",source=\"crl\"} 0.0");
  }

  @Test
  void aClientThatStallsMidRequestIsCutAfterTheTimeout() throws Exception {
    start();
    for (String partial : List.of("POST / HTTP/1.1\r\nHost: x\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/ocsp-request\r\n"
            + "Content-Length: 100\r\n\r\n0123")) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()), 5000);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        long start = System.nanoTime();
        int read = s.getInputStream().read();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // Cut means end of stream (or a reset), well before the 10 s socket timeout: the
        // configured timeout is 1 s and the JDK checks once a second.
        assertThat(read).as(partial).isEqualTo(-1);
        assertThat(waited).as(partial).isLessThan(5_000);
      } catch (java.net.SocketException reset) {
        assertThat(reset.getMessage()).containsIgnoringCase("reset");
      }
    }
    assertThat(received).isEmpty();
  }

  @Test
  void aBoundedConcurrentLoadIsServedWithoutErrors() throws Exception {
    start();
    int threads = 8;
    int perThread = 150;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger ok = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          HttpResponse<byte[]> r = post("application/ocsp-request", REQUEST);
          if (r.statusCode() == 200 && java.util.Arrays.equals(r.body(), RESPONSE)) {
            ok.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(ok.get()).isEqualTo(threads * perThread);
  }

  @Test
  void closeLetsARequestInProgressFinish() throws Exception {
    start();
    endpointDelayMillis = 500;
    CountDownLatch sent = new CountDownLatch(1);
    ExecutorService one = Executors.newSingleThreadExecutor();
    Future<HttpResponse<byte[]>> inFlight = one.submit(() -> {
      sent.countDown();
      return post("application/ocsp-request", REQUEST);
    });
    sent.await();
    while (received.isEmpty()) {
      Thread.sleep(10);
    }
    server.close();
    assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    one.shutdown();
    try (Socket s = new Socket()) {
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
          s.connect(server.address(), 1000))).isInstanceOf(IOException.class);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      sb.append((char) c);
    }
    return sb.toString().strip();
  }

  /** A source whose data is fresh until a given instant. */
  private static final class Dated implements RevocationProvider {
    private final String id;
    private final DataVersion version;

    Dated(String id, Instant freshUntil) {
      this.id = id;
      this.version = DataVersion.of("test data", NOW.minusSeconds(600), freshUntil);
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Set<Role> roles() {
      return Set.of(Role.REVOCATION);
    }

    @Override
    public Finding find(Role role, StatusQuery query) {
      return new Finding.NotRevoked(id, version);
    }

    @Override
    public SourceState state() {
      return new SourceState(Optional.of(version), 1, 0, Optional.empty());
    }
  }

  static void write(OutputStream os, String s) throws IOException {
    os.write(s.getBytes(StandardCharsets.US_ASCII));
  }
}
