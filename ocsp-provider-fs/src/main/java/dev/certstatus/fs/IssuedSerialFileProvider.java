package dev.certstatus.fs;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.RevocationProvider;
import dev.certstatus.core.Role;
import dev.certstatus.core.SourceState;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.serial.IssuedSerialProvider;
import dev.certstatus.serial.IssuedSerialSet;
import dev.certstatus.serial.IssuedSerialSnapshot;
import dev.certstatus.serial.SerialSet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An issuance source read from files: a CA's Windows-style issued-serial directories (see
 * {@link SerialDirectoryScanner}) or a flat serial list (see {@link SerialListParser}).
 *
 * <p>Lookups answer from an immutable {@link IssuedSerialSet} held by an
 * {@link IssuedSerialProvider}, which swaps whole snapshots atomically. A reload reads the files
 * off the lookup path; a failed or unreadable reload (a missing, deleted or unreadable directory,
 * a marker that makes no sense) keeps the last good snapshot and is reported in {@link #state()};
 * past its maximum age the snapshot answers {@code Unavailable}. A reload that finds more than
 * the configured fraction fewer serials than the served set (the Windows export script deletes
 * every file before writing them again) is held back until a later reload confirms it, or until
 * {@link #reloadAcceptingShrink()}.
 *
 * <p>The data version's {@code asOf}, which the non-issued REVOKED policy checks (DESIGN.md rule
 * 6), is the time the set is complete as of: the exporter's marker time or the scan time for
 * directories, the file's modification time for a list.
 *
 * <pre>{@code
 * try (IssuedSerialFileProvider issued = IssuedSerialFileProvider
 *     .directories("issued", IssuerId.of(caCertificate), List.of(Path.of("/srv/ca/issued")))
 *     .reloadInterval(Duration.ofMinutes(15))
 *     .build()) {
 *   DecisionChain chain = DecisionChain.builder().issuance(issued)...build();
 * }
 * }</pre>
 */
public final class IssuedSerialFileProvider implements RevocationProvider {

  private static final Logger LOG = LoggerFactory.getLogger(IssuedSerialFileProvider.class);

  /** One read of the files. */
  record Loaded(IssuedSerialSet serials, String label, Instant asOf, String warning) {}

  /** Reads the files once. */
  interface Loader {
    Loaded load() throws IOException;

    String describe();

    List<Path> watched();
  }

  private final String id;
  private final Loader loader;
  private final Clock clock;
  private final Duration maxAge;
  private final IssuedSerialProvider served;
  private final Reloads reloads;
  private final Optional<ReloadScheduler> scheduler;
  private String lastWarning = "";

  private IssuedSerialFileProvider(Builder b) {
    this.id = b.id;
    this.loader = b.loader.apply(b.clock);
    this.clock = b.clock;
    this.maxAge = b.maxAge;
    this.served = IssuedSerialProvider.builder(b.id, b.issuer).clock(b.clock)
        .maxShrink(b.maxShrink).build();
    this.reloads = new Reloads(LOG, b.id);
    reload();
    this.scheduler = ReloadScheduler.start(b, this::reload, loader.watched());
  }

  /**
   * A source that reads a CA's issued-serial directories as their union.
   *
   * @param id the provider id
   * @param issuer the CA the directories belong to
   * @param directories one or more directories (symbolic links are followed once per scan)
   * @return a builder
   */
  public static Builder directories(String id, IssuerId issuer, List<Path> directories) {
    // Checks the list now, so that the builder call names a bad value.
    List<Path> checked = new SerialDirectoryScanner(directories, Clock.systemUTC()).directories();
    Builder b = new Builder(id, issuer);
    b.loader = clock -> new DirectoryLoader(new SerialDirectoryScanner(checked, clock));
    return b;
  }

  /**
   * A source that reads a flat serial list.
   *
   * @param id the provider id
   * @param issuer the CA the list belongs to
   * @param file the list
   * @return a builder
   */
  public static Builder serialList(String id, IssuerId issuer, Path file) {
    Objects.requireNonNull(file, "file");
    Builder b = new Builder(id, issuer);
    b.loader = clock -> new ListLoader(file, clock);
    return b;
  }

  /**
   * Reads the files now and offers the result to the shrink guard. Runs on the caller's thread,
   * after any reload already running.
   *
   * @return what happened
   */
  public ReloadOutcome reload() {
    return reload(false);
  }

  /**
   * Reads the files now and serves the result whatever its size: the operator's override of the
   * shrink guard, after checking that the smaller set is right.
   *
   * @return what happened ({@code SWAPPED} or {@code FAILED})
   */
  public ReloadOutcome reloadAcceptingShrink() {
    return reload(true);
  }

  private synchronized ReloadOutcome reload(boolean force) {
    Instant now = clock.instant();
    Loaded loaded;
    try {
      loaded = loader.load();
    } catch (IOException | RuntimeException e) {
      String cause = "cannot read " + loader.describe() + ": " + Reloads.describe(e);
      served.reloadFailed(cause);
      reloads.failed(cause);
      return new ReloadOutcome(ReloadOutcome.Status.FAILED, cause);
    }
    if (!loaded.warning().isEmpty()) {
      // Once per reload, as operators expect; at warn only when it says something new.
      if (loaded.warning().equals(lastWarning)) {
        LOG.info("provider {}: {}", id, loaded.warning());
      } else {
        LOG.warn("provider {}: {}", id, loaded.warning());
      }
    }
    lastWarning = loaded.warning();
    IssuedSerialSnapshot snapshot = new IssuedSerialSnapshot(loaded.serials(),
        DataVersion.of(loaded.label(), loaded.asOf(), now.plus(maxAge)));
    if (force) {
      served.forceSwap(snapshot);
    } else if (served.swap(snapshot) == IssuedSerialProvider.SwapResult.HELD_BACK) {
      return new ReloadOutcome(ReloadOutcome.Status.HELD_BACK, served.state().lastFailure()
          .orElse(loaded.label()));
    }
    reloads.succeeded(loaded.label());
    return new ReloadOutcome(ReloadOutcome.Status.SWAPPED, loaded.label());
  }

  /** @return the version of the data the shrink guard holds back, if any */
  public Optional<DataVersion> heldBack() {
    return served.heldBack().map(IssuedSerialSnapshot::version);
  }

  /** @return the number of serials served, 0 before the first load */
  public int size() {
    return served.snapshot().map(IssuedSerialSnapshot::size).orElse(0);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Set<Role> roles() {
    return served.roles();
  }

  @Override
  public Finding find(Role role, StatusQuery query) {
    return served.find(role, query);
  }

  @Override
  public long generation() {
    return served.generation();
  }

  @Override
  public SourceState state() {
    return served.state();
  }

  /** Stops reloading and watching. Lookups still answer from the last snapshot. */
  @Override
  public void close() {
    scheduler.ifPresent(ReloadScheduler::close);
  }

  @Override
  public String toString() {
    return "IssuedSerialFileProvider[" + id + ", " + loader.describe() + ", " + size()
        + " serials]";
  }

  private static final class DirectoryLoader implements Loader {
    private final SerialDirectoryScanner scanner;
    private final List<Path> directories;

    DirectoryLoader(SerialDirectoryScanner scanner) {
      this.scanner = scanner;
      this.directories = scanner.directories();
    }

    @Override
    public Loaded load() throws IOException {
      // File names carry no validity: a plain SerialSet is all the served set needs.
      SerialSet.Builder set = SerialSet.builder();
      DirectoryScan scan = scanner.scan(set::add);
      IssuedSerialSet serials = IssuedSerialSet.of(set.build());
      IgnoredEntries ignored = scan.ignored();
      String label = "scan of " + describe() + " at " + scan.startedAt() + ": " + serials.size()
          + " serials";
      return new Loaded(serials, label, scan.completeAsOf(), ignored.unexpected() == 0 ? ""
          : "ignored in " + describe() + ": " + ignored);
    }

    @Override
    public String describe() {
      return directories.size() == 1 ? "issued-serial directory " + directories.get(0)
          : directories.size() + " issued-serial directories " + directories;
    }

    @Override
    public List<Path> watched() {
      return directories;
    }
  }

  private static final class ListLoader implements Loader {
    private final Path file;
    private final Clock clock;

    ListLoader(Path file, Clock clock) {
      this.file = file;
      this.clock = clock;
    }

    @Override
    public Loaded load() throws IOException {
      Instant now = clock.instant();
      // Most lists are bare serials: a plain SerialSet builds in half the time and memory of one
      // with validity columns. Only a list that turns out to carry validity is read again.
      SerialSet.Builder plain = SerialSet.builder();
      boolean[] hasValidity = {false};
      SerialList list = SerialListParser.parse(file, plain, (serial, validity) -> {
        if (validity.isPresent()) {
          hasValidity[0] = true;
        } else if (!hasValidity[0]) {
          plain.add(serial);
        }
      });
      IssuedSerialSet serials;
      if (hasValidity[0]) {
        IssuedSerialSet.Builder set = IssuedSerialSet.builder();
        list = SerialListParser.parse(file,
            (serial, validity) -> set.add(serial, validity, Optional.empty()));
        serials = set.build();
      } else {
        serials = IssuedSerialSet.of(plain.build());
      }
      String label = "serial list " + file + " modified " + list.modified() + ": "
          + serials.size() + " serials";
      Instant asOf = list.modified().isAfter(now) ? now : list.modified();
      return new Loaded(serials, label, asOf, list.problemCount() == 0 ? ""
          : list.problemCount() + " malformed lines skipped in " + file + ", first: "
              + list.problems().subList(0, Math.min(3, list.problems().size())));
    }

    @Override
    public String describe() {
      return "serial list " + file;
    }

    @Override
    public List<Path> watched() {
      return List.of(file);
    }
  }

  /** Configures an {@link IssuedSerialFileProvider}; each call checks its argument. */
  public static final class Builder extends SnapshotSourceBuilder<Builder> {
    private final IssuerId issuer;
    private Function<Clock, Loader> loader;

    private Builder(String id, IssuerId issuer) {
      super(id);
      this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /**
     * Loads the files once, then reloads by interval and file events as configured. A first load
     * that fails does not fail the build: the provider answers Unavailable until a reload works.
     *
     * @return the provider
     */
    public IssuedSerialFileProvider build() {
      return new IssuedSerialFileProvider(this);
    }
  }
}
