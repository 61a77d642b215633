package dev.certstatus.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** The hash algorithms an OCSP CertID may use for the issuer name and key hashes. */
public enum HashAlgorithm {
  /** SHA-1, still the most common in OCSP requests (RFC 5019). */
  SHA1("SHA-1", "1.3.14.3.2.26"),
  /** SHA-256. */
  SHA256("SHA-256", "2.16.840.1.101.3.4.2.1"),
  /** SHA-384. */
  SHA384("SHA-384", "2.16.840.1.101.3.4.2.2"),
  /** SHA-512. */
  SHA512("SHA-512", "2.16.840.1.101.3.4.2.3");

  private final String jcaName;
  private final String oid;

  HashAlgorithm(String jcaName, String oid) {
    this.jcaName = jcaName;
    this.oid = oid;
  }

  /** @return the JCA algorithm name, such as {@code SHA-256} */
  public String jcaName() {
    return jcaName;
  }

  /** @return the object identifier in dotted form */
  public String oid() {
    return oid;
  }

  /**
   * The algorithm with this object identifier. AlgorithmIdentifier parameters (NULL or absent)
   * play no part: only the OID names the algorithm.
   *
   * @param oid dotted object identifier
   * @return the algorithm, or empty if not supported
   */
  public static Optional<HashAlgorithm> forOid(String oid) {
    for (HashAlgorithm a : values()) {
      if (a.oid.equals(oid)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * @param data the bytes to hash
   * @return their digest
   */
  public byte[] digest(byte[] data) {
    try {
      return MessageDigest.getInstance(jcaName).digest(data);
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE platform must provide SHA-1 and SHA-256; SHA-384/512 ship with every JDK.
      throw new IllegalStateException(jcaName + " is not available in this JDK", e);
    }
  }
}
