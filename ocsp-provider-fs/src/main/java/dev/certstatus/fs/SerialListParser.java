package dev.certstatus.fs;

import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.Validity;
import dev.certstatus.serial.SerialSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Reads a flat serial list: the format for issued sets too large for a directory.
 *
 * <pre>
 * # serials issued by Example CA, exported 2026-11-25T17:00:00Z
 * 01A2B3C4D5E6F708
 * 7f3e0c11        2026-01-01T00:00:00Z  2027-01-01T00:00:00Z
 * 0a:bc:de,20260101000000Z,20270101000000Z
 * </pre>
 *
 * <p>One serial per line, in hex (any case, odd length, colons, {@code 0x}); fields separated by
 * spaces, tabs or commas; {@code #} starts a comment, at the start of a line or after the fields;
 * blank lines are skipped. The optional second and third fields are the certificate's notBefore
 * and notAfter, as ISO-8601 instants or ASN.1 times ({@code YYYYMMDDHHMMSSZ}); both or neither.
 * A malformed line is reported ({@link LineProblem}) and skipped; the rest of the file counts.
 * The file is read as UTF-8; bytes that are not are reported on their line, never guessed at.
 */
public final class SerialListParser {

  private SerialListParser() {}

  /**
   * Reads a list and hands each serial to the sink.
   *
   * @param file the list
   * @param sink receives each serial with its validity when the line gives one
   * @return what was read
   * @throws IOException if the file cannot be read; the message names it
   */
  public static SerialList parse(Path file, BiConsumer<SerialNumber, Optional<Validity>> sink)
      throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sink, "sink");
    Instant modified = Files.getLastModifiedTime(file).toInstant();
    Tally tally = new Tally(file.toString());
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16)) {
      String line;
      while ((line = in.readLine()) != null) {
        tally.line(parseLine(line, sink));
      }
    }
    return tally.result(file, modified);
  }

  /**
   * Reads a list as {@link #parse} does, but hands each line that is nothing but a hex serial
   * (the common line of a large export) straight to a set builder as content octets, without a
   * {@code String} or a {@link SerialNumber} per line; every other line, decoded as UTF-8, goes
   * through the general path to {@code other}.
   *
   * @param file the list
   * @param bare receives the bare serials
   * @param other receives the serials of every other line, with their validity if given
   * @return what was read
   * @throws IOException if the file cannot be read
   */
  static SerialList parse(Path file, SerialSet.Builder bare,
      BiConsumer<SerialNumber, Optional<Validity>> other) throws IOException {
    Objects.requireNonNull(bare, "bare");
    Objects.requireNonNull(other, "other");
    Instant modified = Files.getLastModifiedTime(file).toInstant();
    Tally tally = new Tally(file.toString());
    byte[] octets = new byte[SerialNumber.MAX_CONTENT_OCTETS + 1];
    byte[] buffer = new byte[1 << 16];
    int filled = 0;
    try (InputStream in = Files.newInputStream(file)) {
      boolean eof = false;
      while (!eof || filled > 0) {
        int newline = -1;
        for (int i = 0; i < filled; i++) {
          if (buffer[i] == '\n') {
            newline = i;
            break;
          }
        }
        if (newline < 0 && !eof) {
          if (filled == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
          }
          int n = in.read(buffer, filled, buffer.length - filled);
          if (n < 0) {
            eof = true;
          } else {
            filled += n;
          }
          continue;
        }
        int end = newline < 0 ? filled : newline;
        int start = 0;
        // Lines are taken one at a time from the front of the buffer; the rest moves down once
        // per buffer fill, not once per line.
        int consumed = 0;
        while (true) {
          int lineEnd = end > start && buffer[end - 1] == '\r' ? end - 1 : end;
          tally.line(bareSerial(buffer, start, lineEnd, octets, bare) ? null
              : parseLine(new String(buffer, start, end - start, StandardCharsets.UTF_8),
                  other));
          consumed = newline < 0 ? filled : end + 1;
          start = consumed;
          newline = -1;
          for (int i = start; i < filled; i++) {
            if (buffer[i] == '\n') {
              newline = i;
              break;
            }
          }
          if (newline < 0) {
            break;
          }
          end = newline;
        }
        System.arraycopy(buffer, consumed, buffer, 0, filled - consumed);
        filled -= consumed;
      }
    }
    return tally.result(file, modified);
  }

  /** Adds the line if it is only hex digits, and says whether it was. */
  private static boolean bareSerial(byte[] line, int start, int end, byte[] octets,
      SerialSet.Builder bare) {
    int n = end - start;
    if (n == 0 || n > 2 * SerialNumber.MAX_CONTENT_OCTETS) {
      return false;
    }
    // One extra leading octet keeps a magnitude with its high bit set positive.
    int length = (n + 1) / 2 + 1;
    int pos = length - 1;
    int i = end - 1;
    while (i >= start) {
      int low = SerialText.digit(line[i--]);
      int high = i >= start ? SerialText.digit(line[i--]) : 0;
      if (low < 0 || high < 0) {
        return false;
      }
      octets[pos--] = (byte) (high << 4 | low);
    }
    octets[0] = 0;
    bare.addContentOctets(octets, 0, length);
    return true;
  }

  /** Counts lines, serials and problems as a list is read. */
  private static final class Tally {
    private final String source;
    private final List<LineProblem> problems = new ArrayList<>();
    private long lines;
    private long serials;
    private long problemCount;

    Tally(String source) {
      this.source = source;
    }

    /** @param problem null for a serial, "" for a blank line, else what is wrong */
    void line(String problem) {
      lines++;
      if (problem == null) {
        serials++;
      } else if (!problem.isEmpty()) {
        problemCount++;
        if (problems.size() < SerialList.MAX_PROBLEMS) {
          problems.add(new LineProblem(source, lines, problem));
        }
      }
    }

    SerialList result(Path file, Instant modified) {
      return new SerialList(file, modified, lines, serials, problemCount, problems);
    }
  }

  /** @return null when the line gave a serial, "" when it is blank, else what is wrong */
  private static String parseLine(String line, BiConsumer<SerialNumber, Optional<Validity>> sink) {
    int hash = line.indexOf('#');
    String content = hash < 0 ? line : line.substring(0, hash);
    // The common line is one bare serial; split only when there is more.
    String[] fields = isSimple(content) ? new String[] {content} : split(content);
    if (fields.length == 0) {
      return "";
    }
    if (fields.length != 1 && fields.length != 3) {
      return "expected a serial, optionally followed by notBefore and notAfter; got "
          + fields.length + " fields";
    }
    SerialNumber serial;
    try {
      serial = SerialText.parse(fields[0]);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    if (fields.length == 1) {
      sink.accept(serial, Optional.empty());
      return null;
    }
    try {
      Instant notBefore = TextTimes.parse(fields[1]);
      Instant notAfter = TextTimes.parse(fields[2]);
      sink.accept(serial, Optional.of(new Validity(notBefore, notAfter)));
      return null;
    } catch (IllegalArgumentException e) {
      return "serial " + serial + ": " + e.getMessage();
    }
  }

  private static boolean isSimple(String content) {
    int n = content.length();
    if (n == 0) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = content.charAt(i);
      if (c == ' ' || c == '\t' || c == ',' || c == '\r') {
        return false;
      }
    }
    return true;
  }

  private static String[] split(String content) {
    String trimmed = content.strip();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("[\\s,]+");
  }
}
