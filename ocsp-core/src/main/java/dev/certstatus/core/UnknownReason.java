package dev.certstatus.core;

/** Why a decision is {@link CertStatus#UNKNOWN}. */
public enum UnknownReason {
  /** No chain serves the issuer (rule 0). */
  UNKNOWN_ISSUER,
  /** No revocation source covers the issuer (rule 2). */
  NO_REVOCATION_SOURCE,
  /** A covering revocation source cannot answer now (rule 3). */
  REVOCATION_UNAVAILABLE,
  /** The certificate was issued but its validity ended before the query instant (rule 5). */
  EXPIRED,
  /** The certificate was issued but its validity starts after the query instant (rule 5). */
  NOT_YET_VALID,
  /** The supplied certificate is not the one the CA recorded under this serial (rule 5). */
  CERTIFICATE_MISMATCH,
  /** An issuance source cannot answer now (rule 4). */
  ISSUANCE_UNAVAILABLE,
  /** Every covering issuance source says the CA never issued this serial (rule 6). */
  NOT_ISSUED,
  /** No issuance source covers the issuer (rule 7). */
  NO_ISSUANCE_SOURCE
}
