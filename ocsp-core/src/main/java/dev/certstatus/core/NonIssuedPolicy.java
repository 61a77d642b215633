package dev.certstatus.core;

import java.time.Duration;
import java.util.Objects;

/**
 * What to answer when every covering issuance source says the CA never issued a serial
 * (rule 6).
 */
public sealed interface NonIssuedPolicy {

  /** @return the default: UNKNOWN(NOT_ISSUED) */
  static NonIssuedPolicy unknown() {
    return Unknown.INSTANCE;
  }

  /**
   * The RFC 6960 2.2 answer: REVOKED with certificateHold at 1970-01-01T00:00:00Z, flagged so that
   * the OCSP engine adds the extended-revoke extension. Given only while every issuance source's
   * data is complete as of no longer than {@code maxLag} before the query instant, since a serial
   * issued after the last export must not be called revoked; otherwise UNKNOWN(NOT_ISSUED).
   *
   * @param maxLag the longest acceptable age of the issuance data
   * @return the policy
   */
  static NonIssuedPolicy revoked(Duration maxLag) {
    return new Revoked(maxLag);
  }

  /** Answers UNKNOWN(NOT_ISSUED). */
  final class Unknown implements NonIssuedPolicy {
    static final Unknown INSTANCE = new Unknown();

    private Unknown() {}

    @Override
    public String toString() {
      return "unknown";
    }
  }

  /**
   * Answers REVOKED per RFC 6960 2.2 while the issuance data is recent enough.
   *
   * @param maxLag the longest acceptable age of the issuance data
   */
  record Revoked(Duration maxLag) implements NonIssuedPolicy {

    /** Checks the lag. */
    public Revoked {
      Objects.requireNonNull(maxLag, "maxLag");
      if (maxLag.isNegative()) {
        throw new IllegalArgumentException("non-issued maxLag must not be negative: " + maxLag);
      }
    }
  }
}
