package dev.certstatus.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certstatus.memory.InMemoryIssuedSerials;
import dev.certstatus.memory.InMemoryRevocationList;
import dev.certstatus.testkit.ReadmeSnippets;
import dev.certstatus.testkit.TestPki;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The decision-chain example of README.md, compiled and run; the README must quote it. */
class ReadmeExampleTest {

  static final Path SOURCE =
      Path.of("src/test/java/dev/certstatus/core/ReadmeExampleTest.java");
  static final Path README = Path.of("../README.md");

  @Test
  void theReadmeExampleAnswersGoodRevokedAndUnknown() {
    X509Certificate caCertificate =
        TestPki.withSeed(1).rootCa("CN=Example CA").build().certificate();

    // readme:begin
    IssuerId ca = IssuerId.of(caCertificate);
    InMemoryIssuedSerials issued = new InMemoryIssuedSerials("issued", ca)
        .add(SerialNumber.parseHex("1001"))
        .add(SerialNumber.parseHex("1002"));
    InMemoryRevocationList crl = new InMemoryRevocationList("crl", ca)
        .revoke(SerialNumber.parseHex("1002"), Instant.parse("2026-03-01T00:00:00Z"),
            RevocationReason.KEY_COMPROMISE);
    DecisionChain chain = DecisionChain.builder(ca)
        .provider(issued)
        .provider(crl)
        .build();

    Instant now = Instant.parse("2026-06-01T00:00:00Z");
    Decision good = chain.decide(StatusQuery.of(ca, SerialNumber.parseHex("1001"), now));
    Decision revoked = chain.decide(StatusQuery.of(ca, SerialNumber.parseHex("1002"), now));
    Decision forged = chain.decide(StatusQuery.of(ca, SerialNumber.parseHex("1003"), now));

    System.out.println(forged.explain());
    // readme:end

    assertThat(good.status()).isEqualTo(CertStatus.GOOD);
    assertThat(revoked.status()).isEqualTo(CertStatus.REVOKED);
    assertThat(revoked.revocation().orElseThrow().reason())
        .contains(RevocationReason.KEY_COMPROMISE);
    assertThat(forged.status()).isEqualTo(CertStatus.UNKNOWN);
    assertThat(forged.unknownReason()).contains(UnknownReason.NOT_ISSUED);
    assertThat(forged.explain()).contains("rule 6", "issued [issuance] never issued",
        "crl [revocation] not revoked");
  }

  @Test
  void theReadmeQuotesTheExampleAsCompiledHere() {
    assertThat(ReadmeSnippets.difference(README, "decision-chain", SOURCE)).isNull();
  }
}
