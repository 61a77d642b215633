package dev.certstatus.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HttpLoad against a tiny in-process server with canned replies: it counts good replies, and
 * counts as errors an HTTP error status, a body that is no OCSPResponse and an unsuccessful
 * OCSPResponse. Also checks what HttpBenchFiles writes. Measures nothing.
 */
class HttpLoadSmokeTest {

  private static HttpServer server;
  private static ExecutorService pool;
  private static byte[] request;
  private static final AtomicInteger wrongRequests = new AtomicInteger();
  private static final Set<String> clients = ConcurrentHashMap.newKeySet();
  private static byte[] good;

  @BeforeAll
  static void start() throws Exception {
    TestPki pki = TestPki.withSeed(11);
    TestCa ca = pki.rootCa("CN=Smoke CA").build();
    IssuedCert leaf = ca.issue("CN=leaf.smoke").build();
    request = HttpBenchFiles.request(leaf, ca);
    DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
    CertificateID id = new OCSPReq(request).getRequestList()[0].getCertID();
    BasicOCSPRespBuilder basic = new BasicOCSPRespBuilder(
        SubjectPublicKeyInfo.getInstance(ca.publicKey().getEncoded()),
        digests.get(CertificateID.HASH_SHA1));
    basic.addResponse(id, CertificateStatus.GOOD);
    BasicOCSPResp signed = basic.build(new JcaContentSignerBuilder("SHA256withECDSA")
        .build(ca.privateKey()), null, new Date());
    good = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, signed).getEncoded();
    byte[] unauthorized = new OCSPRespBuilder().build(OCSPRespBuilder.UNAUTHORIZED, null)
        .getEncoded();

    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    pool = Executors.newFixedThreadPool(2);
    server.setExecutor(pool);
    server.createContext("/ok", ex -> reply(ex, 200, good));
    server.createContext("/close", ex -> {
      ex.getResponseHeaders().set("Connection", "close");
      reply(ex, 200, good);
    });
    server.createContext("/500", ex -> reply(ex, 500, good));
    server.createContext("/junk", ex -> reply(ex, 200,
        "hello".getBytes(StandardCharsets.US_ASCII)));
    server.createContext("/unauthorized", ex -> reply(ex, 200, unauthorized));
    server.start();
  }

  private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
    byte[] got;
    try (InputStream in = ex.getRequestBody()) {
      got = in.readAllBytes();
    }
    if (!"POST".equals(ex.getRequestMethod())
        || !"application/ocsp-request".equals(ex.getRequestHeaders().getFirst("Content-Type"))
        || !Arrays.equals(got, request)) {
      wrongRequests.incrementAndGet();
    }
    clients.add(ex.getRemoteAddress().toString());
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    pool.shutdownNow();
  }

  private static HttpLoad.Result load(String path, int warmup, int requests) throws IOException {
    return load(path, warmup, requests, false);
  }

  private static HttpLoad.Result load(String path, int warmup, int requests, boolean keepAlive)
      throws IOException {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    return HttpLoad.run(new HttpLoad.Options(url, request, 4, warmup, requests, null,
        Duration.ofSeconds(5), keepAlive));
  }

  @Test
  void withKeepAliveEachClientKeepsItsConnection() throws IOException {
    clients.clear();
    HttpLoad.Result r = load("/ok", 20, 200, true);
    assertThat(r.ok()).isEqualTo(200);
    assertThat(r.errors()).isEmpty();
    // 4 clients, 220 requests: one connection each (a new connection per request gives 220).
    assertThat(clients).hasSizeBetween(1, 4);
    clients.clear();
    HttpLoad.Result closing = load("/close", 0, 50, true);
    assertThat(closing.ok()).isEqualTo(50);
    assertThat(closing.errors()).isEmpty();
    assertThat(clients).hasSize(50);
  }

  @Test
  void withKeepAliveAConnectionTheServerClosesSilentlyIsOpenedAgainNotCountedAsAnError()
      throws Exception {
    // Answers one request per connection, as HTTP/1.1 with no "Connection: close", then closes:
    // the client learns of the close only when it sends its next request on that connection.
    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\n"
        + "Content-Length: " + good.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        while (!listener.isClosed()) {
          try (Socket c = listener.accept()) {
            connections.incrementAndGet();
            InputStream in = c.getInputStream();
            readRequest(in);
            c.getOutputStream().write(head);
            c.getOutputStream().write(good);
            c.getOutputStream().flush();
          } catch (IOException e) {
            // the listener closed, or a client went away: the test's counts tell
          }
        }
      }, "closing-server");
      t.setDaemon(true);
      t.start();
      HttpLoad.Result r = HttpLoad.run(new HttpLoad.Options(URI.create("http://127.0.0.1:"
          + listener.getLocalPort() + "/"), request, 2, 0, 30, null, Duration.ofSeconds(5),
          true));
      assertThat(r.errors()).isEmpty();
      assertThat(r.ok()).isEqualTo(30);
      assertThat(connections.get()).isGreaterThanOrEqualTo(30);
    }
  }

  /** Reads one request: the head, then Content-Length octets. */
  private static void readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed in the head");
      }
      head.append((char) b);
    }
    Matcher m = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
    if (!m.find() || in.readNBytes(Integer.parseInt(m.group(1))).length
        != Integer.parseInt(m.group(1))) {
      throw new IOException("no whole body");
    }
  }

  @Test
  void countsEverySuccessfulOcspReply() throws IOException {
    HttpLoad.Result r = load("/ok", 20, 200);
    assertThat(r.ok()).isEqualTo(200);
    assertThat(r.errors()).isEmpty();
    assertThat(r.requestsPerSecond()).isPositive();
    assertThat(r.cpuNanos()).isPositive();
    assertThat(r.line()).startsWith("result ok=200 errors=0 ");
    assertThat(wrongRequests).hasValue(0);
  }

  @Test
  void anHttpErrorABodyThatIsNoOcspAndAnUnsuccessfulResponseAreErrors() throws IOException {
    assertThat(load("/500", 0, 10).errors()).containsOnlyKeys("http-500").containsValue(10L);
    HttpLoad.Result junk = load("/junk", 0, 10);
    assertThat(junk.ok()).isZero();
    assertThat(junk.errors()).containsOnlyKeys("not-ocsp").containsValue(10L);
    assertThat(junk.line()).contains("errors=10", "error_kinds={not-ocsp=10}");
    assertThat(load("/unauthorized", 0, 10).errors()).containsOnlyKeys("ocsp-status-6");
  }

  @Test
  void aRefusedConnectionIsAnError() throws IOException {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    HttpLoad.Result r = HttpLoad.run(new HttpLoad.Options(
        URI.create("http://127.0.0.1:" + port + "/"), request, 2, 0, 5, null,
        Duration.ofSeconds(5), false));
    assertThat(r.ok()).isZero();
    assertThat(r.errors()).containsOnlyKeys("connect").containsValue(5L);
  }

  @Test
  void benchFilesHoldTheCaTheResponderAndTheRequest(@TempDir Path dir) throws IOException {
    HttpBenchFiles.write(dir);
    List<String> index = Files.readAllLines(dir.resolve("index.txt"));
    assertThat(index).hasSize(1002);
    assertThat(index).filteredOn(l -> l.startsWith("R\t")).hasSize(1);
    assertThat(index).filteredOn(l -> l.startsWith("V\t")).hasSize(1001);
    assertThat(dir.resolve("index.txt.attr")).exists();
    for (String f : List.of("ca.pem", "ocsp.pem", "ocsp.key", "good.pem", "req.der")) {
      assertThat(dir.resolve(f)).isNotEmptyFile();
    }
    OCSPReq req = new OCSPReq(Files.readAllBytes(dir.resolve("req.der")));
    assertThat(req.getRequestList()).hasSize(1);
    assertThat(req.getRequestList()[0].getCertID().getHashAlgOID())
        .isEqualTo(CertificateID.HASH_SHA1.getAlgorithm());
    assertThat(req.hasExtensions()).isFalse();
    assertThat(Files.readString(dir.resolve("sign.yaml"))).contains("cache: 0\n",
        "index: index.txt");
    assertThat(Files.readString(dir.resolve("cache.yaml"))).contains("cache: 10000\n");
  }
}
