package dev.certstatus.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certstatus.testkit.TestClock;
import dev.certstatus.core.CertStatus;
import dev.certstatus.core.DataVersion;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.IssuerRouter;
import dev.certstatus.core.NonIssuedPolicy;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.Role;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.KeyType;
import dev.certstatus.testkit.TestPki;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {

  final TestPki pki = TestPki.withSeed(3);
  final TestClock clock = TestClock.at(TestPki.DEFAULT_NOW.plus(Duration.ofHours(2)));
  final ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);

  OcspResponder responder(int cacheSize) {
    return OcspResponder.builder().router(IssuerRouter.of(ca.chain()))
        .signer(ca.id(), ca.caSigner()).clock(clock).cacheSize(cacheSize).build();
  }

  byte[] request(IssuedCert cert) {
    return Ocsp.request(Ocsp.certId(ca.ca().certificate(), cert.serial()));
  }

  @Test
  void servesThePreProducedResponseUntilTheDataBehindItChanges() {
    IssuedCert leaf = ca.issue("CN=leaf");
    OcspResponder r = responder(100);

    OcspResult first = r.answer(request(leaf));
    clock.advance(Duration.ofMinutes(5));
    OcspResult second = r.answer(request(leaf));

    assertThat(first.fromCache()).isFalse();
    assertThat(second.fromCache()).isTrue();
    assertThat(second.encoded()).isEqualTo(first.encoded());
    assertThat(second.producedAt()).isEqualTo(first.producedAt());
    assertThat(r.cachedResponses()).isEqualTo(1);

    // Any change to a source behind the chain, even about another serial, retires the response.
    ca.revocations().revoke(SerialNumber.of(5), clock.instant(), RevocationReason.SUPERSEDED);
    OcspResult third = r.answer(request(leaf));
    assertThat(third.fromCache()).isFalse();
    assertThat(third.producedAt()).contains(clock.instant());
    assertThat(r.answer(request(leaf)).fromCache()).isTrue();
  }

  @Test
  void revokingTheCachedCertificateShowsAtOnce() {
    IssuedCert leaf = ca.issue("CN=leaf");
    OcspResponder r = responder(100);
    r.answer(request(leaf));
    assertThat(r.answer(request(leaf)).fromCache()).isTrue();

    ca.revocations().revoke(SerialNumber.of(leaf.serial()), clock.instant(),
        RevocationReason.KEY_COMPROMISE);

    OcspResult after = r.answer(request(leaf));
    assertThat(after.fromCache()).isFalse();
    assertThat(Ocsp.verified(after.encoded(), ca.ca().certificate()).getResponses()[0]
        .getCertStatus()).isInstanceOf(RevokedStatus.class);
    assertThat(r.answer(request(leaf)).fromCache()).isTrue(); // a real revocation is cached
  }

  @Test
  void expiresAtNextUpdate() {
    IssuedCert leaf = ca.issue("CN=leaf");
    OcspResponder r = OcspResponder.builder().router(IssuerRouter.of(ca.chain()))
        .signer(ca.id(), ca.caSigner()).clock(clock).cacheSize(10)
        .maxValidity(Duration.ofMinutes(10)).build();
    r.answer(request(leaf));

    clock.advance(Duration.ofMinutes(10).minusSeconds(1));
    assertThat(r.answer(request(leaf)).fromCache()).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(r.answer(request(leaf)).fromCache()).isFalse();
  }

  @Test
  void expiresWhenTheCertificateDoesSoAGoodAnswerNeverOutlivesIt() {
    Instant notAfter = clock.instant().plus(Duration.ofMinutes(30));
    IssuedCert leaf = ca.ca().issue("CN=short").validity(TestPki.DEFAULT_NOW, notAfter).build();
    ca.issued().add(leaf.certificate());
    OcspResponder r = responder(10);
    r.answer(request(leaf));

    clock.set(notAfter.minusSeconds(1));
    assertThat(r.answer(request(leaf)).fromCache()).isTrue();
    clock.set(notAfter.plusSeconds(1));
    OcspResult expired = r.answer(request(leaf));
    assertThat(expired.fromCache()).isFalse();
    assertThat(expired.decisions().get(0).status()).isEqualTo(CertStatus.UNKNOWN);
  }

  @Test
  void answersAboutSerialsNobodyIssuedAreNotCached() {
    OcspResponder r = responder(100);
    byte[] random = Ocsp.request(Ocsp.certId(ca.ca().certificate(), BigInteger.valueOf(31337)));

    assertThat(r.answer(random).fromCache()).isFalse();
    assertThat(r.answer(random).fromCache()).isFalse();
    assertThat(r.cachedResponses()).isZero();

    // Nor the RFC 6960 2.2 REVOKED answer for them.
    DatedProvider serials = new DatedProvider("export", Role.ISSUANCE, ca.id(),
        DataVersion.of("export", clock.instant(), clock.instant().plus(Duration.ofDays(1))));
    DecisionChain chain = DecisionChain.builder(ca.id()).provider(serials)
        .provider(ca.revocations()).nonIssuedPolicy(NonIssuedPolicy.revoked(Duration.ofHours(1)))
        .build();
    OcspResponder holds = OcspResponder.builder().router(IssuerRouter.of(chain))
        .signer(ca.id(), ca.caSigner()).clock(clock).cacheSize(100).build();
    OcspResult first = holds.answer(random);
    assertThat(first.decisions().get(0).isNonIssuedRevocation()).isTrue();
    assertThat(holds.answer(random).fromCache()).isFalse();
    assertThat(holds.cachedResponses()).isZero();
  }

  @Test
  void requestsWithANonceOrSeveralEntriesAreNotCached() {
    IssuedCert leaf = ca.issue("CN=leaf");
    IssuedCert other = ca.issue("CN=other");
    OcspResponder r = responder(100);
    byte[] nonce = Ocsp.request(Ocsp.nonce(new byte[32]),
        Ocsp.certId(ca.ca().certificate(), leaf.serial()));
    byte[] two = Ocsp.request(Ocsp.certId(ca.ca().certificate(), leaf.serial()),
        Ocsp.certId(ca.ca().certificate(), other.serial()));

    r.answer(nonce);
    r.answer(two);
    assertThat(r.answer(nonce).fromCache()).isFalse();
    assertThat(r.answer(two).fromCache()).isFalse();
    assertThat(r.cachedResponses()).isZero();
  }

  @Test
  void theCacheIsBounded() {
    OcspResponder r = responder(3);
    for (int i = 0; i < 10; i++) {
      r.answer(request(ca.issue("CN=leaf " + i)));
      assertThat(r.cachedResponses()).isLessThanOrEqualTo(3);
    }
    assertThat(r.cachedResponses()).isEqualTo(3);
  }

  @Test
  void offByDefault() {
    IssuedCert leaf = ca.issue("CN=leaf");
    OcspResponder r = responder(0);
    r.answer(request(leaf));
    assertThat(r.answer(request(leaf)).fromCache()).isFalse();
  }
}
