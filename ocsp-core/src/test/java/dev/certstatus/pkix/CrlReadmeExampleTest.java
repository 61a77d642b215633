package dev.certstatus.pkix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.core.CertStatus;
import dev.certstatus.core.Decision;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.IssuerRouter;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.crl.CrlRevocationProvider;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.PkiFiles;
import dev.certstatus.testkit.ReadmeSnippets;
import dev.certstatus.testkit.RevocationReason;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.nio.file.Path;
import java.security.cert.CRL;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRL provider and checker example for the README, compiled and run. */
class CrlReadmeExampleTest {

  @Test
  void theReadmeExampleRevokesTheLeafThroughTheProviderAndTheChecker(@TempDir Path dir)
      throws Exception {
    TestPki pki = TestPki.withSeed(3);
    TestCa root = pki.rootCa("CN=Example Root").build();
    TestCa sub = root.intermediateCa("CN=Example Sub CA").build();
    IssuedCert leaf = sub.issue("CN=leaf.example").build();
    sub.revoke(leaf.serial(), pki.now(), RevocationReason.KEY_COMPROMISE);
    X509Certificate rootCert = root.certificate();
    X509Certificate subCaCert = sub.certificate();
    X509Certificate leafCert = leaf.certificate();
    Path rootCrlFile = PkiFiles.writeDer(dir.resolve("root.crl"), root.crl().build());
    Path subCrlFile = PkiFiles.writePem(dir.resolve("sub.crl"), sub.crl().build());
    List<X509Certificate> certificates = List.of(subCaCert);
    List<CRL> crls = List.of(root.crl().build(), sub.crl().build());
    CertPath path = CertificateFactory.getInstance("X.509")
        .generateCertPath(List.of(leafCert, subCaCert));
    Clock clock = Clock.fixed(pki.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);

    // readme:begin
    // One CA's CRLs (DER or PEM files, bytes or suppliers), verified against the CA's key:
    CrlRevocationProvider subCrl = CrlRevocationProvider.builder("sub-crl", subCaCert)
        .crl(subCrlFile)
        .grace(Duration.ofHours(1))
        .clock(clock)
        .build();
    DecisionChain subChain = DecisionChain.builder(IssuerId.of(subCaCert))
        .provider(subCrl)
        .revocationOnly() // a relying party's reading: not on a fresh covering CRL means GOOD
        .build();
    Decision decision = subChain.decide(StatusQuery.of(subChain.issuer(), leafCert,
        clock.instant()));

    // A PKIX validator: the checker asks a Decider about every certificate of the path.
    DecisionChain rootChain = DecisionChain.builder(IssuerId.of(rootCert))
        .provider(CrlRevocationProvider.builder("root-crl", rootCert)
            .crl(rootCrlFile).clock(clock).build())
        .revocationOnly()
        .build();
    Set<TrustAnchor> anchors = Set.of(new TrustAnchor(rootCert, null));
    RevocationChecker checker = RevocationChecker.of(IssuerRouter.of(rootChain, subChain),
        anchors, clock);
    PKIXParameters params = new PKIXParameters(anchors);
    params.setRevocationEnabled(false);
    params.addCertPathChecker(checker);
    // CertPathValidator.getInstance("PKIX").validate(path, params) now fails with REVOKED.

    // Or straight from the CRLs and certificates at hand (CRL signers, delta, indirect CRLs):
    RevocationChecker fromCrls = RevocationChecker.fromCrls(anchors, certificates, crls, clock);
    // readme:end

    assertThat(decision.status()).isEqualTo(CertStatus.REVOKED);
    assertThat(decision.explain()).contains("CRL #1 from " + subCrlFile);
    params.setDate(java.util.Date.from(clock.instant()));
    for (RevocationChecker c : List.of(checker, fromCrls)) {
      params.setCertPathCheckers(List.of(c));
      assertThatThrownBy(() -> CertPathValidator.getInstance("PKIX").validate(path, params))
          .isInstanceOf(CertPathValidatorException.class)
          .satisfies(e -> assertThat(((CertPathValidatorException) e).getReason())
              .isEqualTo(CertPathValidatorException.BasicReason.REVOKED));
    }
  }

  @Test
  void theReadmeQuotesTheExampleAsCompiledHere() {
    assertThat(ReadmeSnippets.difference(Path.of("../README.md"), "crl-checker",
        Path.of("src/test/java/dev/certstatus/pkix/CrlReadmeExampleTest.java"))).isNull();
  }
}
