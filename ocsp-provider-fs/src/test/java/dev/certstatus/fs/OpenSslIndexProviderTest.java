package dev.certstatus.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.certstatus.testkit.TestClock;
import dev.certstatus.core.CertStatus;
import dev.certstatus.core.Decision;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.Role;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.core.UnknownReason;
import dev.certstatus.core.Validity;
import dev.certstatus.testkit.OpenSsl;
import dev.certstatus.testkit.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSslIndexProviderTest {

  private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");
  private static final IssuerId CA =
      IssuerId.of(TestPki.withSeed(43).rootCa("CN=Index CA").build().certificate());
  private static final String INDEX = String.join("\n",
      "V\t270101000000Z\t\t01\tunknown\t/CN=valid",
      "E\t250101000000Z\t\t02\tunknown\t/CN=expired",
      "R\t270101000000Z\t260301120000Z,keyTime,20260215000000Z\t03\tunknown\t/CN=key",
      "R\t270101000000Z\t260301120000Z,holdInstruction,holdInstructionReject\t04\tunknown\t/CN=h",
      "R\t270101000000Z\t260301120000Z,removeFromCRL\t05\tunknown\t/CN=released",
      "V\tgarbage\t\t06\tunknown\t/CN=malformed", "");

  @TempDir
  Path dir;

  private final TestClock clock = TestClock.at(START);

  private Path index(String content) throws IOException {
    Path file = dir.resolve("index.txt");
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, FileTime.from(START.minusSeconds(600)));
    return file;
  }

  private OpenSslIndexProvider provider(Path file) {
    return OpenSslIndexProvider.builder("index", CA, file).clock(clock).scheduled(false).build();
  }

  private Finding find(OpenSslIndexProvider p, Role role, long serial) {
    return p.find(role, StatusQuery.of(CA, SerialNumber.of(serial), clock.instant()));
  }

  @Test
  void answersBothRolesFromTheIndex() throws IOException {
    try (OpenSslIndexProvider p = provider(index(INDEX))) {
      assertThat(find(p, Role.ISSUANCE, 1)).isInstanceOfSatisfying(Finding.Issued.class,
          i -> assertThat(i.validity().map(Validity::notAfter))
              .contains(Instant.parse("2027-01-01T00:00:00Z")));
      assertThat(find(p, Role.REVOCATION, 1)).isInstanceOf(Finding.NotRevoked.class);
      assertThat(find(p, Role.ISSUANCE, 2)).isInstanceOf(Finding.Issued.class);
      assertThat(find(p, Role.REVOCATION, 3)).isInstanceOfSatisfying(Finding.Revoked.class,
          r -> {
            assertThat(r.revocationTime()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
            assertThat(r.reason()).contains(RevocationReason.KEY_COMPROMISE);
            assertThat(r.invalidityDate()).contains(Instant.parse("2026-02-15T00:00:00Z"));
          });
      assertThat(find(p, Role.REVOCATION, 4)).isInstanceOfSatisfying(Finding.Revoked.class,
          r -> assertThat(r.isHold()).isTrue());
      assertThat(find(p, Role.REVOCATION, 5)).isInstanceOf(Finding.NotRevoked.class);
      assertThat(find(p, Role.ISSUANCE, 6)).isInstanceOf(Finding.NotIssued.class);
      assertThat(find(p, Role.ISSUANCE, 7)).isInstanceOf(Finding.NotIssued.class);
      assertThat(find(p, Role.REVOCATION, 7)).isInstanceOf(Finding.NotRevoked.class);
      assertThat(find(p, Role.ISSUANCE, 1).version().asOf())
          .contains(START.minusSeconds(600));
      assertThat(find(p, Role.REVOCATION, 1).version().freshUntil())
          .contains(START.plus(SnapshotSourceBuilder.DEFAULT_MAX_AGE));
    }
  }

  @Test
  void inAChainTheIndexGivesGoodRevokedExpiredAndNotIssued() throws IOException {
    try (OpenSslIndexProvider p = provider(index(INDEX))) {
      DecisionChain chain = DecisionChain.builder(CA).provider(p).build();

      assertThat(decide(chain, 1).status()).isEqualTo(CertStatus.GOOD);
      assertThat(decide(chain, 2).unknownReason()).contains(UnknownReason.EXPIRED);
      assertThat(decide(chain, 3).status()).isEqualTo(CertStatus.REVOKED);
      assertThat(decide(chain, 5).status()).isEqualTo(CertStatus.GOOD);
      assertThat(decide(chain, 6).unknownReason()).contains(UnknownReason.NOT_ISSUED);
    }
  }

  private Decision decide(DecisionChain chain, long serial) {
    return chain.decide(StatusQuery.of(CA, SerialNumber.of(serial), clock.instant()));
  }

  @Test
  void aTruncatedIndexIsHeldBackWithItsRevocations() throws IOException {
    StringBuilder full = new StringBuilder();
    for (int i = 1; i <= 100; i++) {
      full.append(i == 100 ? "R\t270101000000Z\t260301120000Z,superseded\t" : "V\t270101000000Z\t\t")
          .append(SerialNumber.of(i).toHex()).append("\tunknown\t/CN=c").append(i).append('\n');
    }
    Path file = index(full.toString());
    try (OpenSslIndexProvider p = provider(file)) {
      // A half-written copy: the last rows, with the revocation, are gone.
      Files.writeString(file, full.substring(0, full.length() / 2));

      assertThat(p.reload().status()).isEqualTo(ReloadOutcome.Status.HELD_BACK);
      assertThat(find(p, Role.REVOCATION, 100)).isInstanceOf(Finding.Revoked.class);
      assertThat(find(p, Role.ISSUANCE, 100)).isInstanceOf(Finding.Issued.class);
      assertThat(p.heldBack()).isPresent();

      Files.writeString(file, full.toString());
      assertThat(p.reload().status()).isEqualTo(ReloadOutcome.Status.SWAPPED);
      assertThat(p.heldBack()).isEmpty();
    }
  }

  @Test
  void aMissingIndexKeepsTheLastGoodDataUntilItsMaximumAge() throws IOException {
    Path file = index(INDEX);
    try (OpenSslIndexProvider p = OpenSslIndexProvider.builder("index", CA, file).clock(clock)
        .maxAge(Duration.ofHours(2)).scheduled(false).build()) {
      Files.delete(file);

      assertThat(p.reload().status()).isEqualTo(ReloadOutcome.Status.FAILED);
      assertThat(find(p, Role.REVOCATION, 3)).isInstanceOf(Finding.Revoked.class);
      assertThat(p.state().lastFailure()).hasValueSatisfying(f -> assertThat(f)
          .contains(file.toString()));

      clock.advance(Duration.ofHours(2).plusSeconds(1));
      assertThat(find(p, Role.REVOCATION, 3)).isInstanceOf(Finding.Unavailable.class);
      assertThat(find(p, Role.ISSUANCE, 1)).isInstanceOf(Finding.Unavailable.class);
    }
  }

  @Test
  void beforeAnyDataBothRolesAreUnavailableAndOtherIssuersNotCovered() {
    IssuerId other = IssuerId.of(TestPki.withSeed(44).rootCa("CN=Other").build().certificate());
    try (OpenSslIndexProvider p = provider(dir.resolve("missing.txt"))) {
      assertThat(find(p, Role.REVOCATION, 1)).isInstanceOf(Finding.Unavailable.class);
      assertThat(find(p, Role.ISSUANCE, 1)).isInstanceOf(Finding.Unavailable.class);
      assertThat(p.find(Role.REVOCATION, StatusQuery.of(other, SerialNumber.of(1), START)))
          .isInstanceOf(Finding.NotCovered.class);
    }
  }

  @Test
  void answersFromTheIndexOfARealOpensslCa() throws IOException {
    assumeTrue(OpenSsl.availableOrFailOnCi(), "openssl is not installed (and CI is not set)");
    RealOpenSslCa ca = RealOpenSslCa.create(dir.resolve("ca"), Duration.ofSeconds(60));
    String good = ca.issue("good");
    String held = ca.issue("held");
    ca.revoke(held, "-crl_hold", "holdInstructionCallIssuer");
    try (OpenSslIndexProvider p = OpenSslIndexProvider.builder("openssl", CA, ca.index())
        .scheduled(false).build()) {
      DecisionChain chain = DecisionChain.builder(CA).provider(p).build();
      Instant now = Instant.now();

      assertThat(chain.decide(StatusQuery.of(CA, SerialNumber.parseHex(good), now)).status())
          .isEqualTo(CertStatus.GOOD);
      Decision onHold = chain.decide(StatusQuery.of(CA, SerialNumber.parseHex(held), now));
      assertThat(onHold.status()).isEqualTo(CertStatus.REVOKED);
      assertThat(onHold.revocation().orElseThrow().reason())
          .contains(RevocationReason.CERTIFICATE_HOLD);
      assertThat(chain.decide(StatusQuery.of(CA, SerialNumber.of(0xdead), now))
          .unknownReason()).isEqualTo(Optional.of(UnknownReason.NOT_ISSUED));
    }
  }
}
