package dev.certstatus.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.testkit.OpenSsl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSslIndexFileTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private OpenSslIndexFile read(String content) throws IOException {
    Path file = dir.resolve("index.txt");
    Files.writeString(file, content);
    return OpenSslIndexFile.read(file);
  }

  private static IndexEntry.Revocation revocation(OpenSslIndexFile index, long serial) {
    return index.entries().get(SerialNumber.of(serial)).revocation().orElseThrow();
  }

  @Test
  void readsValidRevokedAndExpiredRowsWithEveryReasonForm() throws IOException {
    OpenSslIndexFile index = read(String.join("\n",
        "V\t270101000000Z\t\t01\tunknown\t/CN=valid",
        "E\t250101000000Z\t\t02\tunknown\t/CN=expired",
        "R\t270101000000Z\t260301120000Z,superseded\t03\tunknown\t/CN=superseded",
        "R\t270101000000Z\t260301120000Z\t04\tunknown\t/CN=no reason",
        "R\t270101000000Z\t260301120000Z,certificateHold\t05\tunknown\t/CN=hold",
        "R\t270101000000Z\t260301120000Z,holdInstruction,holdInstructionReject\t06\tunknown\t/CN=h",
        "R\t270101000000Z\t260301120000Z,holdInstruction,1.2.840.10040.2.2\t07\tunknown\t/CN=h2",
        "R\t270101000000Z\t260301120000Z,keyTime,20260215000000Z\t08\tunknown\t/CN=key",
        "R\t270101000000Z\t260301120000Z,CAkeyTime,20260210000000Z\t09\tunknown\t/CN=ca",
        "R\t270101000000Z\t260301120000Z,removeFromCRL\t0A\tunknown\t/CN=released",
        "R\t20600101000000Z\t260301120000Z,KEYCOMPROMISE\t0B\tunknown\t/CN=case", ""));

    assertThat(index.problems()).isEmpty();
    assertThat(index.entries()).hasSize(11);
    IndexEntry valid = index.entries().get(SerialNumber.of(1));
    assertThat(valid.status()).isEqualTo(IndexEntry.Status.VALID);
    assertThat(valid.expiry()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(index.entries().get(SerialNumber.of(2)).status())
        .isEqualTo(IndexEntry.Status.EXPIRED);
    Instant revoked = Instant.parse("2026-03-01T12:00:00Z");
    assertThat(revocation(index, 3)).isEqualTo(new IndexEntry.Revocation(revoked,
        Optional.of(RevocationReason.SUPERSEDED), Optional.empty(), Optional.empty()));
    assertThat(revocation(index, 4).reason()).isEmpty();
    assertThat(revocation(index, 5).reason()).contains(RevocationReason.CERTIFICATE_HOLD);
    assertThat(revocation(index, 6).reason()).contains(RevocationReason.CERTIFICATE_HOLD);
    assertThat(revocation(index, 6).holdInstruction()).contains("holdInstructionReject");
    assertThat(revocation(index, 7).holdInstruction()).contains("1.2.840.10040.2.2");
    assertThat(revocation(index, 8).reason()).contains(RevocationReason.KEY_COMPROMISE);
    assertThat(revocation(index, 8).invalidityDate())
        .contains(Instant.parse("2026-02-15T00:00:00Z"));
    assertThat(revocation(index, 9).reason()).contains(RevocationReason.CA_COMPROMISE);
    assertThat(revocation(index, 9).invalidityDate())
        .contains(Instant.parse("2026-02-10T00:00:00Z"));
    assertThat(index.entries().get(SerialNumber.of(10)).isRevoked()).isFalse();
    assertThat(index.entries().get(SerialNumber.of(11)).expiry())
        .isEqualTo(Instant.parse("2060-01-01T00:00:00Z"));
    assertThat(revocation(index, 11).reason()).contains(RevocationReason.KEY_COMPROMISE);
  }

  @Test
  void malformedRowsAreReportedWithTheirLineNumberAndTheRestIsRead() throws IOException {
    OpenSslIndexFile index = read(String.join("\n",
        "V\t270101000000Z\t\t01\tunknown\t/CN=ok",
        "X\t270101000000Z\t\t02\tunknown\t/CN=bad status",
        "V\t2701\t\t03\tunknown\t/CN=bad expiry",
        "V\t270101000000Z\t\tnothex\tunknown\t/CN=bad serial",
        "R\t270101000000Z\t\t05\tunknown\t/CN=R without time",
        "R\t270101000000Z\t260301120000Z,sometimes\t06\tunknown\t/CN=bad reason",
        "R\t270101000000Z\t260301120000Z,keyTime\t07\tunknown\t/CN=keyTime without time",
        "R\t270101000000Z\t260301120000Z,holdInstruction\t08\tunknown\t/CN=no instruction",
        "V\t270101000000Z\t260301120000Z\t09\tunknown\t/CN=V with revocation",
        "just some words",
        "V\t270101000000Z\t\t0C\tunknown\t/CN=ok too"));

    assertThat(index.entries().keySet())
        .containsExactlyInAnyOrder(SerialNumber.of(1), SerialNumber.of(0x0c));
    assertThat(index.problems()).extracting(LineProblem::line)
        .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(index.problems().get(0).toString()).contains("index.txt:2:", "'X'");
    assertThat(index.problems().get(4).message()).contains("sometimes");
  }

  @Test
  void aRepeatedSerialKeepsTheRevokingRowAndIsReported() throws IOException {
    OpenSslIndexFile index = read(String.join("\n",
        "R\t270101000000Z\t260301120000Z,keyCompromise\t01\tunknown\t/CN=a",
        "V\t270101000000Z\t\t01\tunknown\t/CN=b"));

    assertThat(index.entries().get(SerialNumber.of(1)).isRevoked()).isTrue();
    assertThat(index.problems()).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("repeats line 1"));
  }

  @Test
  void readsTheIndexARealOpensslCaWrote() throws IOException {
    assumeTrue(OpenSsl.availableOrFailOnCi(), "openssl is not installed (and CI is not set)");
    RealOpenSslCa ca = RealOpenSslCa.create(dir, TIMEOUT);
    String good = ca.issue("good");
    String compromised = ca.issue("compromised");
    String held = ca.issue("held");
    String superseded = ca.issue("superseded");
    ca.revoke(compromised, "-crl_compromise", "20260101000000Z");
    ca.revoke(held, "-crl_hold", "holdInstructionCallIssuer");
    ca.revoke(superseded, "-crl_reason", "superseded");

    OpenSslIndexFile index = OpenSslIndexFile.read(ca.index());

    assertThat(index.problems()).as(Files.readString(ca.index())).isEmpty();
    assertThat(index.entries()).hasSize(4);
    assertThat(index.entries().get(SerialNumber.parseHex(good)).status())
        .isEqualTo(IndexEntry.Status.VALID);
    IndexEntry.Revocation key = index.entries().get(SerialNumber.parseHex(compromised))
        .revocation().orElseThrow();
    assertThat(key.reason()).contains(RevocationReason.KEY_COMPROMISE);
    assertThat(key.invalidityDate()).contains(Instant.parse("2026-01-01T00:00:00Z"));
    IndexEntry.Revocation hold = index.entries().get(SerialNumber.parseHex(held)).revocation()
        .orElseThrow();
    assertThat(hold.reason()).contains(RevocationReason.CERTIFICATE_HOLD);
    assertThat(hold.holdInstruction()).isPresent();
    assertThat(index.entries().get(SerialNumber.parseHex(superseded)).revocation().orElseThrow()
        .reason()).contains(RevocationReason.SUPERSEDED);
  }
}
