package dev.certstatus.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one provider says about one {@link StatusQuery}, for one {@link Role}.
 *
 * <p>Revocation role: {@link Revoked} or {@link NotRevoked}. Issuance role: {@link Issued} or
 * {@link NotIssued}. Either role: {@link Unavailable} (the source should know but cannot say now:
 * stale, unreadable, database down, timed out) or {@link NotCovered} (the source does not speak
 * for this issuer or scope). Every finding names its provider and the version of the data it came
 * from.
 */
public sealed interface Finding {

  /** @return the id of the provider that made the finding */
  String providerId();

  /** @return the data the finding came from */
  DataVersion version();

  /** @return the role the finding speaks to */
  Role role();

  /**
   * The certificate is revoked.
   *
   * @param providerId the provider
   * @param version the data
   * @param revocationTime when it was revoked
   * @param reason the CRLReason, empty when the source gives none (RFC 5280 recommends leaving
   *     {@code unspecified} out); never {@code removeFromCRL}
   * @param invalidityDate when the key is known or suspected to have been compromised, if known
   */
  record Revoked(String providerId, DataVersion version, Instant revocationTime,
      Optional<RevocationReason> reason, Optional<Instant> invalidityDate) implements Finding {

    /** Checks the values. */
    public Revoked {
      checkCommon(providerId, version);
      Objects.requireNonNull(revocationTime, "revocationTime");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(invalidityDate, "invalidityDate");
      if (reason.isPresent() && reason.get() == RevocationReason.REMOVE_FROM_CRL) {
        throw new IllegalArgumentException("removeFromCRL is not a revocation reason of a revoked"
            + " certificate (provider " + providerId + ")");
      }
    }

    @Override
    public Role role() {
      return Role.REVOCATION;
    }

    /** @return true if the reason is certificateHold */
    public boolean isHold() {
      return reason.isPresent() && reason.get() == RevocationReason.CERTIFICATE_HOLD;
    }
  }

  /**
   * The source covers this certificate and it is not revoked.
   *
   * @param providerId the provider
   * @param version the data
   */
  record NotRevoked(String providerId, DataVersion version) implements Finding {

    /** Checks the values. */
    public NotRevoked {
      checkCommon(providerId, version);
    }

    @Override
    public Role role() {
      return Role.REVOCATION;
    }
  }

  /**
   * The CA issued a certificate with this serial.
   *
   * @param providerId the provider
   * @param version the data
   * @param validity the certificate's validity, if the source records it
   * @param certificateHash a fingerprint of the issued certificate, if the source records it
   */
  record Issued(String providerId, DataVersion version, Optional<Validity> validity,
      Optional<CertificateHash> certificateHash) implements Finding {

    /** Checks the values. */
    public Issued {
      checkCommon(providerId, version);
      Objects.requireNonNull(validity, "validity");
      Objects.requireNonNull(certificateHash, "certificateHash");
    }

    @Override
    public Role role() {
      return Role.ISSUANCE;
    }
  }

  /**
   * The source covers this issuer, and its data (complete as of {@link DataVersion#asOf()}) has
   * no certificate with this serial.
   *
   * @param providerId the provider
   * @param version the data
   */
  record NotIssued(String providerId, DataVersion version) implements Finding {

    /** Checks the values. */
    public NotIssued {
      checkCommon(providerId, version);
    }

    @Override
    public Role role() {
      return Role.ISSUANCE;
    }
  }

  /**
   * The source should know but cannot say now.
   *
   * @param providerId the provider
   * @param version the last data the provider had, or {@link DataVersion#NONE}
   * @param role the role it could not speak to
   * @param cause why, in words for an operator
   */
  record Unavailable(String providerId, DataVersion version, Role role, String cause)
      implements Finding {

    /** Checks the values. */
    public Unavailable {
      checkCommon(providerId, version);
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * The source does not speak for this issuer or this certificate's scope.
   *
   * @param providerId the provider
   * @param version the data
   * @param role the role
   */
  record NotCovered(String providerId, DataVersion version, Role role) implements Finding {

    /** Checks the values. */
    public NotCovered {
      checkCommon(providerId, version);
      Objects.requireNonNull(role, "role");
    }
  }

  private static void checkCommon(String providerId, DataVersion version) {
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(version, "version");
  }
}
