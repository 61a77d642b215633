package dev.certstatus.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A fingerprint of a whole certificate (the hash of its DER encoding), as issuance sources record
 * it: SHA-256 in this project's own schema, SHA-1 in EJBCA's.
 */
public final class CertificateHash {

  private final String algorithm;
  private final byte[] value;

  /**
   * @param algorithm a JCA digest name such as {@code SHA-256}
   * @param value the digest (copied)
   */
  public CertificateHash(String algorithm, byte[] value) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(value, "value");
    try {
      int expected = MessageDigest.getInstance(algorithm).getDigestLength();
      if (expected != 0 && expected != value.length) {
        throw new IllegalArgumentException("a " + algorithm + " certificate hash has " + expected
            + " bytes, not " + value.length);
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("unknown certificate hash algorithm '" + algorithm + "'",
          e);
    }
    this.algorithm = algorithm;
    this.value = value.clone();
  }

  /**
   * The hash of an encoded certificate.
   *
   * @param algorithm a JCA digest name
   * @param encodedCertificate the certificate's DER encoding
   * @return the hash
   */
  public static CertificateHash of(String algorithm, byte[] encodedCertificate) {
    try {
      return new CertificateHash(algorithm,
          MessageDigest.getInstance(algorithm).digest(encodedCertificate));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("unknown certificate hash algorithm '" + algorithm + "'",
          e);
    }
  }

  /** @return the JCA digest name */
  public String algorithm() {
    return algorithm;
  }

  /** @return a copy of the digest */
  public byte[] value() {
    return value.clone();
  }

  /**
   * @param encodedCertificate a certificate's DER encoding
   * @return true if it hashes to this value
   */
  public boolean matches(byte[] encodedCertificate) {
    return MessageDigest.isEqual(of(algorithm, encodedCertificate).value, value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertificateHash && algorithm.equals(((CertificateHash) o).algorithm)
        && Arrays.equals(value, ((CertificateHash) o).value);
  }

  @Override
  public int hashCode() {
    return algorithm.hashCode() * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return algorithm + ":" + SerialNumber.toHexString(value, Integer.MAX_VALUE);
  }
}
