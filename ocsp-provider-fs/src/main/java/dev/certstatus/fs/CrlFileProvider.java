package dev.certstatus.fs;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.RevocationProvider;
import dev.certstatus.core.Role;
import dev.certstatus.core.SourceState;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.crl.CrlRevocationProvider;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A revocation source read from CRL files (DER or PEM, complete and delta) and directories of
 * them, reloaded by interval and file events: the file side of {@link CrlRevocationProvider},
 * which does the verifying, merging and answering.
 *
 * <p>A directory contributes every {@code .crl}, {@code .pem} and {@code .der} file in it (dot
 * files and other names are ignored), listed again on every reload. While the list of files
 * stays the same, a reload rereads them and the CRL provider keeps the last good CRL of each. When
 * files come or go, a new CRL provider is loaded from the new list and served only if every one
 * of its files loads; otherwise the current one stays and the reload counts as failed.
 */
public final class CrlFileProvider implements RevocationProvider {

  private static final Logger LOG = LoggerFactory.getLogger(CrlFileProvider.class);
  private static final Set<String> CRL_SUFFIXES = Set.of(".crl", ".pem", ".der");

  /**
   * The CRL provider served (empty while there are no files to read), the files it reads, and
   * the generation it started from.
   */
  private record Current(Optional<CrlRevocationProvider> crls, List<Path> files,
      long generationBase) {

    long generation() {
      return generationBase + crls.map(CrlRevocationProvider::generation).orElse(0L);
    }
  }

  private final String id;
  private final X509Certificate ca;
  private final List<Path> files;
  private final List<Path> directories;
  private final Consumer<CrlRevocationProvider.Builder> configure;
  private final java.time.Clock clock;
  private final Reloads reloads;
  private final Optional<ReloadScheduler> scheduler;
  private final Finding noFiles;
  private final Finding noFilesNotCovered;
  private final IssuerId issuer;
  private volatile Current current;
  private volatile long failedListings;
  private volatile String lastListingFailure;

  private CrlFileProvider(Builder b) {
    this.id = b.id;
    this.ca = b.ca;
    this.files = List.copyOf(b.files);
    this.directories = List.copyOf(b.directories);
    this.configure = b.configure;
    this.clock = b.clock;
    this.reloads = new Reloads(LOG, b.id);
    List<Path> initial = listOrEmpty();
    this.current = new Current(build(initial), initial, 0);
    this.noFiles = new Finding.Unavailable(id, DataVersion.NONE, Role.REVOCATION,
        "no CRL file found in " + files + " " + directories);
    this.noFilesNotCovered = new Finding.NotCovered(id, DataVersion.NONE, Role.REVOCATION);
    this.issuer = IssuerId.of(ca);
    List<Path> watched = new ArrayList<>(files);
    watched.addAll(directories);
    this.scheduler = ReloadScheduler.start(b, this::reload, watched);
  }

  /**
   * @param id the provider id
   * @param ca the CA whose CRLs these are; its key verifies them
   * @return a builder
   */
  public static Builder builder(String id, X509Certificate ca) {
    return new Builder(id, ca);
  }

  private Optional<CrlRevocationProvider> build(List<Path> crlFiles) {
    if (crlFiles.isEmpty()) {
      return Optional.empty();
    }
    CrlRevocationProvider.Builder b = CrlRevocationProvider.builder(id, ca).clock(clock);
    configure.accept(b);
    for (Path f : crlFiles) {
      b.crl(f);
    }
    return Optional.of(b.build());
  }

  private List<Path> listOrEmpty() {
    try {
      return list();
    } catch (IOException e) {
      listingFailed("cannot list CRL directory: " + Reloads.describe(e));
      return new ArrayList<>(files);
    }
  }

  private List<Path> list() throws IOException {
    TreeSet<Path> all = new TreeSet<>(files);
    for (Path directory : directories) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString().toLowerCase(Locale.ROOT);
          int dot = name.lastIndexOf('.');
          if (!name.startsWith(".") && dot > 0 && CRL_SUFFIXES.contains(name.substring(dot))
              && Files.isRegularFile(entry)) {
            all.add(entry);
          }
        }
      }
    }
    return new ArrayList<>(all);
  }

  private void listingFailed(String cause) {
    failedListings++;
    lastListingFailure = cause;
    reloads.failed(cause);
  }

  /**
   * Lists the directories and rereads every CRL file now.
   *
   * @return true if the data served changed
   */
  public synchronized boolean reload() {
    Current c = current;
    List<Path> now;
    try {
      now = list();
    } catch (IOException e) {
      listingFailed("cannot list CRL directory: " + Reloads.describe(e));
      return false;
    }
    if (now.equals(c.files())) {
      return c.crls().map(CrlRevocationProvider::reload).orElse(false);
    }
    if (now.isEmpty()) {
      listingFailed("no CRL files left in " + directories + "; keeping the CRLs loaded before");
      return false;
    }
    CrlRevocationProvider next = build(now).orElseThrow();
    Optional<String> failure = next.state().lastFailure();
    if (failure.isPresent() && c.crls().isPresent()) {
      // The files loaded now stay better than a set that lost one of its CRLs to a bad read.
      listingFailed("the new set of CRL files " + now + " does not load: " + failure.get());
      next.close();
      return false;
    }
    current = new Current(Optional.of(next), now, c.generation() + 1);
    c.crls().ifPresent(CrlRevocationProvider::close);
    reloads.succeeded("CRL files " + now);
    return true;
  }

  /** @return the CRL files read now */
  public List<Path> files() {
    return current.files();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Set<Role> roles() {
    return Set.of(Role.REVOCATION);
  }

  @Override
  public Finding find(Role role, StatusQuery query) {
    Optional<CrlRevocationProvider> crls = current.crls();
    if (crls.isPresent()) {
      return crls.get().find(role, query);
    }
    return issuer.equals(query.issuer()) ? noFiles : noFilesNotCovered;
  }

  @Override
  public long generation() {
    return current.generation();
  }

  @Override
  public SourceState state() {
    Current c = current;
    String listing = lastListingFailure;
    if (c.crls().isEmpty()) {
      return new SourceState(Optional.empty(), c.generation(), failedListings,
          Optional.ofNullable(listing));
    }
    SourceState inner = c.crls().get().state();
    return new SourceState(inner.version(), c.generation(),
        inner.failedReloads() + failedListings,
        listing != null ? Optional.of(listing) : inner.lastFailure());
  }

  /** Stops reloading and watching. Lookups still answer from the CRLs loaded. */
  @Override
  public void close() {
    scheduler.ifPresent(ReloadScheduler::close);
  }

  @Override
  public String toString() {
    return "CrlFileProvider[" + id + ", " + current.files() + "]";
  }

  /** Configures a {@link CrlFileProvider}; each call checks its argument. */
  public static final class Builder extends FileSourceBuilder<Builder> {
    private final X509Certificate ca;
    private final List<Path> files = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();
    private Consumer<CrlRevocationProvider.Builder> configure = b -> { };

    private Builder(String id, X509Certificate ca) {
      super(id);
      this.ca = Objects.requireNonNull(ca, "ca");
    }

    /**
     * @param file a CRL file, DER or PEM, complete or delta
     * @return this builder
     */
    public Builder file(Path file) {
      files.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /**
     * @param directory a directory whose {@code .crl}, {@code .pem} and {@code .der} files are
     *     CRLs of this CA, listed again on every reload
     * @return this builder
     */
    public Builder directory(Path directory) {
      directories.add(Objects.requireNonNull(directory, "directory"));
      return this;
    }

    /**
     * @param configure sets up each CRL provider this source builds (CRL signers, grace,
     *     distribution points); the files and the clock are set here
     * @return this builder
     */
    public Builder configure(Consumer<CrlRevocationProvider.Builder> configure) {
      this.configure = Objects.requireNonNull(configure, "configure");
      return this;
    }

    /**
     * Loads the CRLs once, then reloads by interval and file events as configured.
     *
     * @return the provider
     * @throws IllegalStateException if neither a file nor a directory was given
     */
    public CrlFileProvider build() {
      if (files.isEmpty() && directories.isEmpty()) {
        throw new IllegalStateException("provider '" + id + "' has no CRL file or directory");
      }
      return new CrlFileProvider(this);
    }
  }
}
