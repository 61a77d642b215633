package dev.certstatus.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certstatus.core.IssuerRouter;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.KeyType;
import dev.certstatus.testkit.TestPki;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.junit.jupiter.api.Test;

/**
 * One responder shared by several threads while the data changes under it: every response is
 * well signed and says GOOD before the revocation and REVOKED after it was made, never anything
 * else, whether it was signed or cached.
 */
class ConcurrentUseTest {

  @Test
  void sharedResponderAnswersCorrectlyWhileTheDataChanges() throws Exception {
    TestPki pki = TestPki.withSeed(5);
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    IssuedCert leaf = ca.issue("CN=leaf");
    OcspResponder r = OcspResponder.builder().router(IssuerRouter.of(ca.chain()))
        .signer(ca.id(), ca.caSigner()).cacheSize(8)
        .clock(Clock.fixed(TestPki.DEFAULT_NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC))
        .build();
    byte[] plain = Ocsp.request(Ocsp.certId(ca.ca().certificate(), leaf.serial()));
    byte[] withNonce = Ocsp.request(Ocsp.nonce(new byte[32]),
        Ocsp.certId(ca.ca().certificate(), leaf.serial()));

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<byte[]>>> before = submit(pool, r, plain, withNonce);
      for (Future<List<byte[]>> f : before) {
        for (byte[] response : f.get()) {
          assertThat(status(response, ca)).isNull();
        }
      }
      ca.revocations().revoke(SerialNumber.of(leaf.serial()), TestPki.DEFAULT_NOW,
          RevocationReason.KEY_COMPROMISE);
      for (Future<List<byte[]>> f : submit(pool, r, plain, withNonce)) {
        for (byte[] response : f.get()) {
          assertThat(status(response, ca)).isInstanceOf(RevokedStatus.class);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Future<List<byte[]>>> submit(ExecutorService pool, OcspResponder r,
      byte[] plain, byte[] withNonce) {
    List<Future<List<byte[]>>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      futures.add(pool.submit(() -> {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          out.add(r.respond(i % 3 == 0 ? withNonce : plain));
        }
        return out;
      }));
    }
    return futures;
  }

  private static Object status(byte[] response, ServedCa ca) {
    BasicOCSPResp basic = Ocsp.verified(response, ca.ca().certificate());
    return basic.getResponses()[0].getCertStatus();
  }
}
