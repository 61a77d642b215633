package dev.certstatus.testkit;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A certificate authority of a {@link TestPki}: its certificate and key, the certificates it
 * issued, the revocations it recorded, and builders for what it signs.
 *
 * <p>The CA behaves like a CA database: {@link #issue(String)} records the serial as issued,
 * {@link #forge(String)} signs with the same key without recording anything (the case this
 * project exists for), {@link #revoke} and {@link #release} change the revocation state, and
 * every CRL is built from that state as it is when built.
 */
public final class TestCa {
    private final TestPki pki;
    private final TestCa parent;
    private final X509Certificate certificate;
    private final KeyPair keyPair;
    private final X500Name subjectName;
    private final Map<BigInteger, IssuedCert> issued = new LinkedHashMap<>();
    private final Map<BigInteger, RevokedEntry> revoked = new LinkedHashMap<>();
    private final Map<BigInteger, Instant> released = new HashMap<>();
    private final Map<BigInteger, Map<BigInteger, RevokedEntry>> fullCrlStates = new HashMap<>();
    private BigInteger nextCrlNumber = BigInteger.ONE;

    TestCa(TestPki pki, TestCa parent, X509Certificate certificate, KeyPair keyPair) {
        this.pki = pki;
        this.parent = parent;
        this.certificate = certificate;
        this.keyPair = keyPair;
        this.subjectName = Crypto.subjectOf(certificate);
    }

    /**
     * Returns the PKI this CA belongs to (its clock and seed).
     *
     * @return the PKI
     */
    public TestPki pki() {
        return pki;
    }

    /**
     * Returns the CA's certificate.
     *
     * @return the certificate, parsed by the JDK
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Returns the CA's key pair.
     *
     * @return the key pair
     */
    public KeyPair keyPair() {
        return keyPair;
    }

    /**
     * Returns the CA's private key.
     *
     * @return the private key
     */
    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /**
     * Returns the CA's public key, the one to verify its certificates and CRLs with.
     *
     * @return the public key
     */
    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /**
     * Returns the CA's subject name.
     *
     * @return the subject
     */
    public X500Principal subject() {
        return certificate.getSubjectX500Principal();
    }

    /**
     * Returns the CA certificate's serial number.
     *
     * @return the serial
     */
    public BigInteger serial() {
        return certificate.getSerialNumber();
    }

    /**
     * Returns the CA that signed this CA's certificate.
     *
     * @return the parent, or empty for a root
     */
    public Optional<TestCa> parent() {
        return Optional.ofNullable(parent);
    }

    /**
     * Returns this CA's certificate followed by its ancestors' up to and including the root.
     *
     * @return the chain, this CA first
     */
    public List<X509Certificate> chain() {
        List<X509Certificate> chain = new ArrayList<>();
        for (TestCa ca = this; ca != null; ca = ca.parent) {
            chain.add(ca.certificate);
        }
        return List.copyOf(chain);
    }

    /**
     * Starts an intermediate CA signed by this CA; building it records its certificate as issued.
     *
     * @param subjectDn the subject, e.g. {@code "CN=Test Sub CA"}
     * @return a CA builder
     */
    public CaBuilder intermediateCa(String subjectDn) {
        return new CaBuilder(pki, this, Crypto.name(subjectDn));
    }

    /**
     * Starts an end-entity certificate that this CA issues: building it records the serial as
     * issued.
     *
     * @param subjectDn the subject, e.g. {@code "CN=leaf.example"}
     * @return a certificate builder
     */
    public CertificateBuilder issue(String subjectDn) {
        return new CertificateBuilder(this, Crypto.name(subjectDn), false);
    }

    /**
     * Starts a forged certificate: signed by this CA's key, so its signature and chain verify, but
     * not recorded as issued, like one made with a stolen key. A CRL-only responder answers
     * "good" for it; an issued-serial-aware one must not.
     *
     * @param subjectDn the subject
     * @return a certificate builder
     */
    public CertificateBuilder forge(String subjectDn) {
        return new CertificateBuilder(this, Crypto.name(subjectDn), true);
    }

    /**
     * Starts a delegated OCSP responder certificate: extendedKeyUsage id-kp-OCSPSigning and
     * id-pkix-ocsp-nocheck (switch off with {@code noCheck(false)}), recorded as issued.
     *
     * @param subjectDn the subject, e.g. {@code "CN=OCSP Responder"}
     * @return a certificate builder with those presets
     */
    public CertificateBuilder ocspSigner(String subjectDn) {
        return issue(subjectDn).ocspSigning(true).noCheck(true);
    }

    /**
     * Starts a delegated CRL signer certificate: keyUsage digitalSignature and cRLSign (switch
     * the latter off with {@code withCrlSignKeyUsage(false)} for negative tests), recorded as
     * issued. Use it with {@link CrlBuilder#signedBy(IssuedCert)}.
     *
     * @param subjectDn the subject, e.g. {@code "CN=CRL Signer"}
     * @return a certificate builder with those presets
     */
    public CertificateBuilder crlSigner(String subjectDn) {
        return issue(subjectDn).withCrlSignKeyUsage(true);
    }

    /**
     * Returns the certificates this CA issued (end entities and intermediate CAs, not forged
     * ones), in issue order.
     *
     * @return an immutable snapshot
     */
    public List<IssuedCert> issued() {
        return List.copyOf(issued.values());
    }

    /**
     * Returns the serial numbers this CA issued, in issue order.
     *
     * @return an immutable snapshot
     */
    public Set<BigInteger> issuedSerials() {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(issued.keySet()));
    }

    /**
     * Returns the revocations currently in force, in the order they were first recorded.
     *
     * @return an immutable snapshot
     */
    public List<RevokedEntry> revoked() {
        return List.copyOf(revoked.values());
    }

    /**
     * Records a revocation with no invalidity date.
     *
     * @param serial the serial to revoke; it need not have been issued (a CA can revoke a forged
     *     certificate it learned about)
     * @param revocationTime when it was revoked
     * @param reason the reason
     * @return the recorded entry
     * @throws IllegalStateException if the serial is already revoked for a reason other than
     *     certificateHold
     */
    public RevokedEntry revoke(BigInteger serial, Instant revocationTime, RevocationReason reason) {
        return revoke(serial, revocationTime, reason, Optional.empty());
    }

    /**
     * Records a revocation. Revoking a held serial again replaces the hold (hold to
     * keyCompromise, say), which a later delta CRL reports. removeFromCRL is accepted so negative
     * tests can put it in a full CRL; use {@link #release} to lift a hold the normal way.
     *
     * @param serial the serial to revoke
     * @param revocationTime when it was revoked (whole seconds)
     * @param reason the reason
     * @param invalidityDate when the key was compromised, if known
     * @return the recorded entry
     * @throws IllegalStateException if the serial is already revoked for a reason other than
     *     certificateHold
     */
    public RevokedEntry revoke(BigInteger serial, Instant revocationTime, RevocationReason reason,
                               Optional<Instant> invalidityDate) {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(revocationTime, "revocationTime");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(invalidityDate, "invalidityDate");
        RevokedEntry existing = revoked.get(serial);
        if (existing != null && existing.reason() != RevocationReason.CERTIFICATE_HOLD) {
            throw new IllegalStateException("serial " + serial.toString(16) + " is already revoked by " + subject()
                    + " (" + existing.reason() + "); only a certificateHold can be changed");
        }
        RevokedEntry entry = new RevokedEntry(serial, Crypto.seconds(revocationTime), reason,
                invalidityDate.map(Crypto::seconds));
        revoked.put(serial, entry);
        released.remove(serial);
        return entry;
    }

    /**
     * Records a revocation of an issued certificate.
     *
     * @param certificate the certificate (must be signed by this CA)
     * @param revocationTime when it was revoked
     * @param reason the reason
     * @return the recorded entry
     * @throws IllegalArgumentException if the certificate was signed by another CA
     */
    public RevokedEntry revoke(IssuedCert certificate, Instant revocationTime, RevocationReason reason) {
        if (certificate.issuer() != this) {
            throw new IllegalArgumentException("certificate " + certificate.certificate().getSubjectX500Principal()
                    + " was signed by " + certificate.issuer().subject() + ", not by " + subject());
        }
        return revoke(certificate.serial(), revocationTime, reason);
    }

    /**
     * Lifts a certificateHold: the serial leaves the next full CRL, and a delta CRL based on a CRL
     * that still held it lists it with reason removeFromCRL.
     *
     * @param serial the held serial
     * @param releaseTime when the hold was lifted; the delta CRL entry's revocation date
     * @throws IllegalStateException if the serial is not currently on hold
     */
    public void release(BigInteger serial, Instant releaseTime) {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(releaseTime, "releaseTime");
        RevokedEntry existing = revoked.get(serial);
        if (existing == null || existing.reason() != RevocationReason.CERTIFICATE_HOLD) {
            throw new IllegalStateException("serial " + serial.toString(16) + " is not on hold at " + subject()
                    + (existing == null ? " (not revoked)" : " (revoked for " + existing.reason() + ")"));
        }
        revoked.remove(serial);
        released.put(serial, Crypto.seconds(releaseTime));
    }

    /**
     * Starts a full CRL listing every revocation recorded so far (whatever its time, so tests can
     * also build odd CRLs). Building it remembers its state so delta CRLs can be based on it.
     *
     * @return a CRL builder
     */
    public CrlBuilder crl() {
        return new CrlBuilder(this, null);
    }

    /**
     * Starts a delta CRL (RFC 5280 5.2.4) against the full CRL this CA built with number
     * {@code baseCrlNumber}: it lists revocations added or changed since, and removeFromCRL for
     * holds released since.
     *
     * @param baseCrlNumber the number of a full CRL built earlier by this CA
     * @return a CRL builder
     * @throws IllegalArgumentException if this CA built no full CRL with that number
     */
    public CrlBuilder deltaCrl(long baseCrlNumber) {
        return deltaCrl(BigInteger.valueOf(baseCrlNumber));
    }

    /**
     * Starts a delta CRL; see {@link #deltaCrl(long)}.
     *
     * @param baseCrlNumber the number of a full CRL built earlier by this CA
     * @return a CRL builder
     * @throws IllegalArgumentException if this CA built no full CRL with that number
     */
    public CrlBuilder deltaCrl(BigInteger baseCrlNumber) {
        Objects.requireNonNull(baseCrlNumber, "baseCrlNumber");
        if (!fullCrlStates.containsKey(baseCrlNumber)) {
            throw new IllegalArgumentException("no full CRL with number " + baseCrlNumber + " was built by " + subject()
                    + "; built: " + new java.util.TreeSet<>(fullCrlStates.keySet()));
        }
        return new CrlBuilder(this, baseCrlNumber);
    }

    @Override
    public String toString() {
        return "TestCa[" + subject() + "]";
    }

    // ---- package-private state used by the builders ----

    X500Name subjectName() {
        return subjectName;
    }

    BigInteger nextSerial() {
        BigInteger serial;
        do {
            serial = pki.newSerial("issued|" + subjectName);
        } while (issued.containsKey(serial));
        return serial;
    }

    BigInteger requireUnused(BigInteger serial) {
        if (issued.containsKey(serial)) {
            throw new IllegalArgumentException("serial " + serial + " (0x" + serial.toString(16)
                    + ") was already issued by " + subject());
        }
        return serial;
    }

    void record(IssuedCert certificate) {
        issued.put(certificate.serial(), certificate);
    }

    Map<BigInteger, RevokedEntry> revokedState() {
        return new LinkedHashMap<>(revoked);
    }

    Map<BigInteger, RevokedEntry> fullCrlState(BigInteger number) {
        return fullCrlStates.get(number);
    }

    Optional<Instant> releaseTime(BigInteger serial) {
        return Optional.ofNullable(released.get(serial));
    }

    BigInteger nextCrlNumber() {
        return nextCrlNumber;
    }

    void crlBuilt(BigInteger number, Map<BigInteger, RevokedEntry> fullState) {
        if (fullState != null) {
            fullCrlStates.put(number, fullState);
        }
        if (number.compareTo(nextCrlNumber) >= 0) {
            nextCrlNumber = number.add(BigInteger.ONE);
        }
    }
}
