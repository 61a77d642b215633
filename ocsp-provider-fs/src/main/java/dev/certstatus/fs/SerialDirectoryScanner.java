package dev.certstatus.fs;

import dev.certstatus.core.SerialNumber;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads Windows-style issued-serial directories: one file per issued serial, named by the serial
 * in hex, content ignored. Several directories are read as their union.
 *
 * <p>A file name is a serial in any case, odd length allowed, with the quotes, spaces and colons
 * certutil output can carry. Subdirectories, dot files, temporary files and other names are
 * ignored and counted ({@link IgnoredEntries}).
 *
 * <p>A configured path that is a symbolic link (as {@link SerialDirectoryExporter} maintains) is
 * resolved once per scan and the real directory read, so a switch during the scan cannot mix two
 * exports; the marker file {@value #MARKER_FILE} is read from that same directory. If the
 * directory disappears while it is read, the scan fails rather than return part of it.
 *
 * <p>Speed: names come from one {@code readdir} pass. Files are not opened, and not even
 * {@code stat}ed when the directory's link count shows it has no subdirectories (the leaf
 * optimisation {@code find} uses) on a file system where that count is reliable (ext4, XFS,
 * tmpfs); otherwise each name that parses as a serial is checked once, so that a subdirectory
 * named like a serial is never taken for one.
 */
public final class SerialDirectoryScanner {

  /** The marker file an export leaves, holding its export time as an ISO-8601 instant. */
  public static final String MARKER_FILE = ".export-complete";

  private static final Set<String> LINK_COUNTING_FILE_SYSTEMS =
      Set.of("ext2", "ext3", "ext4", "xfs", "tmpfs");

  private final List<Path> directories;
  private final Clock clock;

  /**
   * @param directories the directories of one CA, read as their union; at least one
   * @param clock the clock that times the scan
   */
  public SerialDirectoryScanner(List<Path> directories, Clock clock) {
    Objects.requireNonNull(directories, "directories");
    if (directories.isEmpty()) {
      throw new IllegalArgumentException("at least one issued-serial directory is needed");
    }
    this.directories = List.copyOf(directories);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** @return the configured directories */
  public List<Path> directories() {
    return directories;
  }

  /**
   * Reads every directory and hands each serial to the sink.
   *
   * @param sink receives every serial found, in no particular order; a serial in several
   *     directories arrives once per directory
   * @return what the scan found
   * @throws IOException if any directory is missing, not a directory, unreadable, or vanishes
   *     while read, or if its marker file is unreadable; the message names the directory. The
   *     sink may then have received part of the serials and must be discarded.
   */
  public DirectoryScan scan(Consumer<SerialNumber> sink) throws IOException {
    Objects.requireNonNull(sink, "sink");
    Instant started = clock.instant();
    Instant completeAsOf = started;
    List<ScannedDirectory> scanned = new ArrayList<>(directories.size());
    for (Path directory : directories) {
      ScannedDirectory d = scanOne(directory, sink);
      if (d.exportedAt().isPresent() && d.exportedAt().get().isBefore(completeAsOf)) {
        completeAsOf = d.exportedAt().get();
      }
      scanned.add(d);
    }
    return new DirectoryScan(started, completeAsOf, scanned);
  }

  private static ScannedDirectory scanOne(Path configured, Consumer<SerialNumber> sink)
      throws IOException {
    Path resolved;
    try {
      resolved = configured.toRealPath();
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(configured.toString(), null,
          "issued-serial directory does not exist");
    }
    if (!Files.isDirectory(resolved)) {
      throw new NotDirectoryException(configured + " (resolved to " + resolved + ")");
    }
    Optional<Instant> exportedAt = readMarker(resolved);
    boolean mayHaveSubdirectories = mayHaveSubdirectories(resolved);
    String[] names = resolved.toFile().list();
    if (names == null) {
      throw listingFailure(configured, resolved);
    }
    long serials = 0;
    long subdirectories = 0;
    long dotFiles = 0;
    long temporary = 0;
    long junk = 0;
    List<String> examples = new ArrayList<>(IgnoredEntries.MAX_EXAMPLES);
    for (String name : names) {
      if (name.startsWith(".")) {
        dotFiles++;
        continue;
      }
      if (isTemporary(name)) {
        temporary++;
        addExample(examples, name);
        continue;
      }
      SerialNumber serial;
      try {
        serial = SerialText.parse(name);
      } catch (IllegalArgumentException notASerial) {
        junk++;
        addExample(examples, name);
        continue;
      }
      if (mayHaveSubdirectories && isDirectory(resolved.resolve(name))) {
        subdirectories++;
        addExample(examples, name + "/");
        continue;
      }
      sink.accept(serial);
      serials++;
    }
    // A directory deleted or replaced while it was read may have been listed in part.
    if (!Files.isDirectory(resolved, LinkOption.NOFOLLOW_LINKS)
        || !readMarker(resolved).equals(exportedAt)) {
      throw new IOException("issued-serial directory " + configured + " (" + resolved
          + ") changed while it was read; the scan is discarded");
    }
    return new ScannedDirectory(configured, resolved, serials,
        new IgnoredEntries(subdirectories, dotFiles, temporary, junk, examples),
        exportedAt);
  }

  private static boolean isTemporary(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.startsWith("~") || lower.endsWith("~") || lower.endsWith(".tmp")
        || lower.endsWith(".temp") || lower.endsWith(".part");
  }

  private static void addExample(List<String> examples, String name) {
    if (examples.size() < IgnoredEntries.MAX_EXAMPLES) {
      examples.add(name);
    }
  }

  /**
   * On ext2/3/4, XFS and tmpfs a directory's link count is 2 plus its number of subdirectories,
   * so a count of 2 proves there are none and no entry needs a stat. Other file systems (Btrfs,
   * and network file systems such as CIFS, which may report 2 whatever the directory holds) get
   * a stat for every name that parses as a serial.
   */
  private static boolean mayHaveSubdirectories(Path directory) {
    try {
      if (!LINK_COUNTING_FILE_SYSTEMS.contains(Files.getFileStore(directory).type())) {
        return true;
      }
      Object links = Files.getAttribute(directory, "unix:nlink");
      return !(links instanceof Integer) || (Integer) links != 2;
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      return true;
    }
  }

  private static boolean isDirectory(Path entry) throws IOException {
    try {
      return Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .isDirectory();
    } catch (NoSuchFileException vanished) {
      throw new IOException("issued-serial file " + entry
          + " vanished while the directory was read; the scan is discarded");
    }
  }

  private static Optional<Instant> readMarker(Path directory) throws IOException {
    Path marker = directory.resolve(MARKER_FILE);
    String text;
    try {
      text = Files.readString(marker, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      throw new IOException("export marker " + marker + " does not hold an ISO-8601 instant: '"
          + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
    }
  }

  private static IOException listingFailure(Path configured, Path resolved) {
    // java.io.File.list() says only "null"; the NIO call says why.
    try (DirectoryStream<Path> ignored = Files.newDirectoryStream(resolved)) {
      return new IOException("cannot list issued-serial directory " + configured + " ("
          + resolved + ")");
    } catch (IOException e) {
      return new IOException("cannot list issued-serial directory " + configured + " ("
          + resolved + "): " + e, e);
    }
  }
}
