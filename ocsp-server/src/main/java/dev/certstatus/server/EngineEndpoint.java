package dev.certstatus.server;

import dev.certstatus.ocsp.OcspResponder;
import dev.certstatus.ocsp.OcspResult;
import dev.certstatus.ocsp.OcspStatus;
import java.util.Objects;

/** The OCSP engine as the transport sees it: request bytes in, response bytes and metadata out. */
final class EngineEndpoint implements OcspEndpoint {

  private final OcspResponder responder;

  EngineEndpoint(OcspResponder responder) {
    this.responder = Objects.requireNonNull(responder, "responder");
  }

  @Override
  public OcspReply answer(byte[] request) {
    OcspResult r = responder.answer(request);
    return new OcspReply(r.encoded(), r.status() == OcspStatus.SUCCESSFUL, r.producedAt(),
        r.nextUpdate(), word(r));
  }

  /** The OCSPResponseStatus as RFC 6960 names it, or {@code cached} for a pre-produced one. */
  private static String word(OcspResult r) {
    if (r.fromCache()) {
      return "cached";
    }
    switch (r.status()) {
      case SUCCESSFUL:
        return "successful";
      case MALFORMED_REQUEST:
        return "malformedRequest";
      case INTERNAL_ERROR:
        return "internalError";
      case TRY_LATER:
        return "tryLater";
      case SIG_REQUIRED:
        return "sigRequired";
      default:
        return "unauthorized";
    }
  }
}
