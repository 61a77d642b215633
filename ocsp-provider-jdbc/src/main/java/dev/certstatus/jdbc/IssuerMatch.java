package dev.certstatus.jdbc;

import dev.certstatus.core.HashAlgorithm;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * How a table's issuer column names the CA that issued a row's certificate.
 *
 * <ul>
 *   <li>{@link #byDn()}: the issuer's distinguished name as a string (EJBCA's {@code issuerDN}).
 *       Strings are compared as names, not as text: parsed with RFC 2253 syntax (plus the keywords
 *       {@code E}, {@code SN}, {@code GIVENNAME}, {@code SURNAME}, {@code UID}, {@code DC} that
 *       EJBCA writes), then compared in canonical form and, failing that, as a set of RDNs in any
 *       order, since EJBCA writes the components in its own order rather than the certificate's.
 *   <li>{@link #byCaFingerprint(String)}: the hex digest of the CA certificate (EJBCA's
 *       {@code cAFingerprint}, SHA-1); needs the CA certificate.
 *   <li>{@link #byKeyHash(HashAlgorithm)}: the hex digest of the CA's public key (the OCSP
 *       issuerKeyHash); this project's own schema uses SHA-256.
 * </ul>
 *
 * Hex values match in either case, with or without colons.
 */
public sealed interface IssuerMatch {

  /** @return matching by distinguished name */
  static IssuerMatch byDn() {
    return Dn.INSTANCE;
  }

  /**
   * @param jcaDigest the digest of the CA certificate the column holds, such as {@code SHA-1}
   * @return matching by CA certificate fingerprint
   * @throws IllegalArgumentException if the JDK does not know the digest
   */
  static IssuerMatch byCaFingerprint(String jcaDigest) {
    return new CaFingerprint(jcaDigest);
  }

  /**
   * @param algorithm the hash of the CA's public key the column holds
   * @return matching by issuer key hash
   */
  static IssuerMatch byKeyHash(HashAlgorithm algorithm) {
    return new KeyHash(algorithm);
  }

  /** Matching by distinguished name. */
  final class Dn implements IssuerMatch {
    static final Dn INSTANCE = new Dn();

    private Dn() {}

    @Override
    public String toString() {
      return "by DN";
    }
  }

  /**
   * Matching by the hex digest of the CA certificate.
   *
   * @param jcaDigest the JCA digest name
   */
  record CaFingerprint(String jcaDigest) implements IssuerMatch {
    /** Checks the digest name. */
    public CaFingerprint {
      Objects.requireNonNull(jcaDigest, "jcaDigest");
      try {
        MessageDigest.getInstance(jcaDigest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalArgumentException("unknown CA fingerprint digest '" + jcaDigest + "'", e);
      }
    }
  }

  /**
   * Matching by the hex hash of the CA's public key.
   *
   * @param algorithm the hash algorithm
   */
  record KeyHash(HashAlgorithm algorithm) implements IssuerMatch {
    /** Checks for null. */
    public KeyHash {
      Objects.requireNonNull(algorithm, "algorithm");
    }
  }
}
