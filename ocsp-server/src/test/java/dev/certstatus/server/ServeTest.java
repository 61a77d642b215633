package dev.certstatus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.certstatus.testkit.OpenSsl;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} from a configuration file, over loopback, with real clients: {@code openssl ocsp}
 * and the JDK's own OCSP client in {@link CertPathValidator}.
 */
class ServeTest {

  @TempDir
  static Path dir;

  private static TestCaFiles pki;
  private static ResponderService service;
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    pki = new TestCaFiles(dir, 42);
    Path config = Files.writeString(dir.resolve("certstatus.yaml"), String.join("\n",
        "server: {port: 0, request-timeout: 5s}",
        "cas:",
        "  - name: test",
        "    certificate: ca.pem",
        "    signer: {certificate: ocsp.pem, key: ocsp.key}",
        "    crls: [ca.crl]",
        "    serial-dirs: [serials]",
        ""));
    service = ResponderService.start(ConfigReader.read(config), Clock.systemUTC(), k -> null);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  private OpenSsl.Result openssl(Path cert, Path issuer, String... extra) {
    List<String> args = new ArrayList<>(List.of("ocsp", "-url", service.uri().toString(),
        "-issuer", issuer.toString(), "-cert", cert.toString(), "-VAfile",
        pki.path("ocsp.pem").toString()));
    args.addAll(List.of(extra));
    return OpenSsl.run(Duration.ofSeconds(30), args.toArray(new String[0]));
  }

  @Test
  void opensslOcspGetsGoodRevokedAndUnknownWithAndWithoutNonce() {
    Assumptions.assumeTrue(OpenSsl.availableOrFailOnCi(), "openssl is not installed");
    for (String[] nonce : List.of(new String[0], new String[] {"-no_nonce"})) {
      OpenSsl.Result good = openssl(pki.path("good.pem"), pki.path("ca.pem"), nonce);
      assertThat(good.stdout()).contains("good.pem: good");
      assertThat(good.stderr()).contains("Response verify OK");
      assertThat(good.stderr()).doesNotContain("WARNING: no nonce");
      OpenSsl.Result revoked = openssl(pki.path("revoked.pem"), pki.path("ca.pem"), nonce);
      assertThat(revoked.stdout()).contains("revoked.pem: revoked", "Reason: keyCompromise");
      OpenSsl.Result forged = openssl(pki.path("forged.pem"), pki.path("ca.pem"), nonce);
      assertThat(forged.stdout()).contains("forged.pem: unknown");
      assertThat(forged.stderr()).contains("Response verify OK");
    }
  }

  @Test
  void opensslOcspForACaNotServedGetsUnauthorized() {
    Assumptions.assumeTrue(OpenSsl.availableOrFailOnCi(), "openssl is not installed");
    OpenSsl.Result r = openssl(pki.path("stranger.pem"), pki.path("other-ca.pem"));
    assertThat(r.stdout() + r.stderr()).contains("unauthorized (6)");
  }

  private void validate(X509Certificate cert) throws Exception {
    CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert));
    CertPathValidator validator = CertPathValidator.getInstance("PKIX");
    PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
    checker.setOcspResponder(service.uri());
    checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.NO_FALLBACK));
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(pki.ca.certificate(),
        null)));
    params.addCertPathChecker(checker);
    params.setRevocationEnabled(false);
    validator.validate(path, params);
  }

  @Test
  void theJdkOcspClientAcceptsTheGoodAndRejectsTheRevokedAndTheForged() throws Exception {
    validate(pki.good.certificate());
    CertPathValidatorException revoked = catchThrowableOfType(
        () -> validate(pki.revoked.certificate()), CertPathValidatorException.class);
    assertThat(revoked.getReason()).isEqualTo(CertPathValidatorException.BasicReason.REVOKED);
    CertPathValidatorException forged = catchThrowableOfType(
        () -> validate(pki.forged.certificate()), CertPathValidatorException.class);
    assertThat(forged.getReason())
        .isEqualTo(CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS);
  }

  private byte[] request(X509Certificate cert, X509Certificate issuer) throws Exception {
    return new OCSPReqBuilder().addRequest(new CertificateID(new JcaDigestCalculatorProviderBuilder()
        .build().get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(issuer),
        cert.getSerialNumber())).build().getEncoded();
  }

  @Test
  void getWithTheRealEngineCarriesCachingHeadersUpToNextUpdate() throws Exception {
    byte[] req = request(pki.good.certificate(), pki.ca.certificate());
    URI uri = service.uri().resolve("/ocsp/" + URLEncoder.encode(
        Base64.getEncoder().encodeToString(req), StandardCharsets.US_ASCII));
    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    OCSPResp resp = new OCSPResp(r.body());
    assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
    BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
    assertThat(basic.getResponses()[0].getCertStatus()).isNull();
    long maxAge = Long.parseLong(r.headers().firstValue("Cache-Control").orElseThrow()
        .replaceAll("max-age=(\\d+),.*", "$1"));
    long untilNext = Duration.between(java.time.Instant.now(),
        basic.getResponses()[0].getNextUpdate().toInstant()).getSeconds();
    assertThat(maxAge).isBetween(untilNext - 5, untilNext + 1);
    assertThat(r.headers().firstValue("ETag")).isPresent();
    HttpResponse<byte[]> again = client.send(HttpRequest.newBuilder(uri).GET()
        .header("If-None-Match", r.headers().firstValue("ETag").get()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(again.statusCode()).isEqualTo(304);
  }

  @Test
  void malformedRequestsGetTheOcspMalformedRequestStatus() throws Exception {
    for (byte[] body : List.of(new byte[0], new byte[] {0x30, 0x03, 0x02, 0x01},
        "hello".getBytes(StandardCharsets.US_ASCII))) {
      HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(service.uri())
          .header("Content-Type", "application/ocsp-request")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(new OCSPResp(r.body()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }
  }

  @Test
  void healthListsEverySourceAndMetricsCountDecisionsByIssuerStatusAndRule() throws Exception {
    HttpResponse<String> h = client.send(HttpRequest.newBuilder(service.uri().resolve("/health"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(h.statusCode()).isEqualTo(200);
    Map<String, Object> health = MiniJson.object(h.body());
    List<Object> sources = new ArrayList<>();
    for (Object s : (List<?>) health.get("sources")) {
      sources.add(((Map<?, ?>) s).get("source"));
    }
    assertThat(sources).containsExactlyInAnyOrder("crl", "serial-dirs");
    for (X509Certificate c : List.of(pki.good.certificate(), pki.forged.certificate())) {
      client.send(HttpRequest.newBuilder(service.uri())
          .header("Content-Type", "application/ocsp-request")
          .POST(HttpRequest.BodyPublishers.ofByteArray(request(c, pki.ca.certificate()))).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    }
    String metrics = client.send(HttpRequest.newBuilder(service.uri().resolve("/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains(
        "certstatus_decisions_total{issuer=\"test\",rule=\"5-ISSUED\",status=\"GOOD\"}",
        "certstatus_decisions_total{issuer=\"test\",rule=\"6-NOT_ISSUED\",status=\"UNKNOWN\"}",
        "certstatus_non_issued_requests_total{issuer=\"test\"}",
        "certstatus_source_age_seconds{ca=\"test\",source=\"crl\"}",
        "ocsp_request_size_bytes_count");
  }

  @Test
  void aBoundedConcurrentLoadOfSignedResponsesHasNoErrors() throws Exception {
    byte[] good = request(pki.good.certificate(), pki.ca.certificate());
    byte[] forged = request(pki.forged.certificate(), pki.ca.certificate());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      results.add(pool.submit(() -> {
        int ok = 0;
        for (int i = 0; i < 100; i++) {
          HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(service.uri())
              .header("Content-Type", "application/ocsp-request")
              .POST(HttpRequest.BodyPublishers.ofByteArray((i + thread) % 2 == 0 ? good : forged))
              .build(), HttpResponse.BodyHandlers.ofByteArray());
          OCSPResp resp = new OCSPResp(r.body());
          if (r.statusCode() == 200 && resp.getStatus() == OCSPResp.SUCCESSFUL) {
            ok++;
          }
        }
        return ok;
      }));
    }
    int ok = 0;
    for (Future<Integer> f : results) {
      ok += f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(ok).isEqualTo(400);
  }
}
