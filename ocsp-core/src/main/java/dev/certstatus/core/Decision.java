package dev.certstatus.core;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The answer to a {@link StatusQuery}, with everything needed to explain it: the status, the
 * revocation details or the reason it is unknown, the rule that fired, and every finding that led
 * there.
 *
 * @param query the question
 * @param status GOOD, REVOKED or UNKNOWN
 * @param revocation present exactly when REVOKED
 * @param unknownReason present exactly when UNKNOWN
 * @param rule the rule that gave the answer
 * @param findings every provider's finding, ordered by provider id then role
 */
public record Decision(StatusQuery query, CertStatus status, Optional<RevocationDetails> revocation,
    Optional<UnknownReason> unknownReason, Rule rule, List<Finding> findings) {

  // Optionals of constants, shared (Optional is immutable and value-based): an UNKNOWN or a
  // non-issued REVOKED decision then allocates no Optional of its own.
  private static final List<Optional<UnknownReason>> REASONS = Arrays
      .stream(UnknownReason.values()).map(Optional::of).collect(Collectors.toUnmodifiableList());
  private static final Optional<RevocationDetails> NON_ISSUED =
      Optional.of(RevocationDetails.NON_ISSUED);

  /** Checks that the parts agree with the status. */
  public Decision {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(revocation, "revocation");
    Objects.requireNonNull(unknownReason, "unknownReason");
    Objects.requireNonNull(rule, "rule");
    findings = List.copyOf(findings);
    if (revocation.isPresent() != (status == CertStatus.REVOKED)) {
      throw new IllegalArgumentException("revocation details must be present exactly when REVOKED");
    }
    if (unknownReason.isPresent() != (status == CertStatus.UNKNOWN)) {
      throw new IllegalArgumentException("an unknown reason must be present exactly when UNKNOWN");
    }
  }

  static Decision good(StatusQuery query, Rule rule, List<Finding> findings) {
    return new Decision(query, CertStatus.GOOD, Optional.empty(), Optional.empty(), rule,
        findings);
  }

  static Decision revoked(StatusQuery query, RevocationDetails details, Rule rule,
      List<Finding> findings) {
    return new Decision(query, CertStatus.REVOKED,
        details == RevocationDetails.NON_ISSUED ? NON_ISSUED : Optional.of(details),
        Optional.empty(), rule, findings);
  }

  static Decision unknown(StatusQuery query, UnknownReason reason, Rule rule,
      List<Finding> findings) {
    return new Decision(query, CertStatus.UNKNOWN, Optional.empty(), reason(reason), rule,
        findings);
  }

  /**
   * @param reason a reason
   * @return the one shared {@code Optional.of(reason)}
   */
  static Optional<UnknownReason> reason(UnknownReason reason) {
    return REASONS.get(reason.ordinal());
  }

  /** @return true for the RFC 6960 2.2 "revoked" answer to a serial the CA never issued */
  public boolean isNonIssuedRevocation() {
    return revocation.isPresent() && revocation.get().nonIssued();
  }

  /**
   * The answer in words an operator understands: the status, the rule that fired, and each
   * finding with the data version it came from.
   *
   * @return several lines of text
   */
  public String explain() {
    StringBuilder sb = new StringBuilder();
    sb.append("serial ").append(query.serial().toHex()).append(" of ")
        .append(query.issuer().name().getName()).append(" at ").append(query.at()).append(": ")
        .append(summary()).append('\n');
    sb.append("rule ").append(rule.number()).append(" fired: ").append(rule.description())
        .append('\n');
    if (findings.isEmpty()) {
      sb.append("no provider was asked\n");
    }
    for (Finding f : findings) {
      sb.append("  ").append(f.providerId()).append(" [").append(f.role().name().toLowerCase())
          .append("] ").append(describe(f)).append(" (data: ").append(f.version().label());
      f.version().asOf().ifPresent(t -> sb.append(", as of ").append(t));
      f.version().freshUntil().ifPresent(t -> sb.append(", fresh until ").append(t));
      sb.append(")\n");
    }
    return sb.toString();
  }

  /** @return the status with its reason, on one line */
  public String summary() {
    switch (status) {
      case GOOD:
        return "GOOD";
      case REVOKED:
        RevocationDetails r = revocation.get();
        return "REVOKED at " + r.time() + r.reason().map(x -> ", reason " + x.rfcName()).orElse("")
            + r.invalidityDate().map(d -> ", invalid since " + d).orElse("")
            + (r.nonIssued() ? " (never issued: RFC 6960 2.2 answer)" : "");
      default:
        return "UNKNOWN (" + unknownReason.get() + ")";
    }
  }

  private static String describe(Finding f) {
    if (f instanceof Finding.Revoked) {
      Finding.Revoked r = (Finding.Revoked) f;
      return "revoked at " + r.revocationTime()
          + r.reason().map(x -> ", reason " + x.rfcName()).orElse("");
    } else if (f instanceof Finding.NotRevoked) {
      return "not revoked";
    } else if (f instanceof Finding.Issued) {
      Finding.Issued i = (Finding.Issued) f;
      return "issued" + i.validity().map(v -> ", valid " + (v.startRecorded() ? v.notBefore()
          + " to " : "until ") + v.notAfter()).orElse("");
    } else if (f instanceof Finding.NotIssued) {
      return "never issued";
    } else if (f instanceof Finding.Unavailable) {
      return "unavailable: " + ((Finding.Unavailable) f).cause();
    } else {
      return "does not cover this certificate";
    }
  }

  @Override
  public String toString() {
    return "Decision[" + query.serial().toHex() + " " + summary() + ", rule " + rule.number()
        + " " + rule + "]";
  }
}
