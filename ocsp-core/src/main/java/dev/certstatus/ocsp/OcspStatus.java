package dev.certstatus.ocsp;

/**
 * The OCSPResponseStatus of RFC 6960 4.2.1. Every status but {@link #SUCCESSFUL} is sent
 * unsigned, with no response body, as RFC 6960 2.3 prescribes.
 */
public enum OcspStatus {
  /** 0: a signed response follows. */
  SUCCESSFUL(0),
  /** 1: the request is not valid DER, not an OCSP request, or breaks a limit (size, entries,
   * nonce length). */
  MALFORMED_REQUEST(1),
  /** 2: the responder failed inside (signing, an unexpected exception). */
  INTERNAL_ERROR(2),
  /** 3: no source behind the responder can answer now. */
  TRY_LATER(3),
  /** 5: the responder requires signed requests and this one is not signed. */
  SIG_REQUIRED(5),
  /** 6: the responder does not serve the issuer asked about, or the request signer is not
   * trusted. */
  UNAUTHORIZED(6);

  private final int code;

  OcspStatus(int code) {
    this.code = code;
  }

  /** @return the ENUMERATED value on the wire */
  public int code() {
    return code;
  }
}
