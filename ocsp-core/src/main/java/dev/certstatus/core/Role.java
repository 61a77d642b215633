package dev.certstatus.core;

/** What a provider can speak to. A JDBC status table or an OpenSSL index has both roles. */
public enum Role {
  /** Whether a certificate was revoked: CRLs, revocation tables. */
  REVOCATION,
  /** Whether the CA really issued a certificate: issued-serial exports and tables. */
  ISSUANCE
}
