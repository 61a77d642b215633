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

  private final long notBefore;
  private final long notAfter;
  private final long revokedAt;
  private final int reason; // CRLReason code, -1 for none
  private final long invalidity;
  private final byte[] hash;
  private final String revocationProblem;
  private final String issuanceProblem;

  Row(long notBefore, long notAfter, long revokedAt, int reason, long invalidity, byte[] hash,
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

  boolean revoked() {
    return revokedAt != NONE;
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
        revProblem, "more than one row for this issuer and serial");
  }

  Finding revocation(String providerId, DataVersion version) {
    if (revocationProblem != null) {
      return new Finding.Unavailable(providerId, version, Role.REVOCATION, revocationProblem);
    }
    if (!revoked()) {
      return new Finding.NotRevoked(providerId, version);
    }
    return new Finding.Revoked(providerId, version, Instant.ofEpochMilli(revokedAt),
        reason < 0 ? Optional.empty() : RevocationReason.ofCode(reason),
        invalidity == NONE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(invalidity)));
  }

  Finding issuance(String providerId, DataVersion version, String hashAlgorithm) {
    if (issuanceProblem != null) {
      return new Finding.Unavailable(providerId, version, Role.ISSUANCE, issuanceProblem);
    }
    Optional<Validity> validity = notAfter == NONE ? Optional.empty()
        : Optional.of(new Validity(Instant.ofEpochMilli(notBefore == NONE ? 0 : notBefore),
            Instant.ofEpochMilli(notAfter)));
    Optional<CertificateHash> h = hash == null ? Optional.empty()
        : Optional.of(new CertificateHash(hashAlgorithm, hash));
    return new Finding.Issued(providerId, version, validity, h);
  }
}
