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
   * @param instant the instant
   * @return true if notBefore &lt;= instant &lt;= notAfter
   */
  public boolean contains(Instant instant) {
    return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
  }
}
