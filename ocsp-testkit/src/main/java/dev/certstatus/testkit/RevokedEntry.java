package dev.certstatus.testkit;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One revocation recorded by a test CA.
 *
 * @param serial the revoked serial number
 * @param revocationTime when the CA says the certificate was revoked
 * @param reason the CRL reason
 * @param invalidityDate when the key is known or suspected to have been compromised, if given
 */
public record RevokedEntry(BigInteger serial, Instant revocationTime, RevocationReason reason,
                           Optional<Instant> invalidityDate) {

    /**
     * Validates the components.
     *
     * @param serial see the record description
     * @param revocationTime see the record description
     * @param reason see the record description
     * @param invalidityDate see the record description
     * @throws NullPointerException if any component is null
     */
    public RevokedEntry {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(revocationTime, "revocationTime");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(invalidityDate, "invalidityDate");
    }
}
