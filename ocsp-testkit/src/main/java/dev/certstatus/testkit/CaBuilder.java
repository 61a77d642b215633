package dev.certstatus.testkit;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * Builds a root or intermediate {@link TestCa}. Obtain one from {@link TestPki#rootCa(String)} or
 * {@link TestCa#intermediateCa(String)}.
 *
 * <p>Defaults: a P-256 key derived from the seed, validity from the PKI's clock for ten years,
 * a seeded 16-octet serial, no path length constraint.
 */
public final class CaBuilder extends SubjectBuilder<CaBuilder> {
    /** Default CA lifetime: long enough that no default end entity outlives its CA. */
    static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);

    private final TestPki pki;
    private final TestCa parent;
    private final X500Name subject;
    private Integer pathLength;

    CaBuilder(TestPki pki, TestCa parent, X500Name subject) {
        this.pki = pki;
        this.parent = parent;
        this.subject = subject;
    }

    /**
     * Adds a pathLenConstraint to basicConstraints.
     *
     * @param pathLength the maximum number of intermediate CAs below this one, at least 0
     * @return this builder
     * @throws IllegalArgumentException if pathLength is negative
     */
    public CaBuilder pathLength(int pathLength) {
        if (pathLength < 0) {
            throw new IllegalArgumentException("pathLength must be at least 0, got " + pathLength);
        }
        this.pathLength = pathLength;
        return this;
    }

    /**
     * Creates the CA: generates its key, signs its certificate (by itself for a root, by the parent
     * otherwise) and, for an intermediate, records the certificate as issued by the parent.
     *
     * @return the new CA
     * @throws IllegalArgumentException if the serial was already issued by the parent
     */
    public TestCa build() {
        KeyPair keys = keyPair != null ? keyPair : pki.newKeyPair(subject.toString(), keyType);
        Instant start = start(pki);
        Instant end = notAfter != null ? notAfter : start.plus(DEFAULT_CA_VALIDITY);
        BasicConstraints constraints = pathLength == null
                ? new BasicConstraints(true) : new BasicConstraints(pathLength);
        List<Extension> extensions = Certificates.list(
                Certificates.extension(Extension.basicConstraints, true, constraints),
                Certificates.extension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature)));
        X509Certificate certificate;
        if (parent == null) {
            BigInteger number = serial != null ? serial : pki.newSerial("root|" + subject);
            certificate = Certificates.sign(subject, keys.getPrivate(), keys.getPublic(), subject, number,
                    start, end, keys.getPublic(), extensions, ocspUrlIfSet(),
                    crlUrlIfSet(), extras);
        } else {
            BigInteger number = serial != null ? parent.requireUnused(serial) : parent.nextSerial();
            certificate = Certificates.sign(parent.subjectName(), parent.privateKey(), parent.publicKey(), subject,
                    number, start, end, keys.getPublic(), extensions, ocspUrlIfSet(),
                    crlUrlIfSet(), extras);
        }
        TestCa ca = new TestCa(pki, parent, certificate, keys);
        if (parent != null) {
            parent.record(new IssuedCert(certificate, keys, parent, false));
        }
        return ca;
    }
}
