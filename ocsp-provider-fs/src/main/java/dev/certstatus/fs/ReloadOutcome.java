package dev.certstatus.fs;

import java.util.Objects;

/**
 * What one reload of a file source did.
 *
 * @param status the result
 * @param detail in words for an operator: what was read, or why it was not used
 */
public record ReloadOutcome(Status status, String detail) {

  /** The result of a reload. */
  public enum Status {
    /** The new data is served. */
    SWAPPED,
    /** The new data shrinks the issued set too much; it waits for confirmation. */
    HELD_BACK,
    /** The source could not be read; the last good data is still served. */
    FAILED
  }

  /** Checks for nulls. */
  public ReloadOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }
}
