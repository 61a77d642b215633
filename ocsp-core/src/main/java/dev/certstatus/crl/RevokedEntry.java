package dev.certstatus.crl;

import dev.certstatus.core.RevocationReason;
import java.time.Instant;
import java.util.Optional;

/**
 * One CRL entry.
 *
 * @param time the revocation date
 * @param reason the reasonCode, empty when the entry has none
 * @param invalidityDate the invalidityDate, if any
 */
record RevokedEntry(Instant time, Optional<RevocationReason> reason,
    Optional<Instant> invalidityDate) {

  boolean isHold() {
    return reason.isPresent() && reason.get() == RevocationReason.CERTIFICATE_HOLD;
  }

  boolean isRemoveFromCrl() {
    return reason.isPresent() && reason.get() == RevocationReason.REMOVE_FROM_CRL;
  }
}
