package dev.certstatus.fs;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.RevocationProvider;
import dev.certstatus.core.Role;
import dev.certstatus.core.SourceState;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.core.Validity;
import dev.certstatus.serial.IssuedSerialProvider;
import dev.certstatus.serial.IssuedSerialSet;
import dev.certstatus.serial.IssuedSerialSnapshot;
import dev.certstatus.serial.RevocationMap;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both roles from an OpenSSL CA database ({@code index.txt}, see {@link OpenSslIndexFile}).
 *
 * <p>Issuance: every V, R and E row is {@code Issued}, with the expiry as notAfter (notBefore is
 * not in the file and is left open), so that the chain answers EXPIRED after it; other serials of
 * the issuer are {@code NotIssued}. Revocation: an R row is {@code Revoked} with its time, reason
 * and invalidity date (a released hold, {@code removeFromCRL}, is not); other serials are
 * {@code NotRevoked}. Malformed rows are reported and left out, which makes their serials
 * {@code NotIssued}: never GOOD.
 *
 * <p>The data version's {@code asOf} is the file's modification time, its {@code freshUntil} the
 * load time plus the maximum age. Reloads, the shrink guard and failures behave as for
 * {@link IssuedSerialFileProvider}; when the guard holds an index back, its revocations are held
 * back with it, so a truncated file can never drop a revocation while the old issued set is
 * still served.
 */
public final class OpenSslIndexProvider implements RevocationProvider {

  private static final Logger LOG = LoggerFactory.getLogger(OpenSslIndexProvider.class);

  /** The revocation half of a snapshot, with its findings built once. */
  private static final class Revocations {
    final RevocationMap map;
    final DataVersion version;
    final long freshUntilMillis;
    final Finding notRevoked;
    final Finding notCovered;
    final Finding stale;

    Revocations(String id, RevocationMap map, DataVersion version) {
      this.map = map;
      this.version = version;
      this.freshUntilMillis = version.freshUntil().map(Instant::toEpochMilli)
          .orElse(Long.MAX_VALUE);
      this.notRevoked = new Finding.NotRevoked(id, version);
      this.notCovered = new Finding.NotCovered(id, version, Role.REVOCATION);
      this.stale = new Finding.Unavailable(id, version, Role.REVOCATION, "index data '"
          + version.label() + "' is stale: it was fresh until " + version.freshUntil().orElseThrow());
    }
  }

  private final String id;
  private final IssuerId issuer;
  private final Path file;
  private final Clock clock;
  private final Duration maxAge;
  private final IssuedSerialProvider issued;
  private final Reloads reloads;
  private final Finding noData;
  private final Finding noDataNotCovered;
  private final Optional<ReloadScheduler> scheduler;
  private volatile Revocations revocations;

  private OpenSslIndexProvider(Builder b) {
    this.id = b.id;
    this.issuer = b.issuer;
    this.file = b.file;
    this.clock = b.clock;
    this.maxAge = b.maxAge;
    this.issued = IssuedSerialProvider.builder(b.id, b.issuer).clock(b.clock)
        .maxShrink(b.maxShrink).build();
    this.reloads = new Reloads(LOG, b.id);
    this.noData = new Finding.Unavailable(id, DataVersion.NONE, Role.REVOCATION,
        "no index data loaded yet");
    this.noDataNotCovered = new Finding.NotCovered(id, DataVersion.NONE, Role.REVOCATION);
    reload();
    this.scheduler = ReloadScheduler.start(b, this::reload, List.of(file));
  }

  /**
   * @param id the provider id
   * @param issuer the CA whose database it is
   * @param indexFile its {@code index.txt}
   * @return a builder
   */
  public static Builder builder(String id, IssuerId issuer, Path indexFile) {
    return new Builder(id, issuer, indexFile);
  }

  /**
   * Reads the index now and offers it to the shrink guard.
   *
   * @return what happened
   */
  public ReloadOutcome reload() {
    return reload(false);
  }

  /**
   * Reads the index now and serves it whatever its size: the operator's override of the shrink
   * guard.
   *
   * @return what happened ({@code SWAPPED} or {@code FAILED})
   */
  public ReloadOutcome reloadAcceptingShrink() {
    return reload(true);
  }

  private synchronized ReloadOutcome reload(boolean force) {
    Instant now = clock.instant();
    OpenSslIndexFile index;
    try {
      index = OpenSslIndexFile.read(file);
    } catch (IOException | RuntimeException e) {
      String cause = "cannot read OpenSSL index " + file + ": " + Reloads.describe(e);
      issued.reloadFailed(cause);
      reloads.failed(cause);
      return new ReloadOutcome(ReloadOutcome.Status.FAILED, cause);
    }
    if (index.problemCount() > 0) {
      LOG.warn("provider {}: {} malformed rows left out of {}, first: {}", id,
          index.problemCount(), file, index.problems().subList(0,
              Math.min(3, index.problems().size())));
    }
    IssuedSerialSet.Builder issuedSet = IssuedSerialSet.builder();
    RevocationMap.Builder revoked = RevocationMap.builder();
    long revokedCount = 0;
    for (IndexEntry e : index.entries().values()) {
      // index.txt records only the expiry.
      issuedSet.add(e.serial(), Validity.until(e.expiry()));
      if (e.isRevoked()) {
        IndexEntry.Revocation r = e.revocation().orElseThrow();
        revoked.add(e.serial(), r.time(), r.reason(), r.invalidityDate());
        revokedCount++;
      }
    }
    Instant asOf = index.modified().isAfter(now) ? now : index.modified();
    DataVersion version = DataVersion.of("index " + file + " modified " + index.modified() + ": "
        + index.entries().size() + " certificates, " + revokedCount + " revoked", asOf,
        now.plus(maxAge));
    IssuedSerialSnapshot snapshot = new IssuedSerialSnapshot(issuedSet.build(), version);
    Revocations next = new Revocations(id, revoked.build(), version);
    if (force) {
      revocations = next;
      issued.forceSwap(snapshot);
    } else if (issued.wouldHoldBack(snapshot)) {
      issued.swap(snapshot);
      return new ReloadOutcome(ReloadOutcome.Status.HELD_BACK,
          issued.state().lastFailure().orElse(version.label()));
    } else {
      // Revocations first: for a moment new revocations meet the old issued set, which can
      // only make an answer stricter; the other order could answer GOOD for a fresh revocation.
      Revocations previous = revocations;
      revocations = next;
      if (issued.swap(snapshot) == IssuedSerialProvider.SwapResult.HELD_BACK) {
        revocations = previous;
        return new ReloadOutcome(ReloadOutcome.Status.HELD_BACK,
            issued.state().lastFailure().orElse(version.label()));
      }
    }
    reloads.succeeded(version.label());
    return new ReloadOutcome(ReloadOutcome.Status.SWAPPED, version.label());
  }

  /** The guard of {@link IssuedSerialProvider#swap}, asked before anything is swapped. */
  /** @return the version of the data the shrink guard holds back, if any */
  public Optional<DataVersion> heldBack() {
    return issued.heldBack().map(IssuedSerialSnapshot::version);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Set<Role> roles() {
    return Set.of(Role.REVOCATION, Role.ISSUANCE);
  }

  @Override
  public Finding find(Role role, StatusQuery query) {
    if (role == Role.ISSUANCE) {
      return issued.find(role, query);
    }
    Revocations r = revocations;
    if (r == null) {
      return issuer.equals(query.issuer()) ? noData : noDataNotCovered;
    }
    if (!issuer.equals(query.issuer())) {
      return r.notCovered;
    }
    if (clock.millis() > r.freshUntilMillis) {
      return r.stale;
    }
    int index = r.map.indexOf(query.serial());
    return index < 0 ? r.notRevoked : r.map.revoked(index, id, r.version);
  }

  @Override
  public long generation() {
    return issued.generation();
  }

  @Override
  public SourceState state() {
    return issued.state();
  }

  /** Stops reloading and watching. Lookups still answer from the last snapshot. */
  @Override
  public void close() {
    scheduler.ifPresent(ReloadScheduler::close);
  }

  @Override
  public String toString() {
    return "OpenSslIndexProvider[" + id + ", " + file + ", generation " + generation() + "]";
  }

  /** Configures an {@link OpenSslIndexProvider}; each call checks its argument. */
  public static final class Builder extends SnapshotSourceBuilder<Builder> {
    private final IssuerId issuer;
    private final Path file;

    private Builder(String id, IssuerId issuer, Path file) {
      super(id);
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      this.file = Objects.requireNonNull(file, "indexFile");
    }

    /**
     * Loads the index once, then reloads by interval and file events as configured. A first load
     * that fails does not fail the build: the provider answers Unavailable until a reload works.
     *
     * @return the provider
     */
    public OpenSslIndexProvider build() {
      return new OpenSslIndexProvider(this);
    }
  }
}
