package dev.certstatus.testkit;

import java.util.Optional;

/**
 * The CRL reason codes of RFC 5280 section 5.3.1, with their OpenSSL {@code index.txt} words.
 *
 * <p>Code 7 is unused in RFC 5280, which is why there is no constant for it.
 */
public enum RevocationReason {
    /** unspecified (0). RFC 5280 says CRL entries should then omit the reasonCode extension. */
    UNSPECIFIED(0, "unspecified", -1),
    /** keyCompromise (1). */
    KEY_COMPROMISE(1, "keyCompromise", 1),
    /** cACompromise (2). */
    CA_COMPROMISE(2, "CACompromise", 2),
    /** affiliationChanged (3). */
    AFFILIATION_CHANGED(3, "affiliationChanged", 3),
    /** superseded (4). */
    SUPERSEDED(4, "superseded", 4),
    /** cessationOfOperation (5). */
    CESSATION_OF_OPERATION(5, "cessationOfOperation", 5),
    /** certificateHold (6): the only reversible reason. */
    CERTIFICATE_HOLD(6, "certificateHold", 6),
    /** removeFromCRL (8): only meaningful in delta CRLs, where it releases a hold. */
    REMOVE_FROM_CRL(8, "removeFromCRL", -1),
    /** privilegeWithdrawn (9). OpenSSL's index has no word for it. */
    PRIVILEGE_WITHDRAWN(9, null, 7),
    /** aACompromise (10). OpenSSL's index has no word for it. */
    AA_COMPROMISE(10, null, 8);

    private final int code;
    private final String openSslName;
    private final int reasonFlagsBit;

    RevocationReason(int code, String openSslName, int reasonFlagsBit) {
        this.code = code;
        this.openSslName = openSslName;
        this.reasonFlagsBit = reasonFlagsBit;
    }

    /**
     * Returns the CRLReason ENUMERATED value.
     *
     * @return the RFC 5280 code
     */
    public int code() {
        return code;
    }

    /**
     * Returns the word {@code openssl ca} writes for this reason in {@code index.txt}.
     *
     * @return the word, or empty for the reasons OpenSSL cannot record
     */
    public Optional<String> openSslName() {
        return Optional.ofNullable(openSslName);
    }

    /**
     * Returns the bit position of this reason in the ReasonFlags BIT STRING used by
     * onlySomeReasons of issuingDistributionPoint.
     *
     * @return the bit, or empty for unspecified and removeFromCRL, which have no flag
     */
    public Optional<Integer> reasonFlagsBit() {
        return reasonFlagsBit < 0 ? Optional.empty() : Optional.of(reasonFlagsBit);
    }

    /**
     * Finds the reason for an RFC 5280 code.
     *
     * @param code the CRLReason value
     * @return the reason
     * @throws IllegalArgumentException if the code is not defined by RFC 5280 (7, or outside 0..10)
     */
    public static RevocationReason ofCode(int code) {
        for (RevocationReason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        throw new IllegalArgumentException("no RFC 5280 CRL reason has code " + code);
    }
}
