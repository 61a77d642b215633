package dev.certstatus.fs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one issued-serial directory held at one scan.
 *
 * @param configured the path as configured (possibly a symbolic link the exporter switches)
 * @param resolved the real directory that was read
 * @param serialFiles how many entries were taken as serials
 * @param ignored the entries that were not
 * @param exportedAt the time in the exporter's marker file, if the directory has one
 */
public record ScannedDirectory(Path configured, Path resolved, long serialFiles,
    IgnoredEntries ignored, Optional<Instant> exportedAt) {

  /** Checks for nulls. */
  public ScannedDirectory {
    Objects.requireNonNull(configured, "configured");
    Objects.requireNonNull(resolved, "resolved");
    Objects.requireNonNull(ignored, "ignored");
    Objects.requireNonNull(exportedAt, "exportedAt");
  }
}
