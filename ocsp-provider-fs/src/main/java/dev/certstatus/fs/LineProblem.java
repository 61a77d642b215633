package dev.certstatus.fs;

import java.util.Objects;

/**
 * A line of a text source that could not be read. The line is skipped; the rest of the file is
 * still used.
 *
 * @param source the file (or other source) name
 * @param line the line number, from 1
 * @param message what is wrong, quoting the offending field
 */
public record LineProblem(String source, long line, String message) {

  /** Checks the values. */
  public LineProblem {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(message, "message");
    if (line < 1) {
      throw new IllegalArgumentException("line numbers start at 1, got " + line);
    }
  }

  /** @return {@code source:line: message}, as compilers write it */
  @Override
  public String toString() {
    return source + ":" + line + ": " + message;
  }
}
