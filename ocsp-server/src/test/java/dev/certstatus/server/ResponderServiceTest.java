package dev.certstatus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.testkit.PkiFiles;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several CAs in one responder, each with its own signer; signers that do not fit. */
class ResponderServiceTest {

  @TempDir
  Path dir;

  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private BasicOCSPResp ask(ResponderService s, X509Certificate cert, X509Certificate issuer)
      throws Exception {
    byte[] req = new OCSPReqBuilder().addRequest(new CertificateID(
        new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
        new JcaX509CertificateHolder(issuer), cert.getSerialNumber())).build().getEncoded();
    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(s.uri())
        .header("Content-Type", "application/ocsp-request")
        .POST(HttpRequest.BodyPublishers.ofByteArray(req)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    OCSPResp resp = new OCSPResp(r.body());
    assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
    return (BasicOCSPResp) resp.getResponseObject();
  }

  @Test
  void twoCasOneSignedByItsOwnKeyTheOtherByAPkcs12DelegatedResponder() throws Exception {
    TestCaFiles a = new TestCaFiles(Files.createDirectories(dir.resolve("a")), 100);
    TestCaFiles b = new TestCaFiles(Files.createDirectories(dir.resolve("b")), 200);
    PkiFiles.writePkcs12(b.path("signer.p12"), "ocsp", b.signer, "secret".toCharArray());
    Path config = Files.writeString(dir.resolve("two.yaml"), String.join("\n",
        "server: {port: 0}",
        "cas:",
        "  - name: a",
        "    certificate: a/ca.pem",
        "    key: a/ca.key",
        "    index: a/index.txt",
        "  - name: b",
        "    certificate: b/ca.pem",
        "    signer: {keystore: b/signer.p12, password-env: B_SIGNER_PASSWORD}",
        "    crls: [b/ca.crl]",
        "    serial-lists: [b/serials.txt]",
        "    policy: {non-issued: revoked}",
        ""));
    try (ResponderService s = ResponderService.start(ConfigReader.read(config),
        Clock.systemUTC(), Map.of("B_SIGNER_PASSWORD", "secret")::get)) {
      BasicOCSPResp goodA = ask(s, a.good.certificate(), a.ca.certificate());
      assertThat(goodA.getResponses()[0].getCertStatus()).isNull();
      assertThat(goodA.isSignatureValid(new JcaContentVerifierProviderBuilder()
          .build(a.ca.certificate()))).isTrue();
      BasicOCSPResp forgedA = ask(s, a.forged.certificate(), a.ca.certificate());
      assertThat(forgedA.getResponses()[0].getCertStatus()).isInstanceOf(UnknownStatus.class);

      BasicOCSPResp goodB = ask(s, b.good.certificate(), b.ca.certificate());
      assertThat(goodB.getResponses()[0].getCertStatus()).isNull();
      assertThat(goodB.isSignatureValid(new JcaContentVerifierProviderBuilder()
          .build(b.signer.certificate()))).isTrue();
      BasicOCSPResp forgedB = ask(s, b.forged.certificate(), b.ca.certificate());
      assertThat(forgedB.getResponses()[0].getCertStatus())
          .isInstanceOf(org.bouncycastle.cert.ocsp.RevokedStatus.class);
      assertThat(forgedB.getExtension(new org.bouncycastle.asn1.ASN1ObjectIdentifier(
          "1.3.6.1.5.5.7.48.1.9"))).as("extended-revoke").isNotNull();
    }
  }

  @Test
  void aSignerThatIsNotTheCasResponderIsAConfigurationErrorNamingTheCa() throws Exception {
    TestCaFiles a = new TestCaFiles(Files.createDirectories(dir.resolve("a")), 300);
    TestCaFiles b = new TestCaFiles(Files.createDirectories(dir.resolve("b")), 400);
    Path config = Files.writeString(dir.resolve("wrong.yaml"), String.join("\n",
        "server: {port: 0}",
        "cas:",
        "  - name: a",
        "    certificate: a/ca.pem",
        "    signer: {certificate: b/ocsp.pem, key: b/ocsp.key}",
        "    crls: [a/ca.crl]",
        ""));
    assertThatThrownBy(() -> ResponderService.start(ConfigReader.read(config),
        Clock.systemUTC(), k -> null)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(config.toString()).hasMessageContaining("cas[0] (a).signer")
        .hasMessageContaining("not signed by the key of the CA");
    assertThat(a.dir).isNotEqualTo(b.dir);
  }
}
