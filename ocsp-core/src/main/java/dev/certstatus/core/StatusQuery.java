package dev.certstatus.core;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A question: what is the status of the certificate with this serial, from this issuer, at this
 * instant? PKIX validation also supplies the certificate itself; OCSP does not.
 *
 * @param issuer the CA that issued (or is claimed to have issued) the certificate
 * @param serial the certificate's serial number
 * @param at the instant to decide for
 * @param certificate the certificate, when the caller has it
 */
public record StatusQuery(IssuerId issuer, SerialNumber serial, Instant at,
    Optional<X509Certificate> certificate) {

  /** Checks the values; a supplied certificate must carry the queried serial. */
  public StatusQuery {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(certificate, "certificate");
    if (certificate.isPresent()
        && !SerialNumber.of(certificate.get().getSerialNumber()).equals(serial)) {
      throw new IllegalArgumentException("the certificate's serial "
          + SerialNumber.of(certificate.get().getSerialNumber()) + " is not the queried serial "
          + serial);
    }
  }

  /**
   * @param issuer the issuer
   * @param serial the serial
   * @param at the instant
   * @return a query without the certificate, as OCSP asks
   */
  public static StatusQuery of(IssuerId issuer, SerialNumber serial, Instant at) {
    return new StatusQuery(issuer, serial, at, Optional.empty());
  }

  /**
   * @param issuer the issuer
   * @param certificate the certificate
   * @param at the instant
   * @return a query that carries the certificate, as PKIX validation asks
   */
  public static StatusQuery of(IssuerId issuer, X509Certificate certificate, Instant at) {
    return new StatusQuery(issuer, SerialNumber.of(certificate.getSerialNumber()), at,
        Optional.of(certificate));
  }
}
