package dev.certstatus.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certstatus.testkit.TestClock;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.IssuerRouter;
import dev.certstatus.crl.CrlRevocationProvider;
import dev.certstatus.memory.InMemoryIssuedSerials;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.RevocationReason;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.security.cert.CRLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.junit.jupiter.api.Test;

/**
 * The responder over a real signed CRL: the times of the response come from the CRL, and a
 * reloaded CRL retires the pre-produced response at once.
 */
class CrlBackedResponderTest {

  @Test
  void timesComeFromTheCrlAndAReloadRetiresTheCachedResponse() throws CRLException {
    TestPki pki = TestPki.withSeed(21);
    Instant crlTime = pki.now();
    TestCa ca = pki.rootCa("CN=CRL CA").build();
    IssuedCert leaf = ca.issue("CN=leaf").build();
    AtomicReference<byte[]> published = new AtomicReference<>(
        ca.crl().thisUpdate(crlTime).nextUpdate(crlTime.plus(Duration.ofHours(12))).build()
            .getEncoded());
    TestClock clock = TestClock.at(crlTime.plus(Duration.ofHours(2)));
    IssuerId issuer = IssuerId.of(ca.certificate());
    CrlRevocationProvider crl = CrlRevocationProvider.builder("crl", ca.certificate())
        .crl("ca.crl", published::get).grace(Duration.ofHours(1)).clock(clock).build();
    DecisionChain chain = DecisionChain.builder(issuer).provider(crl)
        .provider(new InMemoryIssuedSerials("issued", issuer).add(leaf.certificate())).build();
    OcspResponder responder = OcspResponder.builder().router(IssuerRouter.of(chain))
        .signer(issuer, OcspSigner.ofCa(ca.privateKey(), ca.certificate())).clock(clock)
        .cacheSize(10).build();
    byte[] request = Ocsp.request(Ocsp.certId(ca.certificate(), leaf.serial()));

    SingleResp good = Ocsp.verified(responder.respond(request), ca.certificate())
        .getResponses()[0];
    assertThat(good.getCertStatus()).isNull();
    assertThat(good.getThisUpdate().toInstant()).isEqualTo(crlTime);
    // The CRL's nextUpdate plus the provider's grace: where the provider stops using it.
    assertThat(good.getNextUpdate().toInstant()).isEqualTo(crlTime.plus(Duration.ofHours(13)));
    clock.advance(Duration.ofMinutes(30));
    assertThat(responder.answer(request).fromCache()).isTrue();

    Instant newCrlTime = clock.instant();
    ca.revoke(leaf.serial(), newCrlTime.minusSeconds(60), RevocationReason.KEY_COMPROMISE);
    published.set(ca.crl().thisUpdate(newCrlTime).nextUpdate(newCrlTime.plus(Duration.ofHours(12)))
        .build().getEncoded());
    assertThat(crl.reload()).isTrue();

    OcspResult after = responder.answer(request);
    assertThat(after.fromCache()).isFalse();
    SingleResp revoked = Ocsp.verified(after.encoded(), ca.certificate()).getResponses()[0];
    assertThat(revoked.getCertStatus()).isInstanceOf(RevokedStatus.class);
    assertThat(revoked.getThisUpdate().toInstant()).isEqualTo(newCrlTime);
  }
}
