package dev.certstatus.fs;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of reading a CA's issued-serial directories once, as their union. The serials
 * themselves went to the sink given to {@link SerialDirectoryScanner#scan}; this is what is known
 * about them.
 *
 * @param startedAt when the scan started
 * @param completeAsOf the time up to which the set is known to be complete: for each directory
 *     its exporter's marker time (never later than the scan start) or else the scan start, and
 *     over several directories the earliest of those
 * @param directories each directory, in configured order
 */
public record DirectoryScan(Instant startedAt, Instant completeAsOf,
    List<ScannedDirectory> directories) {

  /** Checks the values and freezes the list. */
  public DirectoryScan {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(completeAsOf, "completeAsOf");
    directories = List.copyOf(directories);
  }

  /** @return entries taken as serials, over all directories (a serial in two counts twice) */
  public long serialFiles() {
    return directories.stream().mapToLong(ScannedDirectory::serialFiles).sum();
  }

  /** @return the ignored entries of all directories together */
  public IgnoredEntries ignored() {
    IgnoredEntries all = IgnoredEntries.NONE;
    for (ScannedDirectory d : directories) {
      all = all.plus(d.ignored());
    }
    return all;
  }
}
