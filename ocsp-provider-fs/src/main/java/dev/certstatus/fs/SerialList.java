package dev.certstatus.fs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of reading a flat serial list once. The serials went to the sink given to
 * {@link SerialListParser#parse}; this is what is known about them.
 *
 * @param file the list
 * @param modified the file's modification time when it was read
 * @param lines how many lines it has
 * @param serials how many lines gave a serial (a repeated serial counts each time)
 * @param problemCount how many lines were malformed and skipped
 * @param problems the first {@value #MAX_PROBLEMS} of them
 */
public record SerialList(Path file, Instant modified, long lines, long serials,
    long problemCount, List<LineProblem> problems) {

  /** How many problems a result keeps, so that a file of garbage cannot fill the memory. */
  public static final int MAX_PROBLEMS = 100;

  /** Checks the values and freezes the list. */
  public SerialList {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(modified, "modified");
    problems = List.copyOf(problems);
  }
}
