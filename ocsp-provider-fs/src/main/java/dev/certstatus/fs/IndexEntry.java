package dev.certstatus.fs;

import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.SerialNumber;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of an OpenSSL CA database ({@code index.txt}).
 *
 * @param status the row's status letter
 * @param serial the certificate's serial
 * @param expiry the certificate's notAfter
 * @param revocation for an {@code R} row, when and why; empty otherwise
 * @param line where the row is in the file
 */
public record IndexEntry(Status status, SerialNumber serial, Instant expiry,
    Optional<Revocation> revocation, long line) {

  /** The status letter of a row. */
  public enum Status {
    /** {@code V}: valid. */
    VALID,
    /** {@code R}: revoked. */
    REVOKED,
    /** {@code E}: expired (as {@code openssl ca -updatedb} marks it). */
    EXPIRED
  }

  /**
   * The revocation field of an {@code R} row.
   *
   * @param time the revocation time
   * @param reason the reason, empty when the row gives none; {@code certificateHold} for both
   *     {@code certificateHold} and {@code holdInstruction,<oid>}; may be {@code removeFromCRL},
   *     which means a released hold
   * @param invalidityDate the date carried by the {@code keyTime} and {@code CAkeyTime} forms
   * @param holdInstruction the instruction of a {@code holdInstruction,<oid>} row, as written
   */
  public record Revocation(Instant time, Optional<RevocationReason> reason,
      Optional<Instant> invalidityDate, Optional<String> holdInstruction) {

    /** Checks for nulls. */
    public Revocation {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(invalidityDate, "invalidityDate");
      Objects.requireNonNull(holdInstruction, "holdInstruction");
    }

    /** @return true for removeFromCRL: the certificate was on hold and is released */
    public boolean isReleased() {
      return reason.isPresent() && reason.get() == RevocationReason.REMOVE_FROM_CRL;
    }
  }

  /** Checks the values: only {@code R} rows carry a revocation. */
  public IndexEntry {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(expiry, "expiry");
    Objects.requireNonNull(revocation, "revocation");
    if (revocation.isPresent() != (status == Status.REVOKED)) {
      throw new IllegalArgumentException("serial " + serial + ": a " + status
          + " row " + (revocation.isPresent() ? "cannot carry" : "needs") + " a revocation");
    }
  }

  /** @return true if the row says the certificate is revoked now (a released hold is not) */
  public boolean isRevoked() {
    return revocation.isPresent() && !revocation.get().isReleased();
  }
}
