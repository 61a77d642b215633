package dev.certstatus.core;

/** The decision rules of DESIGN.md section 4, in the order the chain evaluates them. */
public enum Rule {
  /** 0: no chain serves this issuer. */
  UNKNOWN_ISSUER(0, "no chain serves this issuer"),
  /** 1: a revocation source says revoked at or before the query instant. */
  REVOKED(1, "a revocation source says revoked at or before the query instant"),
  /** 2: no revocation source covers the issuer. */
  NO_REVOCATION_SOURCE(2, "no revocation source covers this issuer"),
  /** 3: a covering revocation source cannot answer. */
  REVOCATION_UNAVAILABLE(3, "a covering revocation source cannot answer now"),
  /**
   * 4: an issuance source cannot answer. DESIGN.md lists this after "issued"; it comes first here
   * because an unavailable source might hold the record that makes the answer UNKNOWN (another
   * validity, another certificate hash), and an outage must never turn an answer into GOOD.
   */
  ISSUANCE_UNAVAILABLE(4, "an issuance source cannot answer now"),
  /** 5: an issuance source says issued. */
  ISSUED(5, "an issuance source says the CA issued this serial"),
  /** 6: every covering issuance source says not issued. */
  NOT_ISSUED(6, "every covering issuance source says the CA never issued this serial"),
  /** 7: no issuance source covers the issuer. */
  NO_ISSUANCE_SOURCE(7, "no issuance source covers this issuer");

  private final int number;
  private final String description;

  Rule(int number, String description) {
    this.number = number;
    this.description = description;
  }

  /** @return the rule's number in DESIGN.md section 4 */
  public int number() {
    return number;
  }

  /** @return the condition of the rule, in words */
  public String description() {
    return description;
  }
}
