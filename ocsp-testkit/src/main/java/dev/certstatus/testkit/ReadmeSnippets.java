package dev.certstatus.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps the code examples of a README compiled: a test runs the code between {@code // readme:begin}
 * and {@code // readme:end} in its own source, and asks this class whether the README quotes it,
 * line for line (indentation and blank lines aside), in the {@code java} block that follows an
 * {@code <!-- example: NAME -->} marker.
 */
public final class ReadmeSnippets {

  private static final String BEGIN = "// readme:begin";
  private static final String END = "// readme:end";

  private ReadmeSnippets() {}

  /**
   * Compares an example in a README with the code a test compiled.
   *
   * @param readme the README file
   * @param example the name in its {@code <!-- example: NAME -->} marker
   * @param testSource the test's source file, with the readme:begin and readme:end comments
   * @return null if the README quotes the code exactly, else what differs, for an assertion
   */
  public static String difference(Path readme, String example, Path testSource) {
    List<String> code = lines(between(read(testSource), testSource));
    Matcher m = Pattern.compile("(?s)<!-- example: " + Pattern.quote(example)
        + " -->\\s*```java\\n(.*?)```").matcher(read(readme));
    if (!m.find()) {
      return readme + " has no java block after <!-- example: " + example + " -->";
    }
    List<String> quoted = lines(m.group(1));
    if (quoted.equals(code)) {
      return null;
    }
    for (int i = 0; i < Math.max(quoted.size(), code.size()); i++) {
      String q = i < quoted.size() ? quoted.get(i) : "(nothing)";
      String c = i < code.size() ? code.get(i) : "(nothing)";
      if (!q.equals(c)) {
        return "example '" + example + "' of " + readme + " differs from " + testSource
            + " at code line " + (i + 1) + ": README has [" + q + "], the test has [" + c + "]";
      }
    }
    return null;
  }

  private static String between(String source, Path file) {
    int begin = source.indexOf(BEGIN);
    int end = source.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(file + " has no " + BEGIN + " ... " + END + " region");
    }
    return source.substring(begin + BEGIN.length(), end);
  }

  private static List<String> lines(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toList());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
