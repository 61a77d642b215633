package dev.certstatus.fs;

import java.util.List;
import java.util.Objects;

/**
 * The directory entries a scan did not take as serials, counted by kind, with a few example names
 * for the log. The export itself never holds such entries, so a growing count points at something
 * else writing into the directory.
 *
 * @param subdirectories entries that are directories
 * @param dotFiles names starting with {@code .} (the exporter's marker is one)
 * @param temporaryFiles names that look like editors' or copy tools' temporary files
 *     ({@code ~} prefix or suffix, {@code .tmp}, {@code .temp}, {@code .part})
 * @param notSerials other names that are not hex serial numbers
 * @param examples up to {@value #MAX_EXAMPLES} of the ignored names (dot files excluded)
 */
public record IgnoredEntries(long subdirectories, long dotFiles, long temporaryFiles,
    long notSerials, List<String> examples) {

  /** How many example names a scan keeps. */
  public static final int MAX_EXAMPLES = 5;

  /** Nothing ignored. */
  public static final IgnoredEntries NONE = new IgnoredEntries(0, 0, 0, 0, List.of());

  /** Checks the values and freezes the examples. */
  public IgnoredEntries {
    Objects.requireNonNull(examples, "examples");
    examples = List.copyOf(examples);
  }

  /** @return how many entries were ignored, dot files excluded */
  public long unexpected() {
    return subdirectories + temporaryFiles + notSerials;
  }

  /**
   * @param other the entries another directory ignored
   * @return the sum of both, with examples from both up to the limit
   */
  public IgnoredEntries plus(IgnoredEntries other) {
    List<String> both = new java.util.ArrayList<>(examples);
    for (String e : other.examples) {
      if (both.size() < MAX_EXAMPLES) {
        both.add(e);
      }
    }
    return new IgnoredEntries(subdirectories + other.subdirectories, dotFiles + other.dotFiles,
        temporaryFiles + other.temporaryFiles, notSerials + other.notSerials, both);
  }

  @Override
  public String toString() {
    return subdirectories + " subdirectories, " + temporaryFiles + " temporary files, "
        + notSerials + " names that are not serials, " + dotFiles + " dot files"
        + (examples.isEmpty() ? "" : " (e.g. " + String.join(", ", examples) + ")");
  }
}
