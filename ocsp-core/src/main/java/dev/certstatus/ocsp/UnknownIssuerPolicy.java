package dev.certstatus.ocsp;

/** What the responder answers for a request entry whose issuer it does not serve. */
public enum UnknownIssuerPolicy {
  /** The unsigned {@code unauthorized} response for the whole request (the default). */
  UNAUTHORIZED,
  /**
   * A signed response with an {@code unknown} SingleResponse for that entry. RFC 6960 2.2 allows
   * it; since the signer is not authorised for that issuer, most clients reject it anyway.
   */
  UNKNOWN
}
