package dev.certstatus.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which data a finding came from, so that an operator can tell why an answer was given and an
 * OCSP response can carry honest thisUpdate and nextUpdate times.
 *
 * @param label a short description of the data, such as {@code "CRL #42"} or
 *     {@code "scan of 2 directories, 1234 serials"}
 * @param asOf the time the data describes: a CRL's thisUpdate, the scan or export time of an
 *     issued-serial set, a database sync time. For issuance data it is the time up to which the
 *     set is known to be complete (DESIGN.md rule 6). Empty when unknown.
 * @param freshUntil after this instant the provider no longer answers from this data (a CRL's
 *     nextUpdate plus grace, or load time plus maximum age); empty when the data never goes stale
 */
public record DataVersion(String label, Optional<Instant> asOf, Optional<Instant> freshUntil) {

  /** For data that has no version, such as sets built in code. */
  public static final DataVersion NONE = new DataVersion("in memory", Optional.empty(),
      Optional.empty());

  /** Checks for nulls. */
  public DataVersion {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(freshUntil, "freshUntil");
  }

  /**
   * @param label what the data is
   * @param asOf the time the data describes
   * @param freshUntil the end of its freshness, or null when it does not go stale
   * @return the version
   */
  public static DataVersion of(String label, Instant asOf, Instant freshUntil) {
    return new DataVersion(label, Optional.of(asOf), Optional.ofNullable(freshUntil));
  }
}
