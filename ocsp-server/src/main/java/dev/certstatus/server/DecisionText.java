package dev.certstatus.server;

import dev.certstatus.core.Decision;
import dev.certstatus.core.Finding;
import dev.certstatus.core.RevocationDetails;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.UnknownReason;
import dev.certstatus.core.Validity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How {@code check} and {@code explain} print a {@link Decision}: one line, JSON, or in full. */
final class DecisionText {

  private DecisionText() {}

  /** @return one readable line: status, reason, serial, issuer, rule */
  static String line(Decision d) {
    return d.summary() + ": serial " + d.query().serial().toHex() + " of "
        + d.query().issuer().name().getName() + " at " + d.query().at() + " (rule "
        + d.rule().number() + " " + d.rule() + ")";
  }

  /**
   * The {@code check --json} contract: one object with {@code status}, {@code serial} (lowercase
   * hex), {@code reason} (the CRL reason name when REVOKED, the unknown reason when UNKNOWN, else
   * null), {@code revocationTime}, {@code rule} and {@code findings}, plus a few more fields.
   *
   * @param d the decision
   * @return one line of JSON
   */
  static String json(Decision d) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("status", d.status().name());
    o.put("serial", d.query().serial().toHex());
    o.put("issuer", d.query().issuer().name().getName());
    o.put("at", d.query().at().toString());
    RevocationDetails r = d.revocation().orElse(null);
    String reason = null;
    if (r != null) {
      // RFC 5280 5.3.1: an absent reasonCode means unspecified.
      reason = r.reason().map(RevocationReason::rfcName).orElse("unspecified");
    } else if (d.unknownReason().isPresent()) {
      reason = d.unknownReason().get().name();
    }
    o.put("reason", reason);
    o.put("revocationTime", r == null ? null : r.time().toString());
    o.put("invalidityDate", r == null ? null : r.invalidityDate().map(Instant::toString)
        .orElse(null));
    o.put("nonIssued", d.isNonIssuedRevocation()
        || d.unknownReason().orElse(null) == UnknownReason.NOT_ISSUED);
    o.put("rule", d.rule().name());
    o.put("ruleNumber", d.rule().number());
    o.put("ruleDescription", d.rule().description());
    List<Object> findings = new ArrayList<>();
    for (Finding f : d.findings()) {
      findings.add(finding(f));
    }
    o.put("findings", findings);
    return Json.write(o);
  }

  private static Map<String, Object> finding(Finding f) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("provider", f.providerId());
    o.put("role", f.role().name().toLowerCase(java.util.Locale.ROOT));
    if (f instanceof Finding.Revoked) {
      Finding.Revoked r = (Finding.Revoked) f;
      o.put("finding", "revoked");
      o.put("revocationTime", r.revocationTime().toString());
      o.put("reason", r.reason().map(RevocationReason::rfcName).orElse(null));
      o.put("invalidityDate", r.invalidityDate().map(Instant::toString).orElse(null));
    } else if (f instanceof Finding.NotRevoked) {
      o.put("finding", "notRevoked");
    } else if (f instanceof Finding.Issued) {
      Finding.Issued i = (Finding.Issued) f;
      o.put("finding", "issued");
      o.put("notBefore", i.validity().filter(Validity::startRecorded)
          .map(v -> v.notBefore().toString()).orElse(null));
      o.put("notAfter", i.validity().map(v -> v.notAfter().toString()).orElse(null));
    } else if (f instanceof Finding.NotIssued) {
      o.put("finding", "notIssued");
    } else if (f instanceof Finding.Unavailable) {
      o.put("finding", "unavailable");
      o.put("cause", ((Finding.Unavailable) f).cause());
    } else {
      o.put("finding", "notCovered");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("label", f.version().label());
    data.put("asOf", f.version().asOf().map(Instant::toString).orElse(null));
    data.put("freshUntil", f.version().freshUntil().map(Instant::toString).orElse(null));
    o.put("data", data);
    return o;
  }

  /**
   * The {@code explain} text: the decision's own explanation (every finding with its data, the
   * rule that fired) and what the answer means for the operator.
   *
   * @param d the decision
   * @return several lines
   */
  static String explain(Decision d) {
    return d.explain() + "what it means: " + meaning(d) + "\n";
  }

  private static String meaning(Decision d) {
    switch (d.status()) {
      case GOOD:
        return "the CA issued this certificate, no revocation source lists it, and every source"
            + " consulted is current.";
      case REVOKED:
        return d.isNonIssuedRevocation()
            ? "the CA never issued this serial; by the configured policy it is reported as"
                + " revoked (RFC 6960 2.2: certificateHold at 1970-01-01, extended-revoke)."
            : "a revocation source lists this certificate as revoked; relying parties must reject"
                + " it.";
      default:
        return unknownMeaning(d.unknownReason().orElseThrow());
    }
  }

  private static String unknownMeaning(UnknownReason reason) {
    switch (reason) {
      case UNKNOWN_ISSUER:
        return "no configured CA matches the issuer asked about.";
      case NO_REVOCATION_SOURCE:
        return "no CRL or status table covers this CA: configure one.";
      case REVOCATION_UNAVAILABLE:
        return "a revocation source that covers this CA is stale or unreadable, so a revocation"
            + " could be missed; refresh the CRL or fix the source.";
      case ISSUANCE_UNAVAILABLE:
        return "an issued-serial source is stale or unreadable; refresh the export or fix the"
            + " source.";
      case EXPIRED:
        return "the CA issued this certificate but it had expired at the instant asked about.";
      case NOT_YET_VALID:
        return "the CA issued this certificate but it was not yet valid at the instant asked"
            + " about.";
      case CERTIFICATE_MISMATCH:
        return "the certificate presented is not the one the CA recorded under this serial:"
            + " treat it as forged.";
      case NOT_ISSUED:
        return "the CA's issuance records have no certificate with this serial: it may be forged"
            + " or signed with a misused CA key. It is on no CRL, which is why a CRL-only"
            + " responder would have said good.";
      default:
        return "no issued-serial source covers this CA, so GOOD cannot be given: configure the"
            + " CA's issued serials (or, knowingly, revocation-only mode).";
    }
  }
}
