package dev.certstatus.fs;

import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.SerialNumber;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An OpenSSL CA database ({@code index.txt}), read once: every well-formed row by serial, and
 * every malformed row reported with its line number. A bad row never spoils the others.
 *
 * <p>A row is tab-separated: status ({@code V}, {@code R}, {@code E}), expiry, revocation field,
 * serial in hex, file name, subject; only the first four are read. The revocation field is
 * {@code time[,reason[,argument]]} as {@code apps/ca.c} writes and reads it: times are UTCTime
 * ({@code YYMMDDHHMMSSZ}) or GeneralizedTime; reason words match case-insensitively;
 * {@code certificateHold} and {@code holdInstruction,<oid or name>} are holds; {@code keyTime,<time>}
 * and {@code CAkeyTime,<time>} are keyCompromise and cACompromise with that time as invalidity
 * date; {@code removeFromCRL} is a released hold.
 *
 * <p>When a serial has several rows (OpenSSL never writes that), a revoking row wins over the
 * others, since a revocation is permanent, and the duplicate is reported.
 *
 * @param file the file
 * @param modified its modification time when read
 * @param lines how many lines it has
 * @param entries the rows by serial
 * @param problemCount how many lines were malformed or duplicated
 * @param problems the first {@value SerialList#MAX_PROBLEMS} of them
 */
public record OpenSslIndexFile(Path file, Instant modified, long lines,
    Map<SerialNumber, IndexEntry> entries, long problemCount, List<LineProblem> problems) {

  private static final String[] REASONS = {"unspecified", "keyCompromise", "CACompromise",
      "affiliationChanged", "superseded", "cessationOfOperation", "certificateHold",
      "removeFromCRL", "holdInstruction", "keyTime", "CAkeyTime"};
  private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
  private static final List<String> HOLD_INSTRUCTIONS = List.of("holdinstructionnone",
      "holdinstructioncallissuer", "holdinstructionreject", "hold instruction none",
      "hold instruction call issuer", "hold instruction reject");

  /** Checks the values and freezes the collections. */
  public OpenSslIndexFile {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(modified, "modified");
    entries = Map.copyOf(entries);
    problems = List.copyOf(problems);
  }

  /**
   * Reads an index.
   *
   * @param file the {@code index.txt}
   * @return what it holds
   * @throws IOException if the file cannot be read; the message names it
   */
  public static OpenSslIndexFile read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Instant modified = Files.getLastModifiedTime(file).toInstant();
    String source = file.toString();
    Map<SerialNumber, IndexEntry> entries = new HashMap<>();
    List<LineProblem> problems = new ArrayList<>();
    long problemCount = 0;
    long number = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
      String line;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String problem;
        try {
          IndexEntry entry = parseRow(line, number);
          IndexEntry earlier = entries.get(entry.serial());
          if (earlier == null) {
            entries.put(entry.serial(), entry);
            continue;
          }
          if (entry.isRevoked() && !earlier.isRevoked()) {
            entries.put(entry.serial(), entry);
          }
          problem = "serial " + entry.serial() + " repeats line " + earlier.line() + "; keeping "
              + "line " + entries.get(entry.serial()).line();
        } catch (IllegalArgumentException e) {
          problem = e.getMessage();
        }
        problemCount++;
        if (problems.size() < SerialList.MAX_PROBLEMS) {
          problems.add(new LineProblem(source, number, problem));
        }
      }
    }
    return new OpenSslIndexFile(file, modified, number, entries, problemCount, problems);
  }

  static IndexEntry parseRow(String line, long number) {
    String[] fields = line.split("\t", -1);
    if (fields.length < 4) {
      throw new IllegalArgumentException("expected 6 tab-separated fields, got "
          + fields.length);
    }
    IndexEntry.Status status = switch (fields[0]) {
      case "V" -> IndexEntry.Status.VALID;
      case "R" -> IndexEntry.Status.REVOKED;
      case "E" -> IndexEntry.Status.EXPIRED;
      default -> throw new IllegalArgumentException("status '" + fields[0]
          + "' is not V, R or E");
    };
    Instant expiry;
    try {
      expiry = TextTimes.parseAsn1(fields[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expiry: " + e.getMessage());
    }
    SerialNumber serial;
    try {
      serial = SerialText.parse(fields[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("serial: " + e.getMessage());
    }
    Optional<IndexEntry.Revocation> revocation = Optional.empty();
    if (status == IndexEntry.Status.REVOKED) {
      if (fields[2].isEmpty()) {
        throw new IllegalArgumentException("serial " + serial + ": R row without a revocation"
            + " time");
      }
      revocation = Optional.of(parseRevocation(fields[2], serial));
    } else if (!fields[2].isEmpty()) {
      throw new IllegalArgumentException("serial " + serial + ": " + fields[0]
          + " row with a revocation field '" + fields[2] + "'");
    }
    return new IndexEntry(status, serial, expiry, revocation, number);
  }

  private static IndexEntry.Revocation parseRevocation(String field, SerialNumber serial) {
    String[] parts = field.split(",", 3);
    Instant time;
    try {
      time = TextTimes.parseAsn1(parts[0]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("serial " + serial + ": revocation time: "
          + e.getMessage());
    }
    if (parts.length == 1) {
      return new IndexEntry.Revocation(time, Optional.empty(), Optional.empty(),
          Optional.empty());
    }
    int code = -1;
    for (int i = 0; i < REASONS.length; i++) {
      if (REASONS[i].equalsIgnoreCase(parts[1])) {
        code = i;
        break;
      }
    }
    String argument = parts.length == 3 ? parts[2] : null;
    switch (code) {
      case -1:
        throw new IllegalArgumentException("serial " + serial + ": unknown revocation reason '"
            + parts[1] + "'");
      case 7:
        return reason(time, RevocationReason.REMOVE_FROM_CRL, null, null);
      case 8:
        if (argument == null || !(OID.matcher(argument).matches()
            || HOLD_INSTRUCTIONS.contains(argument.toLowerCase(Locale.ROOT)))) {
          throw new IllegalArgumentException("serial " + serial + ": holdInstruction needs an"
              + " instruction OID or name, got " + (argument == null ? "none" : "'" + argument
              + "'"));
        }
        return reason(time, RevocationReason.CERTIFICATE_HOLD, null, argument);
      case 9:
      case 10:
        if (argument == null) {
          throw new IllegalArgumentException("serial " + serial + ": " + parts[1]
              + " needs the compromise time");
        }
        Instant compromised;
        try {
          compromised = TextTimes.parseAsn1(argument);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("serial " + serial + ": " + parts[1] + ": "
              + e.getMessage());
        }
        return reason(time, code == 9 ? RevocationReason.KEY_COMPROMISE
            : RevocationReason.CA_COMPROMISE, compromised, null);
      default:
        return reason(time, RevocationReason.ofCode(code).orElseThrow(), null, null);
    }
  }

  private static IndexEntry.Revocation reason(Instant time, RevocationReason reason,
      Instant invalidity, String holdInstruction) {
    return new IndexEntry.Revocation(time, Optional.of(reason), Optional.ofNullable(invalidity),
        Optional.ofNullable(holdInstruction));
  }
}
