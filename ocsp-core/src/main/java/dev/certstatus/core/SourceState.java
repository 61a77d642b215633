package dev.certstatus.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of a provider's data: what {@code /health} and operators look at.
 *
 * @param version the data currently served, empty if none was ever loaded
 * @param generation the provider's {@link RevocationProvider#generation()}
 * @param failedReloads how many reloads failed since the provider started
 * @param lastFailure the last reload failure, in words, if any
 */
public record SourceState(Optional<DataVersion> version, long generation, long failedReloads,
    Optional<String> lastFailure) {

  /** Checks for nulls. */
  public SourceState {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(lastFailure, "lastFailure");
  }

  /**
   * @param now the current instant
   * @return true if data is loaded and not past its {@link DataVersion#freshUntil()}
   */
  public boolean isFresh(Instant now) {
    return version.isPresent()
        && version.get().freshUntil().map(until -> !now.isAfter(until)).orElse(true);
  }
}
