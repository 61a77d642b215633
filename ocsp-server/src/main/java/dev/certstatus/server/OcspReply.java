package dev.certstatus.server;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link OcspEndpoint} answered: the DER OCSPResponse and what the HTTP transport needs
 * for RFC 5019 caching headers and logs.
 *
 * @param body the DER OCSPResponse
 * @param successful true for a signed, successful response (the only kind HTTP caches may keep)
 * @param producedAt when it was produced, if signed
 * @param nextUpdate the earliest nextUpdate of its single responses, if any
 * @param outcome a short word for logs and metrics, such as {@code successful} or
 *     {@code malformedRequest}
 */
record OcspReply(byte[] body, boolean successful, Optional<Instant> producedAt,
    Optional<Instant> nextUpdate, String outcome) {

  OcspReply {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(producedAt, "producedAt");
    Objects.requireNonNull(nextUpdate, "nextUpdate");
    Objects.requireNonNull(outcome, "outcome");
  }
}
