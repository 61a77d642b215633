package dev.certstatus.ocsp;

import dev.certstatus.core.Decision;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the responder answered, with what a transport needs besides the bytes: the status (to log
 * or count), producedAt and the earliest nextUpdate (for RFC 5019 HTTP caching headers), whether
 * the response came from the cache, the decisions behind it, and in words why a request was
 * refused.
 *
 * @param status the OCSPResponseStatus
 * @param encoded the DER OCSPResponse to send
 * @param producedAt when a signed response was produced; empty for an unsigned one
 * @param nextUpdate the earliest nextUpdate of its SingleResponses; empty for an unsigned one
 * @param fromCache true if a pre-produced response was served
 * @param decisions the decisions of the entries whose issuer is served, in request order; for a
 *     cached response, the decision it was produced from
 * @param detail why the request was refused, for logs; empty for a successful response
 */
public record OcspResult(OcspStatus status, byte[] encoded, Optional<Instant> producedAt,
    Optional<Instant> nextUpdate, boolean fromCache, List<Decision> decisions,
    Optional<String> detail) {

  /**
   * Checks for nulls and copies the bytes.
   *
   * @param status the OCSPResponseStatus
   * @param encoded the DER OCSPResponse to send
   * @param producedAt when a signed response was produced; empty for an unsigned one
   * @param nextUpdate the earliest nextUpdate of its SingleResponses; empty for an unsigned one
   * @param fromCache true if a pre-produced response was served
   * @param decisions the decisions behind the response
   * @param detail why the request was refused; empty for a successful response
   */
  public OcspResult {
    Objects.requireNonNull(status, "status");
    encoded = Objects.requireNonNull(encoded, "encoded").clone();
    Objects.requireNonNull(producedAt, "producedAt");
    Objects.requireNonNull(nextUpdate, "nextUpdate");
    decisions = List.copyOf(decisions);
    Objects.requireNonNull(detail, "detail");
  }

  /** @return a copy of the DER OCSPResponse */
  @Override
  public byte[] encoded() {
    return encoded.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OcspResult)) {
      return false;
    }
    OcspResult r = (OcspResult) o;
    return status == r.status && Arrays.equals(encoded, r.encoded)
        && producedAt.equals(r.producedAt) && nextUpdate.equals(r.nextUpdate)
        && fromCache == r.fromCache && decisions.equals(r.decisions) && detail.equals(r.detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, Arrays.hashCode(encoded), producedAt, nextUpdate, fromCache,
        decisions, detail);
  }

  @Override
  public String toString() {
    return "OcspResult[" + status + ", " + encoded.length + " octets"
        + producedAt.map(t -> ", produced " + t).orElse("")
        + nextUpdate.map(t -> ", next update " + t).orElse("")
        + (fromCache ? ", cached" : "") + detail.map(d -> ", " + d).orElse("") + "]";
  }
}
