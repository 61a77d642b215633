package dev.certstatus.ocsp;

/**
 * What the responder does with the nonce extension of a request (RFC 6960 4.4.1 as replaced by
 * RFC 9654 2.1).
 */
public enum NoncePolicy {
  /**
   * Never echoes a nonce: every response can come from the cache. A client that insists on its
   * nonce rejects the response; one that does not, accepts it. A nonce outside RFC 9654's bounds
   * still makes the request malformed, as any other break of the request syntax does.
   */
  IGNORE,
  /** Echoes a valid nonce when the request has one (the default). */
  OPTIONAL,
  /** Echoes the nonce, and answers malformedRequest to a request without one. */
  REQUIRED
}
