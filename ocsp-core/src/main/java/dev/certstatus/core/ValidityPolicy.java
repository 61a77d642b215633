package dev.certstatus.core;

/** Whether GOOD requires the query instant to be inside the certificate's validity. */
public enum ValidityPolicy {
  /**
   * The default: where the validity is known (from an issuance source or the supplied
   * certificate), an instant outside it gives UNKNOWN(EXPIRED or NOT_YET_VALID).
   */
  ENFORCE,
  /**
   * Answer for certificates outside their validity as for valid ones: for responders that keep
   * status information past expiry (RFC 6960 4.4.4, archive cutoff).
   */
  IGNORE
}
