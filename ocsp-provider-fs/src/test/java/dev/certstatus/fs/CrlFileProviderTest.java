package dev.certstatus.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certstatus.testkit.TestClock;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.Role;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.PkiFiles;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrlFileProviderTest {

  @TempDir
  Path dir;

  private TestPki pki;
  private TestCa ca;
  private IssuerId issuer;
  private IssuedCert first;
  private IssuedCert second;
  private TestClock clock;

  @BeforeEach
  void pki() {
    pki = TestPki.withSeed(45);
    ca = pki.rootCa("CN=CRL Files CA").build();
    issuer = IssuerId.of(ca.certificate());
    first = ca.issue("CN=first").build();
    second = ca.issue("CN=second").build();
    clock = TestClock.at(pki.now().plus(Duration.ofHours(1)));
  }

  private Finding find(CrlFileProvider p, IssuedCert cert) {
    return p.find(Role.REVOCATION, StatusQuery.of(issuer, SerialNumber.of(cert.serial()),
        clock.instant()));
  }

  private CrlFileProvider.Builder provider() {
    return CrlFileProvider.builder("crl-files", ca.certificate()).clock(clock).scheduled(false);
  }

  private void baseAndDelta() {
    ca.revoke(first.serial(), pki.now().minusSeconds(60), dev.certstatus.testkit.RevocationReason
        .KEY_COMPROMISE);
    PkiFiles.writePem(dir.resolve("ca.crl"), ca.crl().number(1)
        .nextUpdate(pki.now().plus(Duration.ofDays(7))).build());
    ca.revoke(second.serial(), pki.now().minusSeconds(30), dev.certstatus.testkit
        .RevocationReason.SUPERSEDED);
  }

  @Test
  void aDirectoryOfBaseAndDeltaCrlsInPemAndDerAnswersBoth() {
    baseAndDelta();
    PkiFiles.writeDer(dir.resolve("ca-delta.der"), ca.deltaCrl(1).number(2)
        .nextUpdate(pki.now().plus(Duration.ofDays(1))).build());

    try (CrlFileProvider p = provider().directory(dir).build()) {
      assertThat(find(p, first)).isInstanceOfSatisfying(Finding.Revoked.class,
          r -> assertThat(r.reason()).contains(RevocationReason.KEY_COMPROMISE));
      assertThat(find(p, second)).isInstanceOf(Finding.Revoked.class);
      assertThat(find(p, ca.issue("CN=third").build())).isInstanceOf(Finding.NotRevoked.class);
      assertThat(p.files()).hasSize(2);
    }
  }

  @Test
  void aCrlFileThatAppearsIsReadOnTheNextReload() {
    baseAndDelta();
    try (CrlFileProvider p = provider().directory(dir).build()) {
      assertThat(find(p, second)).isInstanceOf(Finding.NotRevoked.class);
      long generation = p.generation();

      PkiFiles.writeDer(dir.resolve("ca-delta.crl"), ca.deltaCrl(1).number(2)
          .nextUpdate(pki.now().plus(Duration.ofDays(1))).build());

      assertThat(p.reload()).isTrue();
      assertThat(find(p, second)).isInstanceOf(Finding.Revoked.class);
      assertThat(p.generation()).isGreaterThan(generation);
    }
  }

  @Test
  void aCorruptReplacementKeepsTheLastGoodCrl() throws IOException {
    baseAndDelta();
    try (CrlFileProvider p = provider().file(dir.resolve("ca.crl")).build()) {
      Files.writeString(dir.resolve("ca.crl"), "-----BEGIN X509 CRL-----\nAAAA\n");

      p.reload();

      assertThat(find(p, first)).isInstanceOf(Finding.Revoked.class);
      assertThat(p.state().failedReloads()).isPositive();
      assertThat(p.state().lastFailure()).isPresent();
    }
  }

  @Test
  void anEmptyDirectoryAnswersUnavailableUntilACrlArrives() {
    try (CrlFileProvider p = provider().directory(dir).build()) {
      assertThat(find(p, first)).isInstanceOf(Finding.Unavailable.class);

      baseAndDelta();
      assertThat(p.reload()).isTrue();
      assertThat(find(p, first)).isInstanceOf(Finding.Revoked.class);
    }
  }

  @Test
  void aWrittenCrlIsPickedUpByTheWatch() throws Exception {
    baseAndDelta();
    try (CrlFileProvider p = CrlFileProvider.builder("watched", ca.certificate()).clock(clock)
        .directory(dir).reloadInterval(Duration.ofHours(1)).quietPeriod(Duration.ofMillis(100))
        .build()) {
      Thread.sleep(200);
      PkiFiles.writeDer(dir.resolve("ca-delta.crl"), ca.deltaCrl(1).number(2)
          .nextUpdate(pki.now().plus(Duration.ofDays(1))).build());

      assertThat(IssuedSerialFileProviderTest.waitFor(
          () -> find(p, second) instanceof Finding.Revoked)).isTrue();
    }
  }

  @Test
  void onlyCrlFileNamesInADirectoryAreRead() throws IOException {
    baseAndDelta();
    Files.writeString(dir.resolve("README.txt"), "not a CRL");
    Files.writeString(dir.resolve(".ca.crl.swp"), "not a CRL");

    try (CrlFileProvider p = provider().directory(dir).build()) {
      assertThat(p.files()).containsExactly(dir.resolve("ca.crl"));
      assertThat(p.state().lastFailure()).isEmpty();
      assertThat(find(p, first)).isInstanceOf(Finding.Revoked.class);
    }
  }
}
