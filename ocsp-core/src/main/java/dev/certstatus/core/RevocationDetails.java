package dev.certstatus.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Details of a {@link CertStatus#REVOKED} answer.
 *
 * @param time the revocation time
 * @param reason the CRLReason, if known
 * @param invalidityDate the invalidity date, if known
 * @param nonIssued true for the RFC 6960 2.2 answer for a serial the CA never issued
 *     (certificateHold, 1970-01-01T00:00:00Z); the OCSP engine adds the extended-revoke
 *     extension for it
 */
public record RevocationDetails(Instant time, Optional<RevocationReason> reason,
    Optional<Instant> invalidityDate, boolean nonIssued) {

  /** The revocation time RFC 6960 2.2 prescribes for non-issued serials. */
  public static final Instant NON_ISSUED_TIME = Instant.EPOCH;

  /** The answer RFC 6960 2.2 prescribes for non-issued serials. */
  public static final RevocationDetails NON_ISSUED = new RevocationDetails(NON_ISSUED_TIME,
      Optional.of(RevocationReason.CERTIFICATE_HOLD), Optional.empty(), true);

  /** Checks for nulls. */
  public RevocationDetails {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(invalidityDate, "invalidityDate");
  }

  static RevocationDetails of(Finding.Revoked revoked) {
    return new RevocationDetails(revoked.revocationTime(), revoked.reason(),
        revoked.invalidityDate(), false);
  }
}
