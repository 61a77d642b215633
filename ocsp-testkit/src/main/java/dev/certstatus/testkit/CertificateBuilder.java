package dev.certstatus.testkit;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * Builds an end-entity certificate signed by a {@link TestCa}. Obtain one from
 * {@link TestCa#issue(String)}, {@link TestCa#forge(String)}, {@link TestCa#ocspSigner(String)} or
 * {@link TestCa#crlSigner(String)}.
 *
 * <p>Every certificate gets basicConstraints cA=false (critical), keyUsage (critical) with
 * digitalSignature, and subject and authority key identifiers. Defaults: a P-256 key derived from
 * the seed, validity from the PKI's clock for 365 days, a seeded 16-octet serial.
 */
public final class CertificateBuilder extends SubjectBuilder<CertificateBuilder> {
    /** Default end-entity lifetime, the common one-year maximum. */
    static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

    private final TestCa ca;
    private final X500Name subject;
    private final boolean forged;
    private boolean ocspSigning;
    private boolean noCheck;
    private boolean crlSignKeyUsage;

    CertificateBuilder(TestCa ca, X500Name subject, boolean forged) {
        this.ca = ca;
        this.subject = subject;
        this.forged = forged;
    }

    /**
     * Adds extendedKeyUsage id-kp-OCSPSigning, making this a delegated OCSP responder certificate.
     *
     * @param enabled whether to add it
     * @return this builder
     */
    public CertificateBuilder ocspSigning(boolean enabled) {
        this.ocspSigning = enabled;
        return this;
    }

    /**
     * Adds the id-pkix-ocsp-nocheck extension (RFC 6960 4.2.2.2.1), telling clients not to check
     * the responder certificate's own status.
     *
     * @param enabled whether to add it
     * @return this builder
     */
    public CertificateBuilder noCheck(boolean enabled) {
        this.noCheck = enabled;
        return this;
    }

    /**
     * Adds cRLSign to keyUsage, making this a valid delegated CRL signer; without it a CRL signed
     * by this certificate must be rejected.
     *
     * @param enabled whether to add the bit
     * @return this builder
     */
    public CertificateBuilder withCrlSignKeyUsage(boolean enabled) {
        this.crlSignKeyUsage = enabled;
        return this;
    }

    /**
     * Signs the certificate with the CA's key and, unless it was started with
     * {@link TestCa#forge(String)}, records it in the CA's issued set.
     *
     * @return the certificate and its key pair
     * @throws IllegalArgumentException if the serial was already issued by this CA (issuing only;
     *     a forged certificate may duplicate an issued serial)
     */
    public IssuedCert build() {
        KeyPair keys = keyPair != null ? keyPair : ca.pki().newKeyPair(subject.toString(), keyType);
        BigInteger number;
        if (serial == null) {
            number = forged ? ca.pki().newSerial("forged|" + ca.subjectName()) : ca.nextSerial();
        } else {
            number = forged ? serial : ca.requireUnused(serial);
        }
        Instant start = start(ca.pki());
        Instant end = notAfter != null ? notAfter : start.plus(DEFAULT_VALIDITY);
        int usage = KeyUsage.digitalSignature | (crlSignKeyUsage ? KeyUsage.cRLSign : 0);
        List<Extension> extensions = Certificates.list(
                Certificates.extension(Extension.basicConstraints, true, new BasicConstraints(false)),
                Certificates.extension(Extension.keyUsage, true, new KeyUsage(usage)));
        if (ocspSigning) {
            extensions.add(Certificates.extension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning)));
        }
        if (noCheck) {
            extensions.add(Certificates.extension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE));
        }
        X509Certificate certificate = Certificates.sign(ca.subjectName(), ca.privateKey(), ca.publicKey(), subject,
                number, start, end, keys.getPublic(), extensions, ocspUrlIfSet(),
                crlUrlIfSet(), extras);
        IssuedCert issued = new IssuedCert(certificate, keys, ca, forged);
        if (!forged) {
            ca.record(issued);
        }
        return issued;
    }
}
