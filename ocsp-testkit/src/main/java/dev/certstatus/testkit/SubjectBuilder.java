package dev.certstatus.testkit;

import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a CA certificate and an end-entity certificate are both built with: the key, the serial,
 * the validity, the OCSP and CRL URLs and extra extensions. {@link CaBuilder} and
 * {@link CertificateBuilder} add what is theirs.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class SubjectBuilder<B extends SubjectBuilder<B>> {

    KeyType keyType = KeyType.EC_P256;
    KeyPair keyPair;
    BigInteger serial;
    Instant notBefore;
    Instant notAfter;
    String ocspUrl;
    String crlUrl;
    final List<Certificates.Extra> extras = new ArrayList<>();

    SubjectBuilder() {}

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Uses an ECDSA P-256 key (the default).
     *
     * @return this builder
     */
    public B ec() {
        return keyType(KeyType.EC_P256);
    }

    /**
     * Uses an RSA-2048 key.
     *
     * @return this builder
     */
    public B rsa() {
        return keyType(KeyType.RSA_2048);
    }

    /**
     * Chooses the type of the generated key.
     *
     * @param type the key type
     * @return this builder
     */
    public B keyType(KeyType type) {
        this.keyType = Objects.requireNonNull(type, "keyType");
        return self();
    }

    /**
     * Certifies this key pair instead of a generated one, e.g. for a re-keyed CA or to forge a
     * twin of a real certificate.
     *
     * @param keyPair an EC or RSA key pair
     * @return this builder
     */
    public B keyPair(KeyPair keyPair) {
        this.keyPair = Certificates.requireMatchingType(Objects.requireNonNull(keyPair, "keyPair"));
        return self();
    }

    /**
     * Sets the serial number. Without it, a seeded 16-octet serial is used.
     *
     * @param serial the serial; zero and negative values are allowed so tests can cover them
     * @return this builder
     */
    public B serial(BigInteger serial) {
        this.serial = Objects.requireNonNull(serial, "serial");
        return self();
    }

    /**
     * Sets the serial number.
     *
     * @param serial the serial
     * @return this builder
     */
    public B serial(long serial) {
        return serial(BigInteger.valueOf(serial));
    }

    /**
     * Sets the validity period (whole seconds; sub-second parts are dropped).
     *
     * @param notBefore start, inclusive
     * @param notAfter end, inclusive
     * @return this builder
     * @throws IllegalArgumentException if notAfter is before notBefore
     */
    public B validity(Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Certificates.checkValidity(Crypto.seconds(notBefore), Crypto.seconds(notAfter));
        this.notBefore = Crypto.seconds(notBefore);
        this.notAfter = Crypto.seconds(notAfter);
        return self();
    }

    /**
     * Adds an authorityInfoAccess extension with this OCSP responder URL; the JDK's OCSP client
     * reads it (for a CA, only an intermediate's makes sense: a root's status is not checked).
     *
     * @param url the responder URL, e.g. {@code "http://127.0.0.1:8080/"}
     * @return this builder
     */
    public B ocspUrl(String url) {
        this.ocspUrl = requireUrl(url);
        return self();
    }

    /**
     * Adds a cRLDistributionPoints extension with this URL; the JDK's CRL fetching reads it.
     *
     * @param url where the issuer's CRL can be fetched
     * @return this builder
     */
    public B crlDistributionPoint(String url) {
        this.crlUrl = requireUrl(url);
        return self();
    }

    /**
     * Adds an arbitrary extension, e.g. an unknown critical one for negative tests.
     *
     * @param oid dotted object identifier
     * @param critical the critical flag
     * @param derValue the DER encoding of the extension value
     * @return this builder
     */
    public B extraExtension(String oid, boolean critical, byte[] derValue) {
        extras.add(Certificates.Extra.of(oid, critical, derValue));
        return self();
    }

    /** @return the start of validity: as set, or the PKI's clock */
    Instant start(TestPki pki) {
        return notBefore != null ? notBefore : pki.now();
    }

    Optional<String> ocspUrlIfSet() {
        return Optional.ofNullable(ocspUrl);
    }

    Optional<String> crlUrlIfSet() {
        return Optional.ofNullable(crlUrl);
    }

    static String requireUrl(String url) {
        if (url == null || url.isBlank() || !url.contains(":")) {
            throw new IllegalArgumentException("not an absolute URL: '" + url + "'");
        }
        return url;
    }
}
