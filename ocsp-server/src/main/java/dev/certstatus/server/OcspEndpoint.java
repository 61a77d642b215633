package dev.certstatus.server;

/**
 * Request bytes in, response bytes out: what the HTTP transport calls for every OCSP request.
 * Must never throw for bad input.
 */
@FunctionalInterface
interface OcspEndpoint {

  /**
   * @param request the DER OCSPRequest as received (POST body or decoded GET path), or anything
   *     else a client sent
   * @return the reply
   */
  OcspReply answer(byte[] request);
}
