package dev.certstatus.core;

/** The three answers, as in OCSP's CertStatus. */
public enum CertStatus {
  /** Issued by the CA, not revoked, inside its validity, per fresh data. */
  GOOD,
  /** Revoked (or, by policy, a serial the CA never issued, RFC 6960 2.2). */
  REVOKED,
  /** Anything else; {@link Decision#unknownReason()} says why. */
  UNKNOWN
}
