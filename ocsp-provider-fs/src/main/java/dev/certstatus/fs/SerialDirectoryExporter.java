package dev.certstatus.fs;

import dev.certstatus.core.SerialNumber;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an issued-serial directory so that no reader ever sees part of it: the export the Windows
 * CA script should have done.
 *
 * <p>Readers are configured with {@code link}, a symbolic link. Each export writes a new sibling
 * directory ({@code <link>.export-<random>}) holding one empty file per serial (named as a Windows
 * CA names them: uppercase hex) and the marker {@value SerialDirectoryScanner#MARKER_FILE} with
 * the export time, then points the link at it with one atomic rename. The directory the link
 * pointed at before is kept, so a reader that resolved the link just before the switch can finish
 * its scan; older exports are deleted.
 *
 * <p>The export time in the marker is taken before the source is read, so it never claims more
 * completeness than the source had. Needs a file system with symbolic links and atomic rename
 * (POSIX file systems; Windows only with the privilege to create symbolic links). Not safe for
 * two exporters writing the same link at once.
 */
public final class SerialDirectoryExporter {

  private static final Logger LOG = LoggerFactory.getLogger(SerialDirectoryExporter.class);
  private static final Set<String> CERTIFICATE_SUFFIXES = Set.of(".pem", ".crt", ".cer", ".der");

  private final Path link;
  private final Clock clock;

  /**
   * What an export wrote.
   *
   * @param directory the new directory the link now points at
   * @param exportedAt the time written in its marker
   * @param serials how many distinct serial files it holds
   */
  public record Export(Path directory, Instant exportedAt, long serials) {

    /** Checks for nulls. */
    public Export {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(exportedAt, "exportedAt");
    }
  }

  /**
   * @param link the path readers read: a symbolic link the exporter creates and switches; it must
   *     not be a real directory
   * @param clock the clock that times exports
   */
  public SerialDirectoryExporter(Path link, Clock clock) {
    this.link = Objects.requireNonNull(link, "link").toAbsolutePath();
    this.clock = Objects.requireNonNull(clock, "clock");
    if (this.link.getParent() == null) {
      throw new IllegalArgumentException("the export link needs a parent directory: " + link);
    }
  }

  /**
   * Exports the given serials.
   *
   * @param serials every serial the CA issued; read once
   * @return what was written
   * @throws IOException if writing fails; the link then still points at the previous export
   */
  public Export export(Iterable<SerialNumber> serials) throws IOException {
    Objects.requireNonNull(serials, "serials");
    Instant exportedAt = clock.instant();
    return write(exportedAt, serials);
  }

  /**
   * Exports every serial an OpenSSL CA database lists: V, R and E rows alike, since revoked and
   * expired certificates were issued too.
   *
   * @param indexFile the {@code index.txt}
   * @return what was written
   * @throws IOException if the index cannot be read or has a malformed row (an export that left
   *     a row out would claim a completeness it does not have), or if writing fails
   */
  public Export exportIndex(Path indexFile) throws IOException {
    Instant exportedAt = clock.instant();
    OpenSslIndexFile index = OpenSslIndexFile.read(indexFile);
    if (index.problemCount() > 0) {
      throw new IOException("not exporting " + indexFile + ": " + index.problemCount()
          + " malformed rows, first " + index.problems().get(0));
    }
    return write(exportedAt, index.entries().keySet());
  }

  /**
   * Exports the serials of the certificates in a folder (such as OpenSSL's
   * {@code new_certs_dir}): every {@code .pem}, {@code .crt}, {@code .cer} and {@code .der} file,
   * PEM or DER, one or several certificates each. Other files are ignored.
   *
   * @param folder the folder
   * @return what was written
   * @throws IOException if a certificate file cannot be read or parsed (the message names it), or
   *     if writing fails
   */
  public Export exportCertificates(Path folder) throws IOException {
    Instant exportedAt = clock.instant();
    List<SerialNumber> serials = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
      for (Path file : files) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot < 0 || !CERTIFICATE_SUFFIXES.contains(name.substring(dot))
            || !Files.isRegularFile(file)) {
          continue;
        }
        try (InputStream in = Files.newInputStream(file)) {
          for (Certificate c : factory.generateCertificates(in)) {
            serials.add(SerialNumber.of(((X509Certificate) c).getSerialNumber()));
          }
        } catch (CertificateException | ClassCastException e) {
          throw new IOException("not exporting " + folder + ": " + file
              + " is not a readable X.509 certificate file (" + e.getMessage() + ")");
        }
      }
    }
    return write(exportedAt, serials);
  }

  private Export write(Instant exportedAt, Iterable<SerialNumber> serials) throws IOException {
    Path parent = link.getParent();
    String name = link.getFileName().toString();
    if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(link + " is a real directory; the exporter switches a symbolic link"
          + " there, so move the directory away first");
    }
    Files.createDirectories(parent);
    Optional<Path> previous = currentTarget();
    Path directory = Files.createTempDirectory(parent, name + ".export-");
    Path newLink = parent.resolve(name + ".link-" + directory.getFileName());
    long count = 0;
    try {
      for (SerialNumber serial : serials) {
        try {
          Files.createFile(directory.resolve(serial.toHex().toUpperCase(Locale.ROOT)));
          count++;
        } catch (FileAlreadyExistsException repeated) {
          // The same serial twice in the source: one file is the whole truth.
        }
      }
      Path marker = directory.resolve(SerialDirectoryScanner.MARKER_FILE);
      Files.writeString(marker, exportedAt + "\n", StandardCharsets.UTF_8);
      Files.createSymbolicLink(newLink, directory.getFileName());
      Files.move(newLink, link, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(newLink);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      deleteTree(directory);
      throw e;
    }
    deleteOlderExports(parent, name, directory, previous);
    LOG.info("exported {} serials to {} ({}), complete as of {}", count, link,
        directory.getFileName(), exportedAt);
    return new Export(directory, exportedAt, count);
  }

  private Optional<Path> currentTarget() throws IOException {
    if (!Files.isSymbolicLink(link)) {
      return Optional.empty();
    }
    return Optional.of(link.getParent().resolve(Files.readSymbolicLink(link)).normalize());
  }

  private static void deleteOlderExports(Path parent, String name, Path current,
      Optional<Path> previous) {
    try (DirectoryStream<Path> siblings =
        Files.newDirectoryStream(parent, escapeGlob(name) + ".export-*")) {
      for (Path sibling : siblings) {
        Path n = sibling.getFileName();
        if (!n.equals(current.getFileName())
            && !previous.map(p -> n.equals(p.getFileName())).orElse(false)) {
          deleteTree(sibling);
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot clean up old exports beside {}: {}", parent.resolve(name), e.toString());
    }
  }

  private static String escapeGlob(String name) {
    return name.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
  }

  private static void deleteTree(Path directory) {
    try (Stream<Path> all = Files.walk(directory)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("cannot delete old export {}: {}", directory, e.toString());
    }
  }
}
