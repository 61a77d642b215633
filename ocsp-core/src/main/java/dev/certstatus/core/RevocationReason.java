package dev.certstatus.core;

import java.util.Optional;

/** CRLReason codes of RFC 5280 5.3.1, with their RFC names. Code 7 is not assigned. */
public enum RevocationReason {
  /** 0. */
  UNSPECIFIED(0, "unspecified"),
  /** 1. */
  KEY_COMPROMISE(1, "keyCompromise"),
  /** 2. */
  CA_COMPROMISE(2, "cACompromise"),
  /** 3. */
  AFFILIATION_CHANGED(3, "affiliationChanged"),
  /** 4. */
  SUPERSEDED(4, "superseded"),
  /** 5. */
  CESSATION_OF_OPERATION(5, "cessationOfOperation"),
  /** 6: the only reversible one. */
  CERTIFICATE_HOLD(6, "certificateHold"),
  /** 8: only in delta CRLs, releases a hold. */
  REMOVE_FROM_CRL(8, "removeFromCRL"),
  /** 9. */
  PRIVILEGE_WITHDRAWN(9, "privilegeWithdrawn"),
  /** 10. */
  AA_COMPROMISE(10, "aACompromise");

  private final int code;
  private final String rfcName;

  RevocationReason(int code, String rfcName) {
    this.code = code;
    this.rfcName = rfcName;
  }

  /** @return the CRLReason code */
  public int code() {
    return code;
  }

  /** @return the name RFC 5280 gives, such as {@code keyCompromise} */
  public String rfcName() {
    return rfcName;
  }

  /**
   * @param code a CRLReason code
   * @return the reason, or empty for an unassigned code
   */
  public static Optional<RevocationReason> ofCode(int code) {
    for (RevocationReason r : values()) {
      if (r.code == code) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
