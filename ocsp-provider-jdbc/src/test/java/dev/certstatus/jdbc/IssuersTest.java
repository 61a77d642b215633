package dev.certstatus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.core.HashAlgorithm;
import dev.certstatus.core.IssuerId;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class IssuersTest {

  static final TestPki PKI = TestPki.withSeed(11);
  static final TestCa MAIL_CA =
      PKI.rootCa("CN=Mail CA,O=certstatus,C=DE,EMAILADDRESS=ca@example.com").build();
  static final TestCa OTHER_CA = PKI.rootCa("CN=Other CA,O=certstatus,C=DE").build();

  static Issuers issuers(IssuerMatch match) {
    return new Issuers(match, List.of(
        Issuers.describe(match, IssuerId.of(OTHER_CA.certificate()),
            Optional.of(OTHER_CA.certificate()), Optional.empty()),
        Issuers.describe(match, IssuerId.of(MAIL_CA.certificate()),
            Optional.of(MAIL_CA.certificate()), Optional.empty())));
  }

  @Test
  void dnStringsAsEjbcaWritesThemNameTheCa() {
    Issuers byDn = issuers(IssuerMatch.byDn());
    X500Principal subject = MAIL_CA.certificate().getSubjectX500Principal();

    assertThat(byDn.resolve(subject.getName())).isEqualTo(1);
    assertThat(byDn.resolve("E=ca@example.com,CN=Mail CA,O=certstatus,C=DE")).isEqualTo(1);
    assertThat(byDn.resolve("CN=Mail CA, O=certstatus, C=DE, E=ca@example.com")).isEqualTo(1);
    assertThat(byDn.resolve("CN=Other CA,O=certstatus,C=DE")).isEqualTo(0);
  }

  @Test
  void dnStringsOfOtherNamesOrNoNameAtAllNameNoCa() {
    Issuers byDn = issuers(IssuerMatch.byDn());

    assertThat(byDn.resolve("CN=Mail CA,O=certstatus,C=DE")).isEqualTo(-1);
    assertThat(byDn.resolve("CN=Mail CA,O=certstatus,C=DE,E=other@example.com")).isEqualTo(-1);
    assertThat(byDn.resolve("not a DN at all")).isEqualTo(-1);
    assertThat(byDn.resolve("")).isEqualTo(-1);
    assertThat(byDn.resolve(null)).isEqualTo(-1);
  }

  @Test
  void keyHashesMatchInEitherCaseWithOrWithoutColons() {
    Issuers byKey = issuers(IssuerMatch.byKeyHash(HashAlgorithm.SHA1));
    String hex = HexFormat.of().formatHex(
        IssuerId.of(MAIL_CA.certificate()).keyHash(HashAlgorithm.SHA1));

    assertThat(byKey.resolve(hex)).isEqualTo(1);
    assertThat(byKey.resolve(hex.toUpperCase(Locale.ROOT))).isEqualTo(1);
    assertThat(byKey.resolve(HexFormat.ofDelimiter(":").formatHex(
        IssuerId.of(MAIL_CA.certificate()).keyHash(HashAlgorithm.SHA1)))).isEqualTo(1);
    assertThat(byKey.resolve(hex.substring(2))).isEqualTo(-1);
  }

  @Test
  void caFingerprintMatchingNeedsTheCaCertificate() {
    IssuerMatch match = IssuerMatch.byCaFingerprint("SHA-1");
    assertThatThrownBy(() -> Issuers.describe(match, IssuerId.of(MAIL_CA.certificate()),
        Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CA certificate");
    assertThat(issuers(match).resolve(EjbcaTable.sha1(MAIL_CA.certificate()))).isEqualTo(1);
  }
}
