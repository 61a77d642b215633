package dev.certstatus.server;

import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.OpenSslIndex;
import dev.certstatus.testkit.PkiFiles;
import dev.certstatus.testkit.RevocationReason;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * A CA on disk for tests, valid now: a delegated OCSP signer, a good, a revoked and a forged
 * certificate, a certificate of another CA, and every source file kind (CRL, issued-serial
 * directory, serial list, index.txt).
 */
final class TestCaFiles {

  final Path dir;
  final TestCa ca;
  final IssuedCert signer;
  final IssuedCert good;
  final IssuedCert revoked;
  final IssuedCert forged;
  final TestCa otherCa;
  final IssuedCert stranger;
  final Instant revokedAt;

  TestCaFiles(Path dir, long seed) throws IOException {
    this.dir = dir;
    Instant now = Instant.now();
    TestPki pki = TestPki.withSeed(seed).now(now.minus(Duration.ofHours(2)));
    ca = pki.rootCa("CN=certstatus Test CA").ec().build();
    signer = ca.ocspSigner("CN=certstatus Test OCSP").build();
    good = ca.issue("CN=good.test").build();
    revoked = ca.issue("CN=revoked.test").build();
    revokedAt = pki.now().plusSeconds(60);
    ca.revoke(revoked.serial(), revokedAt, RevocationReason.KEY_COMPROMISE);
    forged = ca.forge("CN=forged.test").build();
    otherCa = pki.rootCa("CN=Other Test CA").ec().build();
    stranger = otherCa.issue("CN=stranger.test").build();
    pki.now(now.minus(Duration.ofMinutes(1)));
    PkiFiles.writePem(path("ca.pem"), ca.certificate());
    PkiFiles.writePem(path("ocsp.pem"), signer.certificate());
    PkiFiles.writeTraditionalPem(path("ocsp.key"), signer.keyPair());
    PkiFiles.writePkcs8Pem(path("ca.key"), ca.privateKey());
    PkiFiles.writeDer(path("ca.crl"), ca.crl().build());
    PkiFiles.writeSerialDirectory(path("serials"), ca);
    Files.writeString(path("serials.txt"), ca.issuedSerials().stream()
        .map(s -> s.toString(16)).collect(Collectors.joining("\n", "# issued\n", "\n")));
    OpenSslIndex.write(path("index.txt"), ca, now.minus(Duration.ofMinutes(1)));
    PkiFiles.writePem(path("good.pem"), good.certificate());
    PkiFiles.writePem(path("revoked.pem"), revoked.certificate());
    PkiFiles.writePem(path("forged.pem"), forged.certificate());
    PkiFiles.writePem(path("other-ca.pem"), otherCa.certificate());
    PkiFiles.writePem(path("stranger.pem"), stranger.certificate());
  }

  Path path(String name) {
    return dir.resolve(name);
  }

  static String hex(BigInteger serial) {
    return serial.toString(16);
  }
}
