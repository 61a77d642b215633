package dev.certstatus.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.IssuerRouter;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.memory.InMemoryIssuedSerials;
import dev.certstatus.memory.InMemoryRevocationList;
import dev.certstatus.testkit.ReadmeSnippets;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.junit.jupiter.api.Test;

/** The responder example of the README section, compiled and run. */
class ReadmeResponderExampleTest {

  static final Path SOURCE =
      Path.of("src/test/java/dev/certstatus/ocsp/ReadmeResponderExampleTest.java");
  static final Path README = Path.of("../README.md");
  static final String EXAMPLE = "ocsp-responder";

  @Test
  void theReadmeExampleAnswersAnOcspRequest() {
    TestCa testCa = TestPki.withSeed(1).now(Instant.now().minusSeconds(60))
        .rootCa("CN=Example CA").build();
    X509Certificate caCertificate = testCa.certificate();
    PrivateKey caKey = testCa.privateKey();
    byte[] requestBytes = Ocsp.request(Ocsp.certId(caCertificate, BigInteger.valueOf(0x1001)));

    // readme:begin
    IssuerId ca = IssuerId.of(caCertificate);
    DecisionChain chain = DecisionChain.builder(ca)
        .provider(new InMemoryIssuedSerials("issued", ca).add(SerialNumber.parseHex("1001")))
        .provider(new InMemoryRevocationList("crl", ca))
        .build();
    OcspResponder responder = OcspResponder.builder()
        .router(IssuerRouter.of(chain))
        .signer(ca, OcspSigner.ofCa(caKey, caCertificate))
        .cacheSize(10_000)
        .build();

    byte[] response = responder.respond(requestBytes); // DER OCSPRequest in, DER OCSPResponse out
    OcspResult again = responder.answer(requestBytes); // the same, with what HTTP needs
    System.out.println(again.status() + ", next update " + again.nextUpdate().orElseThrow()
        + (again.fromCache() ? ", from the cache" : ""));
    // readme:end

    BasicOCSPResp r = Ocsp.verified(response, caCertificate);
    assertThat(r.getResponses()[0].getCertStatus()).isNull();
    assertThat(again.status()).isEqualTo(OcspStatus.SUCCESSFUL);
    assertThat(again.fromCache()).isTrue();
    assertThat(again.encoded()).isEqualTo(response);
  }

  @Test
  void theReadmeQuotesTheExampleAsCompiledHere() {
    assertThat(ReadmeSnippets.difference(README, EXAMPLE, SOURCE)).isNull();
  }
}
