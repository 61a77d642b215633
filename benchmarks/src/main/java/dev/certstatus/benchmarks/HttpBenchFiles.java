package dev.certstatus.benchmarks;

import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.OpenSslIndex;
import dev.certstatus.testkit.PkiFiles;
import dev.certstatus.testkit.RevocationReason;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Writes the files of the HTTP benchmark (certstatus against {@code openssl ocsp}, see
 * {@code benchmarks/http-vs-openssl.sh}) into one folder: an EC P-256 CA ({@code ca.pem}), a
 * delegated EC P-256 responder ({@code ocsp.pem}, {@code ocsp.key}), an OpenSSL
 * {@code index.txt} (+ {@code .attr}) of 1,002 issued certificates with one revoked, a GOOD
 * certificate ({@code good.pem}), a nonce-less SHA-1 OCSP request for it ({@code req.der}, what
 * {@code openssl ocsp -issuer ca.pem -cert good.pem -no_nonce -reqout req.der} writes), and the
 * certstatus configurations {@code sign.yaml} ({@code cache: 0}, every response signed) and
 * {@code cache.yaml} ({@code cache: 10000}, pre-produced responses).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.certstatus.benchmarks.HttpBenchFiles DIR}.
 */
public final class HttpBenchFiles {

  /** Issued certificates besides the responder, the GOOD one and the revoked one. */
  static final int FILLERS = 999;

  private HttpBenchFiles() {}

  /**
   * @param args the folder to write into (created if missing)
   * @throws Exception if a file cannot be written
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: HttpBenchFiles DIR");
      System.exit(2);
    }
    Path dir = write(Path.of(args[0]));
    System.out.println("wrote " + dir.toAbsolutePath());
  }

  /**
   * Writes every file.
   *
   * @param dir the folder
   * @return the folder
   * @throws IOException if a file cannot be written
   */
  static Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Instant now = Instant.now();
    // Certificates valid from two hours ago, so that no clock skew makes them not yet valid.
    TestPki pki = TestPki.withSeed(20261125L).now(now.minus(Duration.ofHours(2)));
    TestCa ca = pki.rootCa("CN=certstatus Bench CA").ec().build();
    IssuedCert signer = ca.ocspSigner("CN=certstatus Bench OCSP").ec().build();
    IssuedCert good = ca.issue("CN=good.bench").ec().build();
    IssuedCert revoked = ca.issue("CN=revoked.bench").ec().build();
    // One key for the fillers: only their serials matter, and 999 key generations would not.
    KeyPair fillerKey = revoked.keyPair();
    for (int i = 0; i < FILLERS; i++) {
      ca.issue("CN=host" + i + ".bench").keyPair(fillerKey).build();
    }
    ca.revoke(revoked.serial(), pki.now().plusSeconds(60), RevocationReason.KEY_COMPROMISE);

    PkiFiles.writePem(dir.resolve("ca.pem"), ca.certificate());
    PkiFiles.writePem(dir.resolve("ocsp.pem"), signer.certificate());
    PkiFiles.writeTraditionalPem(dir.resolve("ocsp.key"), signer.keyPair());
    PkiFiles.writePem(dir.resolve("good.pem"), good.certificate());
    PkiFiles.writePem(dir.resolve("revoked.pem"), revoked.certificate());
    OpenSslIndex.write(dir.resolve("index.txt"), ca, now);
    Files.write(dir.resolve("req.der"), request(good, ca));
    Files.writeString(dir.resolve("sign.yaml"), config(0));
    Files.writeString(dir.resolve("cache.yaml"), config(10_000));
    return dir;
  }

  /** A nonce-less OCSP request for one certificate, its CertID hashed with SHA-1. */
  static byte[] request(IssuedCert certificate, TestCa ca) {
    try {
      CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
          .get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(ca.certificate()),
          certificate.serial());
      return new OCSPReqBuilder().addRequest(id).build().getEncoded();
    } catch (OperatorCreationException | CertificateEncodingException | OCSPException e) {
      throw new IllegalStateException("cannot build the OCSP request", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The certstatus configuration: the one CA from index.txt, the delegated responder. */
  static String config(int cache) {
    return "# certstatus serve --config this-file: written by HttpBenchFiles\n"
        + "server:\n"
        + "  port: 0\n"
        + "  threads: 8\n"
        + "  cache: " + cache + "\n"
        + "  max-validity: 1h\n"
        + "cas:\n"
        + "  - name: bench\n"
        + "    certificate: ca.pem\n"
        + "    signer: {certificate: ocsp.pem, key: ocsp.key}\n"
        + "    index: index.txt\n";
  }
}
