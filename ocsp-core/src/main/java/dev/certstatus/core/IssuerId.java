package dev.certstatus.core;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.ocsp.CertificateID;

/**
 * Identifies a CA the way an OCSP CertID does (RFC 6960 4.1.1): by the hash of its DER-encoded
 * subject name and the hash of its public key (the value of the subjectPublicKey BIT STRING),
 * for every {@link HashAlgorithm}.
 *
 * <p>Two ids are equal when the name and key are equal. Matching a BouncyCastle {@link
 * CertificateID} compares only the hash algorithm's OID and the two hashes, never the DER of the
 * AlgorithmIdentifier: SHA-1 is sent both with NULL parameters and with none, and
 * {@code CertificateID.equals} would tell those apart.
 */
public final class IssuerId {

  private final X500Principal name;
  private final byte[] keyBits;
  private final Map<HashAlgorithm, byte[]> nameHashes = new EnumMap<>(HashAlgorithm.class);
  private final Map<HashAlgorithm, byte[]> keyHashes = new EnumMap<>(HashAlgorithm.class);
  /**
   * Computed once: hashing the key bits (65 octets for P-256, 270 for RSA 2048) on every
   * {@code HashMap} lookup cost more than the lookup itself.
   */
  private final int hash;

  private IssuerId(X500Principal name, byte[] keyBits) {
    this.name = name;
    this.keyBits = keyBits;
    for (HashAlgorithm a : HashAlgorithm.values()) {
      nameHashes.put(a, a.digest(name.getEncoded()));
      keyHashes.put(a, a.digest(keyBits));
    }
    this.hash = 31 * name.hashCode() + Arrays.hashCode(keyBits);
  }

  /**
   * The id of the CA that this certificate describes (its subject and public key).
   *
   * @param caCertificate the CA certificate
   * @return the id
   */
  public static IssuerId of(X509Certificate caCertificate) {
    Objects.requireNonNull(caCertificate, "caCertificate");
    return of(caCertificate.getSubjectX500Principal(), caCertificate.getPublicKey());
  }

  /**
   * The id of a CA with this name and key.
   *
   * @param name the CA's subject name
   * @param key the CA's public key
   * @return the id
   */
  public static IssuerId of(X500Principal name, PublicKey key) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    byte[] bits = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
    return new IssuerId(name, bits);
  }

  /** @return the CA's subject name */
  public X500Principal name() {
    return name;
  }

  /**
   * @param algorithm the hash algorithm
   * @return a copy of the issuer name hash
   */
  public byte[] nameHash(HashAlgorithm algorithm) {
    return nameHashes.get(algorithm).clone();
  }

  /**
   * @param algorithm the hash algorithm
   * @return a copy of the issuer key hash
   */
  public byte[] keyHash(HashAlgorithm algorithm) {
    return keyHashes.get(algorithm).clone();
  }

  /**
   * @param algorithm the hash algorithm of the hashes
   * @param nameHash the issuer name hash
   * @param keyHash the issuer key hash
   * @return true if both hashes are this CA's
   */
  public boolean matches(HashAlgorithm algorithm, byte[] nameHash, byte[] keyHash) {
    return Arrays.equals(nameHashes.get(algorithm), nameHash)
        && Arrays.equals(keyHashes.get(algorithm), keyHash);
  }

  /**
   * @param id a CertID from an OCSP request, with any supported hash algorithm
   * @return true if it names this CA (the serial in the CertID plays no part)
   */
  public boolean matches(CertificateID id) {
    return HashAlgorithm.forOid(id.getHashAlgOID().getId())
        .map(a -> matches(a, id.getIssuerNameHash(), id.getIssuerKeyHash()))
        .orElse(false);
  }

  @Override
  public boolean equals(Object o) {
    // Every lookup compares the query's issuer with each provider's; it is usually the very
    // same instance, and the full comparison (canonical names, key bits) costs tens of ns.
    if (this == o) {
      return true;
    }
    return o instanceof IssuerId && hash == ((IssuerId) o).hash
        && Arrays.equals(keyBits, ((IssuerId) o).keyBits) && name.equals(((IssuerId) o).name);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** @return the name and the SHA-1 key hash, the way operators usually see a CA named */
  @Override
  public String toString() {
    return name.getName() + " (key SHA-1 "
        + SerialNumber.toHexString(keyHashes.get(HashAlgorithm.SHA1), Integer.MAX_VALUE) + ")";
  }
}
