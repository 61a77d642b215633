package dev.certstatus.ocsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.IssuerRouter;
import dev.certstatus.core.NonIssuedPolicy;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.Role;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.KeyType;
import dev.certstatus.testkit.OpenSsl;
import dev.certstatus.testkit.PkiFiles;
import dev.certstatus.testkit.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The responses are accepted by clients that share no code with the engine: the OpenSSL command
 * line and the JDK's own OCSP client path. Both check times against the real clock, so the PKI
 * and the responder run on it here.
 */
class InteroperabilityTest {

  final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  final TestPki pki = TestPki.withSeed(99).now(now.minus(Duration.ofHours(1)));

  @TempDir
  Path dir;

  static OcspResponder responder(ServedCa ca, OcspSigner signer) {
    return OcspResponder.builder().router(IssuerRouter.of(ca.chain())).signer(ca.id(), signer)
        .clock(Clock.systemUTC()).build();
  }

  private OpenSsl.Result opensslStatus(byte[] response, X509Certificate issuer,
      X509Certificate cert, X509Certificate verifyWith) throws IOException {
    return opensslStatus(response, issuer, cert, verifyWith, "-sha1");
  }

  /** {@code certIdDigest}: the hash OpenSSL computes its own CertID with, to find the answer. */
  private OpenSsl.Result opensslStatus(byte[] response, X509Certificate issuer,
      X509Certificate cert, X509Certificate verifyWith, String certIdDigest) throws IOException {
    Files.write(dir.resolve("resp.der"), response);
    PkiFiles.writePem(dir.resolve("issuer.pem"), issuer);
    PkiFiles.writePem(dir.resolve("cert.pem"), cert);
    PkiFiles.writePem(dir.resolve("va.pem"), verifyWith);
    return OpenSsl.run(dir, Duration.ofSeconds(30), "ocsp", "-respin", "resp.der",
        "-issuer", "issuer.pem", certIdDigest, "-cert", "cert.pem", "-VAfile", "va.pem",
        "-no_nonce");
  }

  private static void assumeOpenSsl() {
    assumeTrue(OpenSsl.availableOrFailOnCi(), "openssl is not installed: skipping (CI fails)");
  }

  @Test
  void opensslVerifiesGoodAndRevokedAnswersOfEcAndRsaCas() throws IOException {
    assumeOpenSsl();
    for (KeyType type : new KeyType[] {KeyType.EC_P256, KeyType.RSA_2048}) {
      ServedCa ca = ServedCa.of(pki, "CN=CA " + type, type);
      IssuedCert good = ca.issue("CN=good");
      IssuedCert revoked = ca.issueRevoked("CN=revoked", now.minusSeconds(600),
          RevocationReason.KEY_COMPROMISE, Optional.empty());
      OcspResponder r = responder(ca, ca.caSigner());
      X509Certificate caCert = ca.ca().certificate();

      OpenSsl.Result g = opensslStatus(r.respond(Ocsp.request(Ocsp.certId(caCert,
          good.serial()))), caCert, good.certificate(), caCert);
      assertThat(g.succeeded()).as(g.toString()).isTrue();
      assertThat(g.stderr() + g.stdout()).contains("Response verify OK");
      assertThat(g.stdout()).contains("cert.pem: good").doesNotContain("WARNING");

      OpenSsl.Result v = opensslStatus(r.respond(Ocsp.request(Ocsp.certId(Ocsp.SHA256, false,
          caCert, revoked.serial()))), caCert, revoked.certificate(), caCert, "-sha256");
      assertThat(v.stderr() + v.stdout()).as(v.toString()).contains("Response verify OK");
      assertThat(v.stdout()).contains("cert.pem: revoked").contains("keyCompromise");
    }
  }

  @Test
  void opensslVerifiesAnEd25519DelegatedResponderAndTheNonIssuedAnswer() throws Exception {
    assumeOpenSsl();
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    DatedProvider serials = new DatedProvider("export", Role.ISSUANCE, ca.id(),
        DataVersion.of("export", now.minusSeconds(60), now.plus(Duration.ofDays(1))));
    DecisionChain chain = DecisionChain.builder(ca.id()).provider(serials)
        .provider(ca.revocations()).nonIssuedPolicy(NonIssuedPolicy.revoked(Duration.ofHours(1)))
        .build();
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    X509Certificate responderCert = OcspResponderTest.ed25519ResponderCertificate(ca, ed,
        pki.now());
    OcspResponder r = OcspResponder.builder().router(IssuerRouter.of(chain))
        .signer(ca.id(), OcspSigner.delegated(ed.getPrivate(), responderCert,
            ca.ca().certificate()))
        .clock(Clock.systemUTC()).build();
    // Signed by the CA's key but never recorded: a forgery.
    IssuedCert forged = ca.ca().forge("CN=forged").build();

    OpenSsl.Result res = opensslStatus(r.respond(Ocsp.request(Ocsp.certId(ca.ca().certificate(),
        forged.serial()))), ca.ca().certificate(), forged.certificate(), responderCert);

    assertThat(res.stderr() + res.stdout()).as(res.toString()).contains("Response verify OK");
    assertThat(res.stdout()).contains("cert.pem: revoked").contains("certificateHold")
        .contains("Jan  1 00:00:00 1970 GMT");
  }

  private CertPathValidatorException.Reason jdkCheck(X509Certificate leaf, X509Certificate ca,
      byte[] response) throws Exception {
    CertPathValidator cpv = CertPathValidator.getInstance("PKIX");
    PKIXRevocationChecker rc = (PKIXRevocationChecker) cpv.getRevocationChecker();
    rc.setOptions(EnumSet.of(PKIXRevocationChecker.Option.NO_FALLBACK));
    rc.setOcspResponses(Map.of(leaf, response));
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    params.addCertPathChecker(rc);
    params.setDate(new Date());
    CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
    try {
      cpv.validate(path, params);
      return null;
    } catch (CertPathValidatorException e) {
      return e.getReason();
    }
  }

  /** The JDK's verdict on a certificate, given the responder's answer about it. */
  private CertPathValidatorException.Reason jdkVerdict(OcspResponder r, X509Certificate ca,
      IssuedCert cert) throws Exception {
    return jdkCheck(cert.certificate(), ca, r.respond(Ocsp.request(Ocsp.certId(ca,
        cert.serial()))));
  }

  @Test
  void theJdkOcspClientAcceptsGoodAndSeesRevoked() throws Exception {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    IssuedCert good = ca.issue("CN=good");
    IssuedCert revoked = ca.issueRevoked("CN=revoked", now.minusSeconds(60),
        RevocationReason.KEY_COMPROMISE, Optional.empty());
    OcspResponder r = responder(ca, ca.caSigner());
    X509Certificate caCert = ca.ca().certificate();

    assertThat(jdkVerdict(r, caCert, good)).isNull();
    assertThat(jdkVerdict(r, caCert, revoked))
        .isEqualTo(CertPathValidatorException.BasicReason.REVOKED);
  }

  @Test
  void theJdkOcspClientAcceptsADelegatedResponderAndRejectsUnknown() throws Exception {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.RSA_2048);
    IssuedCert good = ca.issue("CN=good");
    IssuedCert responderCert = ca.ca().ocspSigner("CN=OCSP").build();
    OcspResponder r = responder(ca, OcspSigner.delegated(responderCert.privateKey(),
        responderCert.certificate(), ca.ca().certificate()));
    X509Certificate caCert = ca.ca().certificate();

    assertThat(jdkVerdict(r, caCert, good)).isNull();
    IssuedCert forged = ca.ca().forge("CN=forged").build();
    assertThat(jdkVerdict(r, caCert, forged))
        .isEqualTo(CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS);
  }

  @Test
  void theJdkOcspClientRejectsAResponseForAnotherCertificate() throws Exception {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    IssuedCert one = ca.issue("CN=one");
    IssuedCert two = ca.issue("CN=two");
    X509Certificate caCert = ca.ca().certificate();
    byte[] aboutTwo = responder(ca, ca.caSigner()).respond(Ocsp.request(
        Ocsp.certId(caCert, two.serial())));

    // A test that cannot fail is a defect: the JDK does check what it is given.
    assertThat(jdkCheck(one.certificate(), caCert, aboutTwo)).isNotNull();
  }
}
