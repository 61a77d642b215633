package dev.certstatus.jdbc;

import dev.certstatus.core.CertificateHash;
import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.Role;
import dev.certstatus.core.Validity;
import java.time.Instant;
import java.util.Optional;

/**
 * What one table row says about one certificate, kept compact (primitives, one array) because a
 * snapshot holds millions of them. Times are epoch milliseconds, {@link #NONE} when absent.
 */
final class Row {

  static final long NONE = Long.MIN_VALUE;
  private static final String DUPLICATE = "more than one row for this issuer and serial";

  private final long notBefore;
  private final long notAfter;
  private final long revokedAt;
  private final int reason; // CRLReason code, -1 for none
  private final long invalidity;
  private final CertificateHash hash; // null when the row records none
  private final String revocationProblem;
  private final String issuanceProblem;

  Row(long notBefore, long notAfter, long revokedAt, int reason, long invalidity,
      CertificateHash hash,
      String revocationProblem, String issuanceProblem) {
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    this.revokedAt = revokedAt;
    this.reason = reason;
    this.invalidity = invalidity;
    this.hash = hash;
    this.revocationProblem = revocationProblem;
    this.issuanceProblem = issuanceProblem;
  }

  /** Rebuilds a row from a compact snapshot's columns (which hold only rows without problems). */
  static Row of(Optional<Validity> validity, Optional<CertificateHash> hash,
      Optional<Finding.Revoked> revocation) {
    return new Row(validity.map(v -> v.notBefore().toEpochMilli()).orElse(NONE),
        validity.map(v -> v.notAfter().toEpochMilli()).orElse(NONE),
        revocation.map(r -> r.revocationTime().toEpochMilli()).orElse(NONE),
        revocation.flatMap(Finding.Revoked::reason).map(RevocationReason::code).orElse(-1),
        revocation.flatMap(Finding.Revoked::invalidityDate).map(Instant::toEpochMilli)
            .orElse(NONE),
        hash.orElse(null), null, null);
  }

  boolean revoked() {
    return revokedAt != NONE;
  }

  boolean isDuplicate() {
    return issuanceProblem == DUPLICATE;
  }

  /** @return true if a role of this row cannot be answered, so compact columns cannot hold it */
  boolean hasProblem() {
    return revocationProblem != null || issuanceProblem != null;
  }

  Optional<Validity> validity() {
    return notAfter == NONE ? Optional.empty()
        : Optional.of(notBefore == NONE ? Validity.until(Instant.ofEpochMilli(notAfter))
            : new Validity(Instant.ofEpochMilli(notBefore), Instant.ofEpochMilli(notAfter)));
  }

  Optional<CertificateHash> hash() {
    return Optional.ofNullable(hash);
  }

  Instant revocationTime() {
    return Instant.ofEpochMilli(revokedAt);
  }

  Optional<RevocationReason> reason() {
    return reason < 0 ? Optional.empty() : RevocationReason.ofCode(reason);
  }

  Optional<Instant> invalidityDate() {
    return invalidity == NONE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(invalidity));
  }

  /**
   * Two rows for one issuer and serial: two certificates with one serial, which a CA must never
   * issue. Revocation stays answerable (the earlier revocation counts, as on a CRL), issuance does
   * not: which certificate's validity and fingerprint would be the right one?
   */
  Row mergeDuplicate(Row other) {
    Row r = !other.revoked() ? this
        : !revoked() || other.revokedAt < revokedAt ? other : this;
    String revProblem = revocationProblem != null ? revocationProblem : other.revocationProblem;
    return new Row(r.notBefore, r.notAfter, r.revokedAt, r.reason, r.invalidity, r.hash,
        revProblem, DUPLICATE);
  }

  Finding revocation(String providerId, DataVersion version) {
    if (revocationProblem != null) {
      return new Finding.Unavailable(providerId, version, Role.REVOCATION, revocationProblem);
    }
    if (!revoked()) {
      return new Finding.NotRevoked(providerId, version);
    }
    return new Finding.Revoked(providerId, version, revocationTime(), reason(), invalidityDate());
  }

  Finding issuance(String providerId, DataVersion version) {
    if (issuanceProblem != null) {
      return new Finding.Unavailable(providerId, version, Role.ISSUANCE, issuanceProblem);
    }
    return new Finding.Issued(providerId, version, validity(), hash());
  }
}
