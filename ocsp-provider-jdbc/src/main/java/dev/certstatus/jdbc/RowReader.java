package dev.certstatus.jdbc;

import dev.certstatus.core.CertificateHash;
import dev.certstatus.core.RevocationReason;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

/** Turns a result-set row selected by a {@link TableMapping} into a {@link Row}. */
final class RowReader {

  private static final int REMOVE_FROM_CRL = RevocationReason.REMOVE_FROM_CRL.code();

  private final TableMapping m;
  private final int hashLength;
  private final String hashAlgorithm;

  RowReader(TableMapping mapping) {
    this.m = mapping;
    this.hashLength = mapping.fingerprintDigest().map(RowReader::digestLength).orElse(0);
    this.hashAlgorithm = mapping.fingerprintDigest().orElse(null);
  }

  private static int digestLength(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm).getDigestLength();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // checked when the mapping was built
    }
  }

  /** @return the change column's value, or {@link Row#NONE} */
  long change(ResultSet rs) throws SQLException {
    return m.changePos == 0 ? Row.NONE : time(rs, m.changePos, true);
  }

  Row read(ResultSet rs) throws SQLException {
    String revocationProblem = null;
    String issuanceProblem = null;

    long notBefore = m.notBeforePos == 0 ? Row.NONE : time(rs, m.notBeforePos, false);
    long notAfter = m.notAfterPos == 0 ? Row.NONE : time(rs, m.notAfterPos, false);
    if (notBefore != Row.NONE && notAfter != Row.NONE && notAfter < notBefore) {
      issuanceProblem = "notAfter " + notAfter + " is before notBefore " + notBefore;
    }
    long revocationTime = time(rs, m.revocationTimePos, false);
    int reason = -1;
    if (m.reasonPos != 0) {
      int r = rs.getInt(m.reasonPos);
      if (!rs.wasNull() && !(m.notRevokedReason().isPresent() && m.notRevokedReason().get() == r)) {
        reason = r < 0 ? -2 : r; // -2: present but meaningless; the row is not trusted below
      }
    }
    long invalidity = m.invalidityPos == 0 ? Row.NONE : time(rs, m.invalidityPos, false);

    boolean revoked;
    if (reason == -2) {
      revocationProblem = "revocation reason is negative";
      revoked = false;
    } else if (m.statusPos == 0) {
      revoked = revocationTime != Row.NONE && reason != REMOVE_FROM_CRL;
    } else {
      StatusCodes codes = m.statusCodes().orElseThrow();
      int status = rs.getInt(m.statusPos);
      if (rs.wasNull()) {
        revocationProblem = "status is NULL";
        revoked = false;
      } else if (codes.active().contains(status)) {
        revoked = false;
      } else if (codes.revoked().contains(status)) {
        revoked = true;
        if (reason == REMOVE_FROM_CRL) {
          revocationProblem = "status " + status + " (revoked) with reason removeFromCRL";
        }
      } else if (codes.archived().contains(status)) {
        revoked = reason >= 0 && reason != REMOVE_FROM_CRL;
      } else {
        revocationProblem = "unknown status value " + status;
        revoked = false;
      }
      if (revoked && revocationTime == Row.NONE && revocationProblem == null) {
        revocationProblem = "status " + status + " says revoked, but there is no revocation time";
      }
    }
    if (!revoked) {
      revocationTime = Row.NONE;
      reason = -1;
      invalidity = Row.NONE;
    } else if (reason == REMOVE_FROM_CRL) {
      reason = -1;
    }

    CertificateHash hash = null;
    if (m.fingerprintPos != 0) {
      String hex = rs.getString(m.fingerprintPos);
      if (hex != null && !hex.isBlank()) {
        try {
          byte[] value = HexFormat.of().parseHex(hex.strip().replace(":", ""));
          if (value.length != hashLength) {
            issuanceProblem = "fingerprint has " + value.length + " bytes, not " + hashLength;
          } else {
            hash = new CertificateHash(hashAlgorithm, value);
          }
        } catch (IllegalArgumentException e) {
          issuanceProblem = "fingerprint is not hex: '" + hex + "'";
        }
      }
    }
    return new Row(notBefore, notAfter, revocationTime, reason, invalidity, hash,
        revocationProblem, issuanceProblem);
  }

  /** Epoch milliseconds; NULL and (unless a change value) negative values mean none. */
  private static long time(ResultSet rs, int pos, boolean change) throws SQLException {
    long v = rs.getLong(pos);
    if (rs.wasNull() || (!change && v < 0)) {
      return Row.NONE;
    }
    return v;
  }
}
