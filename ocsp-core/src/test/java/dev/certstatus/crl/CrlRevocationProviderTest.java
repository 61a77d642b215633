package dev.certstatus.crl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.testkit.TestClock;
import dev.certstatus.core.CertStatus;
import dev.certstatus.core.Decision;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.RevocationDetails;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.Role;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.SourceState;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.PkiFiles;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.DERNull;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, verifying, freshness and reloading of {@link CrlRevocationProvider}. */
class CrlRevocationProviderTest extends CrlTestSupport {

  static final Instant T0 = TestPki.DEFAULT_NOW;
  static final String UNKNOWN_OID = "1.3.6.1.4.1.55555.1";

  TestPki pki;
  IssuedCert good;
  IssuedCert bad;

  @BeforeEach
  void pki() {
    pki = TestPki.withSeed(42);
    ca = pki.rootCa("CN=CRL Test CA,O=certstatus").build();
    good = ca.issue("CN=good").build();
    bad = ca.issue("CN=bad").build();
    clock = TestClock.at(T0.plus(Duration.ofHours(1)));
  }

  @Test
  void aListedSerialIsRevokedWithReasonTimeAndInvalidityDateAndAnUnlistedOneIsNot() {
    Instant compromised = T0.minus(Duration.ofDays(2));
    ca.revoke(bad.serial(), T0.minus(Duration.ofDays(1)),
        dev.certstatus.testkit.RevocationReason.KEY_COMPROMISE, Optional.of(compromised));
    X509CRL crl = ca.crl().number(42).thisUpdate(T0).nextUpdate(T0.plus(Duration.ofDays(7)))
        .build();
    CrlRevocationProvider p = provider().crl("ca.crl", crl).grace(Duration.ofHours(2)).build();

    Finding f = find(p, bad);
    assertThat(f).isInstanceOf(Finding.Revoked.class);
    Finding.Revoked r = (Finding.Revoked) f;
    assertThat(r.revocationTime()).isEqualTo(T0.minus(Duration.ofDays(1)));
    assertThat(r.reason()).contains(RevocationReason.KEY_COMPROMISE);
    assertThat(r.invalidityDate()).contains(compromised);
    assertThat(r.version().label()).isEqualTo("CRL #42 from ca.crl");
    assertThat(r.version().asOf()).contains(T0);
    assertThat(r.version().freshUntil()).contains(T0.plus(Duration.ofDays(7)).plus(
        Duration.ofHours(2)));
    assertThat(find(p, good)).isInstanceOf(Finding.NotRevoked.class);
    assertThat(findSerial(p, good.serial())).as("without the certificate")
        .isInstanceOf(Finding.NotRevoked.class);
    assertThat(p.size()).isEqualTo(1);
  }

  @Test
  void theRevocationDetailsReachTheDecisionOfARevocationOnlyChain() {
    Instant compromised = T0.minus(Duration.ofDays(2));
    ca.revoke(bad.serial(), T0, dev.certstatus.testkit.RevocationReason.AFFILIATION_CHANGED,
        Optional.of(compromised));
    CrlRevocationProvider p = provider().crl("ca.crl", ca.crl().thisUpdate(T0).build()).build();
    DecisionChain chain = DecisionChain.builder(IssuerId.of(ca.certificate())).provider(p)
        .revocationOnly().build();

    Decision revoked = chain.decide(StatusQuery.of(chain.issuer(), bad.certificate(),
        clock.instant()));
    Decision good = chain.decide(StatusQuery.of(chain.issuer(), this.good.certificate(),
        clock.instant()));

    assertThat(revoked.revocation()).contains(new RevocationDetails(T0,
        Optional.of(RevocationReason.AFFILIATION_CHANGED), Optional.of(compromised), false));
    assertThat(good.status()).isEqualTo(CertStatus.GOOD);
    assertThat(good.explain()).contains("crl [revocation] not revoked (data: CRL #1 from ca.crl");
  }

  @Test
  void aTrustAnchorWithoutACertificateVerifiesItsOwnCrls() {
    ca.revoke(bad.serial(), T0, dev.certstatus.testkit.RevocationReason.SUPERSEDED);
    TrustAnchor anchor = new TrustAnchor(ca.subject(), ca.publicKey(), null);

    CrlRevocationProvider p = CrlRevocationProvider.builder("anchor-crl", anchor).clock(clock)
        .crl("ca.crl", ca.crl().thisUpdate(T0).build()).build();

    assertThat(p.issuer()).isEqualTo(IssuerId.of(ca.certificate()));
    assertThat(find(p, bad)).isInstanceOf(Finding.Revoked.class);
    assertThat(find(p, good)).isInstanceOf(Finding.NotRevoked.class);
  }

  @Test
  void readsDerAndPemFilesAndSuppliers(@TempDir Path dir) {
    ca.revoke(bad.serial(), T0, dev.certstatus.testkit.RevocationReason.SUPERSEDED);
    X509CRL crl = ca.crl().thisUpdate(T0).build();
    Path der = PkiFiles.writeDer(dir.resolve("ca.crl"), crl);
    Path pem = PkiFiles.writePem(dir.resolve("ca.pem"), crl);

    for (CrlRevocationProvider p : new CrlRevocationProvider[] {
        provider().crl(der).build(),
        provider().crl(pem).build(),
        provider().crl("download", () -> PkiFiles.pem(crl).getBytes()).build()}) {
      assertThat(find(p, bad)).as(p.toString()).isInstanceOf(Finding.Revoked.class);
      assertThat(find(p, good)).as(p.toString()).isInstanceOf(Finding.NotRevoked.class);
    }
  }

  @Test
  void anotherIssuersCertificateIsNotCovered() {
    TestCa other = pki.rootCa("CN=Other CA").build();
    IssuedCert foreign = other.issue("CN=foreign").build();
    CrlRevocationProvider p = provider().crl("ca.crl", ca.crl().thisUpdate(T0).build()).build();

    Finding f = p.find(Role.REVOCATION, StatusQuery.of(IssuerId.of(other.certificate()),
        foreign.certificate(), clock.instant()));

    assertThat(f).isInstanceOf(Finding.NotCovered.class);
    assertThat(p.find(Role.ISSUANCE, StatusQuery.of(IssuerId.of(ca.certificate()),
        good.certificate(), clock.instant()))).isInstanceOf(Finding.NotCovered.class);
  }

  @Test
  void aStaleCrlStillRevokesPermanentlyButCannotAssertAHoldOrAnAbsence() {
    IssuedCert held = ca.issue("CN=held").build();
    ca.revoke(bad.serial(), T0, dev.certstatus.testkit.RevocationReason.KEY_COMPROMISE);
    ca.revoke(held.serial(), T0, dev.certstatus.testkit.RevocationReason.CERTIFICATE_HOLD);
    X509CRL crl = ca.crl().thisUpdate(T0).nextUpdate(T0.plus(Duration.ofDays(1))).build();
    CrlRevocationProvider p = provider().crl("ca.crl", crl).grace(Duration.ofHours(1)).build();

    clock.set(T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(59)));
    assertThat(find(p, good)).as("inside the grace").isInstanceOf(Finding.NotRevoked.class);
    assertThat(find(p, held)).isInstanceOf(Finding.Revoked.class);

    clock.set(T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(61)));
    assertThat(find(p, bad)).isInstanceOf(Finding.Revoked.class);
    assertThat(cause(find(p, good))).contains("is stale");
    assertThat(cause(find(p, held))).contains("is stale");
    assertThat(p.state().isFresh(clock.instant())).isFalse();
  }

  @Test
  void aCrlWhoseThisUpdateIsInTheFutureIsRejected() {
    X509CRL crl = ca.crl().thisUpdate(clock.instant().plusSeconds(60)).build();
    CrlRevocationProvider p = provider().crl("future.crl", crl).build();

    assertThat(cause(find(p, good))).contains("future.crl").contains("is in the future");
    assertThat(p.state().version()).isEmpty();
    assertThat(p.state().failedReloads()).isEqualTo(1);
    assertThat(p.state().lastFailure()).hasValueSatisfying(s -> s.contains("future.crl"));
  }

  @Test
  void aCrlSignedByAnotherKeyUnderTheSameNameIsRejected() {
    TestCa impostor = TestPki.withSeed(7).rootCa("CN=CRL Test CA,O=certstatus").build();
    CrlRevocationProvider p = provider().crl("impostor.crl", impostor.crl().thisUpdate(T0)
        .build()).build();

    assertThat(cause(find(p, good))).contains("impostor.crl")
        .contains("signature does not verify");
  }

  @Test
  void aDelegatedSignerIssuedByTheCaWithCrlSignIsAccepted() {
    IssuedCert signer = ca.crlSigner("CN=CRL Test CA,O=certstatus").build();
    ca.revoke(bad.serial(), T0, dev.certstatus.testkit.RevocationReason.SUPERSEDED);
    X509CRL crl = ca.crl().thisUpdate(T0).signedBy(signer).build();

    CrlRevocationProvider without = provider().crl("delegated.crl", crl).build();
    CrlRevocationProvider with = provider().crlSigner(signer.certificate())
        .crl("delegated.crl", crl).build();

    assertThat(cause(find(without, good))).contains("signature does not verify");
    assertThat(find(with, bad)).isInstanceOf(Finding.Revoked.class);
    assertThat(find(with, good)).isInstanceOf(Finding.NotRevoked.class);
  }

  @Test
  void aSignerWithoutCrlSignOrNotIssuedByTheCaIsRefused() {
    IssuedCert noCrlSign = ca.issue("CN=no crl sign").withCrlSignKeyUsage(false).build();
    TestCa other = pki.rootCa("CN=Other CA").build();
    IssuedCert foreign = other.crlSigner("CN=foreign signer").build();

    assertThatThrownBy(() -> provider().crlSigner(noCrlSign.certificate()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cRLSign");
    assertThatThrownBy(() -> provider().crlSigner(foreign.certificate()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was not issued by");
  }

  @Test
  void unknownCriticalCrlOrEntryExtensionsMakeTheCrlUnusableButNonCriticalOnesDoNot() {
    ca.revoke(bad.serial(), T0, dev.certstatus.testkit.RevocationReason.SUPERSEDED);
    byte[] value = tryEncode();
    X509CRL criticalCrlExt = ca.crl().thisUpdate(T0).extraCrlExtension(UNKNOWN_OID, true, value)
        .build();
    X509CRL criticalEntryExt = ca.crl().thisUpdate(T0)
        .extraEntryExtension(bad.serial(), UNKNOWN_OID, true, value).build();
    X509CRL nonCritical = ca.crl().thisUpdate(T0).extraCrlExtension(UNKNOWN_OID, false, value)
        .extraEntryExtension(bad.serial(), UNKNOWN_OID, false, value).build();

    assertThat(cause(find(provider().crl("a.crl", criticalCrlExt).build(), good)))
        .contains("a.crl").contains("unknown critical CRL extension " + UNKNOWN_OID);
    assertThat(cause(find(provider().crl("b.crl", criticalEntryExt).build(), good)))
        .contains("b.crl").contains("unknown critical extension " + UNKNOWN_OID)
        .contains(SerialNumber.of(bad.serial()).toHex());
    assertThat(find(provider().crl("c.crl", nonCritical).build(), bad))
        .isInstanceOf(Finding.Revoked.class);
  }

  private static byte[] tryEncode() {
    try {
      return DERNull.INSTANCE.getEncoded();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void garbageIsReportedWithItsSourceAndNeverAnswersNotRevoked() {
    CrlRevocationProvider p = provider().crl("garbage.crl", new byte[] {0x30, 0x03, 1, 2})
        .crl("text.crl", "hello".getBytes()).build();

    String cause = cause(find(p, good));
    assertThat(cause).contains("garbage.crl").contains("not a DER CertificateList");
    assertThat(cause).contains("text.crl").contains("neither DER nor PEM");
  }

  @Test
  void everyCorruptedOrTruncatedCopyOfASignedCrlIsRejectedWithoutAnException() {
    ca.revoke(bad.serial(), T0, dev.certstatus.testkit.RevocationReason.KEY_COMPROMISE);
    byte[] der = encoded(ca.crl().thisUpdate(T0).build());
    java.util.Random random = new java.util.Random(1234);
    for (int i = 0; i < 300; i++) {
      byte[] copy = i % 3 == 0 ? java.util.Arrays.copyOf(der, random.nextInt(der.length))
          : der.clone();
      if (i % 3 != 0) {
        copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
      }
      CrlRevocationProvider p = provider().crl("corrupt-" + i, copy).build();
      assertThat(find(p, good)).as("copy %d", i).isInstanceOf(Finding.Unavailable.class);
      assertThat(find(p, bad)).as("copy %d", i).isInstanceOf(Finding.Unavailable.class);
      assertThat(p.state().lastFailure().orElseThrow()).contains("corrupt-" + i);
    }
  }

  @Test
  void anOlderCrlNeverReplacesANewerOneAndAFailedReloadKeepsTheLastGood() {
    X509CRL n5 = ca.crl().number(5).thisUpdate(T0).build();
    ca.revoke(bad.serial(), T0, dev.certstatus.testkit.RevocationReason.SUPERSEDED);
    X509CRL n6 = ca.crl().number(6).thisUpdate(T0).build();
    AtomicReference<byte[]> current = new AtomicReference<>(encoded(n6));
    CrlRevocationProvider p = provider().crl("feed", current::get).build();
    long g0 = p.generation();
    assertThat(find(p, bad)).isInstanceOf(Finding.Revoked.class);

    current.set(encoded(n5));
    assertThat(p.reload()).isFalse();
    SourceState s = p.state();
    assertThat(s.version().orElseThrow().label()).isEqualTo("CRL #6 from feed");
    assertThat(s.failedReloads()).isEqualTo(1);
    assertThat(s.lastFailure()).hasValueSatisfying(
        m -> assertThat(m).contains("CRL #5 from feed is older than CRL #6 from feed"));
    assertThat(p.generation()).isEqualTo(g0);
    assertThat(find(p, bad)).isInstanceOf(Finding.Revoked.class);

    current.set(new byte[] {1, 2, 3});
    assertThat(p.reload()).isFalse();
    assertThat(p.state().failedReloads()).isEqualTo(2);
    assertThat(find(p, bad)).isInstanceOf(Finding.Revoked.class);

    current.set(null);
    assertThat(p.reload()).isFalse();
    assertThat(p.state().lastFailure().orElseThrow()).contains("feed").contains("no bytes");

    ca.revoke(good.serial(), T0, dev.certstatus.testkit.RevocationReason.SUPERSEDED);
    current.set(encoded(ca.crl().number(7).thisUpdate(T0).build()));
    assertThat(p.reload()).isTrue();
    assertThat(p.generation()).isNotEqualTo(g0);
    assertThat(p.state().version().orElseThrow().label()).isEqualTo("CRL #7 from feed");
    assertThat(find(p, good)).isInstanceOf(Finding.Revoked.class);

    long g1 = p.generation();
    assertThat(p.reload()).as("same CRL again").isFalse();
    assertThat(p.generation()).isEqualTo(g1);
  }

  @Test
  void aFailingSourceIsLoggedOnceUntilItRecovers() throws Exception {
    byte[] good = encoded(ca.crl().thisUpdate(T0).build());
    AtomicReference<byte[]> current = new AtomicReference<>(new byte[] {1});
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, "UTF-8"));
    try {
      CrlRevocationProvider p = provider().crl("flaky", current::get).build();
      p.reload();
      p.reload();
      current.set(good);
      p.reload();
      current.set(new byte[] {1});
      p.reload();
      assertThat(p.state().failedReloads()).isEqualTo(4);
    } finally {
      System.setErr(err);
    }
    String log = captured.toString("UTF-8");
    assertThat(log.lines().filter(l -> l.contains("WARN") && l.contains("CRL flaky")))
        .as(log).hasSize(2);
  }

  @Test
  void aFileThatDisappearsKeepsTheLastGoodSnapshot(@TempDir Path dir) throws Exception {
    ca.revoke(bad.serial(), T0, dev.certstatus.testkit.RevocationReason.SUPERSEDED);
    Path file = PkiFiles.writeDer(dir.resolve("ca.crl"), ca.crl().thisUpdate(T0).build());
    CrlRevocationProvider p = provider().crl(file).build();
    Files.delete(file);

    assertThat(p.reload()).isFalse();

    assertThat(find(p, bad)).isInstanceOf(Finding.Revoked.class);
    assertThat(p.state().lastFailure().orElseThrow()).contains(file.toString())
        .contains("cannot be read");
  }

  @Test
  void innerAndOuterSignatureAlgorithmsMustMatch() throws Exception {
    X509CRL crl = ca.crl().thisUpdate(T0).build();
    org.bouncycastle.asn1.x509.CertificateList list = org.bouncycastle.asn1.x509.CertificateList
        .getInstance(crl.getEncoded());
    org.bouncycastle.asn1.x509.AlgorithmIdentifier other =
        new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
            org.bouncycastle.asn1.x9.X9ObjectIdentifiers.ecdsa_with_SHA512);
    byte[] tampered = new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
        list.getTBSCertList(), other, list.getSignature()}).getEncoded();

    assertThat(cause(find(provider().crl("tampered.crl", tampered).build(), good)))
        .contains("tampered.crl").contains("differs from the outer one");
  }

  @Test
  void theBuilderNamesBadValues() {
    assertThatThrownBy(() -> provider().grace(Duration.ofSeconds(-1)))
        .hasMessageContaining("grace must not be negative");
    assertThatThrownBy(() -> provider().build()).hasMessageContaining("has no CRL source");
    assertThatThrownBy(() -> provider().crl("x", new byte[0]).crl("x", new byte[0]))
        .hasMessageContaining("two CRL sources are named 'x'");
    assertThatThrownBy(() -> CrlRevocationProvider.builder(" ", ca.certificate()))
        .hasMessageContaining("id must not be blank");
  }

  static byte[] encoded(X509CRL crl) {
    try {
      return crl.getEncoded();
    } catch (java.security.cert.CRLException e) {
      throw new AssertionError(e);
    }
  }
}
