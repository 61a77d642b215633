package dev.certstatus.testkit;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A certificate signed by a test CA, with its key pair.
 *
 * @param certificate the certificate, parsed by the JDK
 * @param keyPair the subject's key pair
 * @param issuer the CA whose key signed it
 * @param forged true when the CA's key signed it but the CA did not record it as issued
 */
public record IssuedCert(X509Certificate certificate, KeyPair keyPair, TestCa issuer, boolean forged) {

    /**
     * Validates the components.
     *
     * @param certificate see the record description
     * @param keyPair see the record description
     * @param issuer see the record description
     * @param forged see the record description
     * @throws NullPointerException if any component is null
     */
    public IssuedCert {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(issuer, "issuer");
    }

    /**
     * Returns the certificate's serial number.
     *
     * @return the serial
     */
    public BigInteger serial() {
        return certificate.getSerialNumber();
    }

    /**
     * Returns the subject's private key.
     *
     * @return the private key
     */
    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /**
     * Returns this certificate followed by its issuer's chain up to and including the root, the
     * order TLS, PKCS#12 and CertPath expect.
     *
     * @return the chain, leaf first
     */
    public List<X509Certificate> chain() {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(issuer.chain());
        return List.copyOf(chain);
    }

    /**
     * Returns a one-line description; the default record form would print the whole certificate.
     *
     * @return subject, serial in hex, issuer and whether it was forged
     */
    @Override
    public String toString() {
        return "IssuedCert[" + certificate.getSubjectX500Principal() + ", serial=0x" + serial().toString(16)
                + ", issuer=" + issuer.subject() + (forged ? ", forged" : "") + "]";
    }
}
