package dev.certstatus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a user runs it ({@code java -jar target/ocsp-server.jar}), after
 * {@code package}: the README's main-job command, the exit codes, and {@code serve} stopped by
 * SIGTERM.
 */
class RunnableJarIT {

  @TempDir
  Path dir;

  /** What a run printed. */
  record Result(int code, String out, String err) {}

  private Process start(String... args) throws IOException {
    Path jar = Path.of(System.getProperty("server.jar", "target/ocsp-server.jar"));
    assertThat(jar).exists();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile()).start();
  }

  private Result finished(Process p, long seconds, String what) throws Exception {
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(what + " did not finish within " + seconds + " s");
    }
    return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt"),
        StandardCharsets.UTF_8), Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  private Result java(String... args) throws Exception {
    return finished(start(args), 120, "java -jar " + String.join(" ", args));
  }

  @Test
  void theDemoAnswersGoodRevokedUnknownAndUnauthorizedThenExits() throws Exception {
    Result r = java("demo", "--once", "--port", "0");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("OCSP responder: http://127\\.0\\.0\\.1:\\d+/")
        .containsPattern("good\\.example +serial [0-9a-f]+: GOOD \\(signed response, signature"
            + " verified\\)")
        .containsPattern("revoked\\.example +serial [0-9a-f]+: REVOKED at .*, reason"
            + " keyCompromise")
        .containsPattern("forged\\.example +serial [0-9a-f]+: UNKNOWN \\(signed response")
        .containsPattern("other-ca\\.example +serial [0-9a-f]+: unauthorized")
        .contains("rule 6 fired", "openssl ocsp -url http://127.0.0.1:");
  }

  @Test
  void exitCodesOneForUsageAndTwoForAnUnreadableSource() throws Exception {
    Result usage = java("check", "--serial", "01");
    assertThat(usage.code()).isEqualTo(1);
    assertThat(usage.err()).contains("--issuer");
    Path config = Files.writeString(dir.resolve("bad.yaml"), "server: {port: x}\ncas: []\n");
    Result badConfig = java("serve", "--config", config.toString());
    assertThat(badConfig.code()).isEqualTo(1);
    assertThat(badConfig.err()).contains(config.toString(), "server.port", "(got 'x')");
    Path ca = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
    Result unreadable = java("check", "--issuer", ca.toString(), "--serial", "01",
        "--serial-list", ca.toString());
    assertThat(unreadable.code()).isEqualTo(2);
    assertThat(unreadable.err()).contains(ca.toString());
  }

  @Test
  void serveAnswersUntilSigtermThenStopsGracefully() throws Exception {
    TestCaFiles pki = new TestCaFiles(dir, 7);
    Path config = Files.writeString(dir.resolve("certstatus.yaml"), String.join("\n",
        "server: {port: 0, shutdown-grace: 2s}",
        "cas:",
        "  - name: test",
        "    certificate: ca.pem",
        "    signer: {certificate: ocsp.pem, key: ocsp.key}",
        "    index: index.txt",
        ""));
    Process p = start("serve", "--config", config.toString());
    try {
      URI uri = servedUri(p);
      byte[] request = new OCSPReqBuilder().addRequest(new CertificateID(
          new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
          new JcaX509CertificateHolder(pki.ca.certificate()), pki.good.certificate()
              .getSerialNumber())).build().getEncoded();
      HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
          .header("Content-Type", "application/ocsp-request")
          .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(r.body()).getResponseObject();
      assertThat(basic.getResponses()[0].getCertStatus()).isEqualTo(CertificateStatus.GOOD);

      p.destroy(); // SIGTERM, as a service manager stops it
      Result stopped = finished(p, 15, "serve after SIGTERM");
      assertThat(stopped.err()).contains("stopped serving OCSP at " + uri);
      assertThatThrownBy(() -> new Socket(uri.getHost(), uri.getPort()).close())
          .isInstanceOf(IOException.class);
    } finally {
      p.destroyForcibly();
    }
  }

  /** Waits (bounded) for serve's "serving OCSP for N CA(s) at URL" line. */
  private URI servedUri(Process p) throws Exception {
    Pattern line = Pattern.compile("serving OCSP for \\d+ CA\\(s\\) at (\\S+)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher m = line.matcher(Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8));
      if (m.find()) {
        return URI.create(m.group(1));
      }
      if (!p.isAlive()) {
        throw new AssertionError("serve exited with " + p.exitValue() + ": "
            + Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("serve did not start within 60 s");
  }
}
