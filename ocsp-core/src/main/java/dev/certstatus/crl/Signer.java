package dev.certstatus.crl;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;

/**
 * A key permitted to sign CRLs: the CA's own, or a CRL signer's.
 *
 * @param subject the name CRLs signed with the key carry as issuer
 * @param key the public key
 * @param crlSign false if the certificate has a key usage extension without cRLSign
 * @param description names the key in errors
 */
record Signer(X500Principal subject, PublicKey key, boolean crlSign, String description) {

  static Signer of(X509Certificate cert) {
    boolean[] ku = cert.getKeyUsage();
    return new Signer(cert.getSubjectX500Principal(), cert.getPublicKey(),
        ku == null || (ku.length > 6 && ku[6]),
        "certificate '" + cert.getSubjectX500Principal().getName() + "' serial "
            + cert.getSerialNumber().toString(16));
  }

  static Signer of(X500Principal subject, PublicKey key) {
    return new Signer(subject, key, true, "trust anchor '" + subject.getName() + "'");
  }
}
