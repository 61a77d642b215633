package dev.certstatus.testkit;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
public final class CaBuilder {
    /** Default CA lifetime: long enough that no default end entity outlives its CA. */
    static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);

    private final TestPki pki;
    private final TestCa parent;
    private final X500Name subject;
    private KeyType keyType = KeyType.EC_P256;
    private KeyPair keyPair;
    private Instant notBefore;
    private Instant notAfter;
    private BigInteger serial;
    private Integer pathLength;
    private String ocspUrl;
    private String crlUrl;
    private final List<Certificates.Extra> extras = new ArrayList<>();

    CaBuilder(TestPki pki, TestCa parent, X500Name subject) {
        this.pki = pki;
        this.parent = parent;
        this.subject = subject;
    }

    /**
     * Uses an ECDSA P-256 key (the default).
     *
     * @return this builder
     */
    public CaBuilder ec() {
        return keyType(KeyType.EC_P256);
    }

    /**
     * Uses an RSA-2048 key.
     *
     * @return this builder
     */
    public CaBuilder rsa() {
        return keyType(KeyType.RSA_2048);
    }

    /**
     * Chooses the type of the generated key.
     *
     * @param type the key type
     * @return this builder
     */
    public CaBuilder keyType(KeyType type) {
        this.keyType = Objects.requireNonNull(type, "keyType");
        return this;
    }

    /**
     * Uses the given key pair instead of generating one, e.g. for a re-keyed or cross-certified CA.
     *
     * @param keyPair an EC or RSA key pair
     * @return this builder
     */
    public CaBuilder keyPair(KeyPair keyPair) {
        this.keyPair = Certificates.requireMatchingType(Objects.requireNonNull(keyPair, "keyPair"));
        return this;
    }

    /**
     * Sets the validity period (whole seconds; sub-second parts are dropped).
     *
     * @param notBefore start, inclusive
     * @param notAfter end, inclusive
     * @return this builder
     * @throws IllegalArgumentException if notAfter is before notBefore
     */
    public CaBuilder validity(Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Certificates.checkValidity(Crypto.seconds(notBefore), Crypto.seconds(notAfter));
        this.notBefore = Crypto.seconds(notBefore);
        this.notAfter = Crypto.seconds(notAfter);
        return this;
    }

    /**
     * Sets the CA certificate's serial number.
     *
     * @param serial the serial; zero and negative values are allowed so tests can cover them
     * @return this builder
     */
    public CaBuilder serial(BigInteger serial) {
        this.serial = Objects.requireNonNull(serial, "serial");
        return this;
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
     * Adds an authorityInfoAccess extension with this OCSP responder URL (intermediates only make
     * sense here, since a root's status is not checked).
     *
     * @param url the responder URL, e.g. {@code "http://127.0.0.1:8080/"}
     * @return this builder
     */
    public CaBuilder ocspUrl(String url) {
        this.ocspUrl = requireUrl(url);
        return this;
    }

    /**
     * Adds a cRLDistributionPoints extension with this URL.
     *
     * @param url where the issuer's CRL can be fetched
     * @return this builder
     */
    public CaBuilder crlDistributionPoint(String url) {
        this.crlUrl = requireUrl(url);
        return this;
    }

    /**
     * Adds an arbitrary extension, e.g. an unknown critical one for negative tests.
     *
     * @param oid dotted object identifier
     * @param critical the critical flag
     * @param derValue the DER encoding of the extension value
     * @return this builder
     */
    public CaBuilder extraExtension(String oid, boolean critical, byte[] derValue) {
        extras.add(Certificates.Extra.of(oid, critical, derValue));
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
        Instant start = notBefore != null ? notBefore : pki.now();
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
                    start, end, keys.getPublic(), extensions, Optional.ofNullable(ocspUrl),
                    Optional.ofNullable(crlUrl), extras);
        } else {
            BigInteger number = serial != null ? parent.requireUnused(serial) : parent.nextSerial();
            certificate = Certificates.sign(parent.subjectName(), parent.privateKey(), parent.publicKey(), subject,
                    number, start, end, keys.getPublic(), extensions, Optional.ofNullable(ocspUrl),
                    Optional.ofNullable(crlUrl), extras);
        }
        TestCa ca = new TestCa(pki, parent, certificate, keys);
        if (parent != null) {
            parent.record(new IssuedCert(certificate, keys, parent, false));
        }
        return ca;
    }

    static String requireUrl(String url) {
        if (url == null || url.isBlank() || !url.contains(":")) {
            throw new IllegalArgumentException("not an absolute URL: '" + url + "'");
        }
        return url;
    }
}
