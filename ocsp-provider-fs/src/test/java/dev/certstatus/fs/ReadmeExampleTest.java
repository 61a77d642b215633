package dev.certstatus.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certstatus.core.CertStatus;
import dev.certstatus.core.Decision;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.core.UnknownReason;
import dev.certstatus.testkit.ReadmeSnippets;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.OpenSslIndex;
import dev.certstatus.testkit.RevocationReason;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-provider example for README.md, compiled and run here. */
class ReadmeExampleTest {

  @TempDir
  Path dir;

  @Test
  void theExampleAnswersGoodRevokedAndUnknown() throws IOException {
    TestPki pki = TestPki.withSeed(2);
    TestCa testCa = pki.rootCa("CN=Example CA").build();
    IssuedCert good = testCa.issue("CN=good").build();
    IssuedCert revoked = testCa.issue("CN=revoked").build();
    IssuedCert forged = testCa.forge("CN=forged").build();
    testCa.revoke(revoked, pki.now(), RevocationReason.KEY_COMPROMISE);
    X509Certificate caCertificate = testCa.certificate();
    Path indexTxt = OpenSslIndex.write(dir.resolve("ca/index.txt"), testCa, pki.now());
    Path exportDir = dir.resolve("share");
    SerialNumber serial = SerialNumber.of(good.serial());
    Instant at = pki.now().plus(Duration.ofDays(1));

    // readme:begin
    IssuerId ca = IssuerId.of(caCertificate);
    // CA side, every few hours: export the issued serials atomically from OpenSSL's database.
    new SerialDirectoryExporter(exportDir.resolve("issued"), Clock.systemUTC())
        .exportIndex(indexTxt);
    // Responder side: the export for issuance, the same index for revocations.
    IssuedSerialFileProvider issued = IssuedSerialFileProvider
        .directories("issued-dir", ca, List.of(exportDir.resolve("issued")))
        .reloadInterval(Duration.ofMinutes(15))
        .build();
    OpenSslIndexProvider index = OpenSslIndexProvider.builder("openssl-index", ca, indexTxt)
        .build();
    DecisionChain chain = DecisionChain.builder(ca).provider(issued).provider(index).build();
    Decision decision = chain.decide(StatusQuery.of(ca, serial, at));
    System.out.println(decision.explain());
    // close() both at shutdown: it stops their reload threads.
    // readme:end

    try (issued; index) {
      assertThat(decision.status()).isEqualTo(CertStatus.GOOD);
      assertThat(chain.decide(StatusQuery.of(ca, SerialNumber.of(revoked.serial()), at))
          .status()).isEqualTo(CertStatus.REVOKED);
      assertThat(chain.decide(StatusQuery.of(ca, SerialNumber.of(forged.serial()), at))
          .unknownReason()).contains(UnknownReason.NOT_ISSUED);
      assertThat(decision.explain()).contains("issued-dir", "openssl-index");
    }
  }

  @Test
  void theReadmeQuotesTheExampleAsCompiledHere() {
    assertThat(ReadmeSnippets.difference(Path.of("../README.md"), "file-providers",
        Path.of("src/test/java/dev/certstatus/fs/ReadmeExampleTest.java"))).isNull();
  }
}
