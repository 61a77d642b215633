package dev.certstatus.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A certificate's validity period. Both bounds are inclusive, as in RFC 5280 4.1.2.5.
 *
 * @param notBefore the first instant of validity
 * @param notAfter the last instant of validity
 */
public record Validity(Instant notBefore, Instant notAfter) {

  /**
   * The notBefore of a validity whose source records only notAfter (an OpenSSL {@code index.txt},
   * a table without a notBefore column): the epoch, before any real certificate's notBefore, so
   * that it never makes a certificate "not yet valid".
   */
  public static final Instant START_NOT_RECORDED = Instant.EPOCH;

  /** Checks the bounds. */
  public Validity {
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    if (notAfter.isBefore(notBefore)) {
      throw new IllegalArgumentException(
          "validity notAfter " + notAfter + " is before notBefore " + notBefore);
    }
  }

  /**
   * @param notAfter the last instant of validity
   * @return a validity whose source did not record notBefore (one that ended before the epoch
   *     starts at its end)
   */
  public static Validity until(Instant notAfter) {
    return new Validity(notAfter.isBefore(START_NOT_RECORDED) ? notAfter : START_NOT_RECORDED,
        notAfter);
  }

  /** @return false if the source recorded no notBefore (see {@link #until}) */
  public boolean startRecorded() {
    return !notBefore.equals(START_NOT_RECORDED);
  }

  /**
   * @param instant the instant
   * @return true if notBefore &lt;= instant &lt;= notAfter
   */
  public boolean contains(Instant instant) {
    return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
  }
}
