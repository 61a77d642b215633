package dev.certstatus.ocsp;

import dev.certstatus.core.HashAlgorithm;
import dev.certstatus.core.IssuerId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.EdECKey;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A key that signs OCSP responses, with the certificate that names it (RFC 6960 4.2.2.2):
 *
 * <ul>
 *   <li>{@link #ofCa}: the CA's own key, for that CA's certificates;
 *   <li>{@link #delegated}: a CA Designated Responder, a certificate issued directly by the CA
 *       with id-kp-OCSPSigning and id-pkix-ocsp-nocheck; responses carry it;
 *   <li>{@link #trusted}: a Trusted Responder that clients are configured to trust for several
 *       CAs (OpenSSL's {@code -VAfile}); responses carry its certificate.
 * </ul>
 *
 * <p>The signature algorithm follows the key: SHA256withRSA, SHA256withECDSA (whatever the curve:
 * SHA-256 by default) or Ed25519; {@link #withSignatureAlgorithm} overrides it. Each factory
 * checks the certificate and that the key matches it, and names what is wrong. Immutable and
 * thread-safe; signing objects are pooled, since a JCA {@code Signature} is not thread-safe.
 */
public final class OcspSigner {

  /** id-kp-OCSPSigning (RFC 5280 4.2.1.12). */
  static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";
  /** id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2.1). */
  static final String OCSP_NOCHECK = "1.3.6.1.5.5.7.48.1.5";

  private enum Kind { CA, DELEGATED, TRUSTED }

  private final Kind kind;
  private final PrivateKey key;
  private final X509Certificate certificate;
  private final Optional<IssuerId> ca;
  private final String algorithm;
  private final Provider provider;
  /** The encoded {@code [0] EXPLICIT SEQUENCE OF Certificate} responses carry, or null. */
  private final byte[] certificatesField;
  private final byte[] byKey;
  private final byte[] byName;
  private final byte[] algorithmIdentifier;
  private final ConcurrentLinkedQueue<ContentSigner> pool = new ConcurrentLinkedQueue<>();

  private OcspSigner(Kind kind, PrivateKey key, X509Certificate certificate, Optional<IssuerId> ca,
      String algorithm, Provider provider) {
    this.kind = kind;
    this.key = key;
    this.certificate = certificate;
    this.ca = ca;
    this.algorithm = algorithm;
    this.provider = provider;
    checkKeyMatches();
    try {
      this.certificatesField = kind == Kind.CA ? null : ResponseEncoder.tlv(0xa0,
          ResponseEncoder.tlv(0x30, certificate.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot encode the certificate of "
          + certificate.getSubjectX500Principal().getName() + ": " + e.getMessage(), e);
    }
    // ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }, explicitly tagged; the key
    // hash is the SHA-1 of the subjectPublicKey BIT STRING's value (RFC 6960 4.2.1).
    this.byKey = ResponseEncoder.tlv(0xa2, ResponseEncoder.tlv(0x04, HashAlgorithm.SHA1.digest(
        SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded())
            .getPublicKeyData().getBytes())));
    this.byName = ResponseEncoder.tlv(0xa1, certificate.getSubjectX500Principal().getEncoded());
    // Fails here, not on the first request, if the provider cannot sign with this key.
    ContentSigner probe = borrow();
    try {
      this.algorithmIdentifier = probe.getAlgorithmIdentifier().getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode the algorithm of " + algorithm, e);
    }
    release(probe);
  }

  /**
   * The CA signs its own responses.
   *
   * @param caKey the CA's private key
   * @param caCertificate the CA's certificate
   * @return the signer, authorised for that CA only
   * @throws IllegalArgumentException if the key does not match the certificate
   */
  public static OcspSigner ofCa(PrivateKey caKey, X509Certificate caCertificate) {
    Objects.requireNonNull(caKey, "caKey");
    Objects.requireNonNull(caCertificate, "caCertificate");
    return new OcspSigner(Kind.CA, caKey, caCertificate, Optional.of(IssuerId.of(caCertificate)),
        defaultAlgorithm(caKey), null);
  }

  /**
   * A CA Designated Responder (RFC 6960 4.2.2.2): its certificate must be issued directly by the
   * CA (name and signature) and carry id-kp-OCSPSigning and id-pkix-ocsp-nocheck.
   *
   * @param responderKey the responder's private key
   * @param responderCertificate the responder's certificate, included in every response
   * @param caCertificate the CA that delegated to it
   * @return the signer, authorised for that CA only
   * @throws IllegalArgumentException naming the first condition that does not hold
   */
  public static OcspSigner delegated(PrivateKey responderKey, X509Certificate responderCertificate,
      X509Certificate caCertificate) {
    Objects.requireNonNull(responderKey, "responderKey");
    Objects.requireNonNull(responderCertificate, "responderCertificate");
    Objects.requireNonNull(caCertificate, "caCertificate");
    String who = "responder certificate " + responderCertificate.getSubjectX500Principal().getName();
    if (!responderCertificate.getIssuerX500Principal()
        .equals(caCertificate.getSubjectX500Principal())) {
      throw new IllegalArgumentException(who + " is issued by "
          + responderCertificate.getIssuerX500Principal().getName() + ", not by the CA "
          + caCertificate.getSubjectX500Principal().getName());
    }
    try {
      responderCertificate.verify(caCertificate.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(who + " is not signed by the key of the CA "
          + caCertificate.getSubjectX500Principal().getName() + ": " + e.getMessage(), e);
    }
    List<String> eku;
    try {
      eku = responderCertificate.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException(who + " has an unreadable extendedKeyUsage", e);
    }
    if (eku == null || !eku.contains(OCSP_SIGNING)) {
      throw new IllegalArgumentException(who + " lacks extendedKeyUsage id-kp-OCSPSigning ("
          + OCSP_SIGNING + ")");
    }
    if (responderCertificate.getExtensionValue(OCSP_NOCHECK) == null) {
      throw new IllegalArgumentException(who + " lacks the id-pkix-ocsp-nocheck extension ("
          + OCSP_NOCHECK + ")");
    }
    return new OcspSigner(Kind.DELEGATED, responderKey, responderCertificate,
        Optional.of(IssuerId.of(caCertificate)), defaultAlgorithm(responderKey), null);
  }

  /**
   * A Trusted Responder (RFC 6960 4.2.2.2, first case): clients trust this certificate by local
   * configuration, for any CA. It may sign for several CAs, so one response can answer a request
   * that names several of them.
   *
   * @param responderKey the responder's private key
   * @param responderCertificate its certificate, included in every response
   * @return the signer
   * @throws IllegalArgumentException if the key does not match the certificate
   */
  public static OcspSigner trusted(PrivateKey responderKey, X509Certificate responderCertificate) {
    Objects.requireNonNull(responderKey, "responderKey");
    Objects.requireNonNull(responderCertificate, "responderCertificate");
    return new OcspSigner(Kind.TRUSTED, responderKey, responderCertificate, Optional.empty(),
        defaultAlgorithm(responderKey), null);
  }

  /**
   * @param jcaAlgorithm a JCA signature algorithm such as {@code SHA384withECDSA}
   * @return a signer like this one that signs with that algorithm
   * @throws IllegalArgumentException if the key cannot sign with it
   */
  public OcspSigner withSignatureAlgorithm(String jcaAlgorithm) {
    Objects.requireNonNull(jcaAlgorithm, "jcaAlgorithm");
    return new OcspSigner(kind, key, certificate, ca, jcaAlgorithm, provider);
  }

  /**
   * @param jcaProvider the JCA provider to sign with, such as BouncyCastle's or a PKCS#11
   *     provider; by default the JCA picks the first provider that accepts the key
   * @return a signer like this one that signs through that provider
   * @throws IllegalArgumentException if the provider cannot sign with this key
   */
  public OcspSigner withProvider(Provider jcaProvider) {
    Objects.requireNonNull(jcaProvider, "jcaProvider");
    return new OcspSigner(kind, key, certificate, ca, algorithm, jcaProvider);
  }

  /** @return the certificate of the signing key */
  public X509Certificate certificate() {
    return certificate;
  }

  /** @return the CA this signer may sign for; empty for a trusted responder, which may sign for any */
  public Optional<IssuerId> ca() {
    return ca;
  }

  /** @return the JCA signature algorithm */
  public String signatureAlgorithm() {
    return algorithm;
  }

  /** @return true for a CA Designated Responder, whose certificate responses carry */
  public boolean isDelegated() {
    return kind == Kind.DELEGATED;
  }

  /** @return the encoded ResponderID */
  byte[] responderId(ResponderIdType type) {
    return type == ResponderIdType.NAME ? byName : byKey;
  }

  /** @return the encoded certs field of a BasicOCSPResponse, or null for none */
  byte[] certificatesField() {
    return certificatesField;
  }

  /** @return the encoded signatureAlgorithm */
  byte[] algorithmIdentifier() {
    return algorithmIdentifier;
  }

  /**
   * Signs the bytes of a tbsResponseData.
   *
   * @throws IllegalStateException if signing fails
   */
  byte[] sign(byte[] tbs) {
    ContentSigner cs = borrow();
    byte[] signature;
    try {
      OutputStream out = cs.getOutputStream();
      out.write(tbs);
      signature = cs.getSignature();
    } catch (IOException | RuntimeException e) {
      // Not returned to the pool: a signer that failed half way may hold state.
      throw new IllegalStateException("cannot sign a response with " + this + ": " + e, e);
    }
    release(cs);
    return signature;
  }

  private ContentSigner borrow() {
    ContentSigner s = pool.poll();
    if (s != null) {
      return s;
    }
    try {
      JcaContentSignerBuilder b = new JcaContentSignerBuilder(algorithm);
      if (provider != null) {
        b.setProvider(provider);
      }
      return b.build(key);
    } catch (OperatorCreationException | RuntimeException e) {
      throw new IllegalArgumentException("cannot sign with " + algorithm + " and the "
          + key.getAlgorithm() + " key of " + certificate.getSubjectX500Principal().getName()
          + ": " + e.getMessage(), e);
    }
  }

  private void release(ContentSigner signer) {
    pool.offer(signer);
  }

  private void checkKeyMatches() {
    byte[] probe = "certstatus key check".getBytes(StandardCharsets.US_ASCII);
    String who = certificate.getSubjectX500Principal().getName();
    boolean matches;
    try {
      Signature s = provider == null ? Signature.getInstance(algorithm)
          : Signature.getInstance(algorithm, provider);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = provider == null ? Signature.getInstance(algorithm)
          : Signature.getInstance(algorithm, provider);
      v.initVerify(certificate.getPublicKey());
      v.update(probe);
      matches = v.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("cannot sign with " + algorithm + " and the "
          + key.getAlgorithm() + " key for " + who + ": " + e.getMessage(), e);
    }
    if (!matches) {
      throw new IllegalArgumentException("the private key does not belong to the certificate of "
          + who);
    }
  }

  private static String defaultAlgorithm(PrivateKey key) {
    String a = key.getAlgorithm().toUpperCase(Locale.ROOT);
    switch (a) {
      case "RSA":
        return "SHA256withRSA";
      case "EC":
      case "ECDSA":
        return "SHA256withECDSA";
      case "ED25519":
        return "Ed25519";
      case "ED448":
        return "Ed448";
      case "EDDSA":
        // The JDK names both Edwards curves EdDSA; its key parameters say which.
        if (key instanceof EdECKey) {
          return ((EdECKey) key).getParams().getName();
        }
        throw new IllegalArgumentException("an EdDSA key of unknown curve (supported: RSA, EC,"
            + " Ed25519 and Ed448 keys)");
      default:
        throw new IllegalArgumentException("cannot sign OCSP responses with a "
            + key.getAlgorithm() + " key (supported: RSA, EC, Ed25519 and Ed448 keys)");
    }
  }

  @Override
  public String toString() {
    return "OcspSigner[" + kind.name().toLowerCase(Locale.ROOT) + ", "
        + certificate.getSubjectX500Principal().getName() + ", " + algorithm + "]";
  }
}
