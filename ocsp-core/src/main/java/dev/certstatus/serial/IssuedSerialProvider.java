package dev.certstatus.serial;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.RevocationProvider;
import dev.certstatus.core.Role;
import dev.certstatus.core.SourceState;
import dev.certstatus.core.StatusQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An issuance source that answers from an {@link IssuedSerialSnapshot} held in one volatile
 * reference: the building block of the file and database issued-serial providers, which build
 * snapshots off the lookup path and hand them to {@link #swap}.
 *
 * <p>Answers, for its issuer: {@code Issued} if the snapshot holds the serial, {@code NotIssued}
 * if not, {@code Unavailable} before the first snapshot and once the clock is past the snapshot's
 * {@code freshUntil} (to the millisecond); {@code NotCovered} for other issuers. Findings without
 * per-certificate details are built once per snapshot, so a lookup allocates nothing.
 *
 * <p>Shrink guard (DESIGN.md section 5): issued-serial sets only grow in normal operation, so a
 * snapshot with more than a configured fraction fewer serials than the one served (an export
 * half-way through re-creating its directory) is held back until the next snapshot confirms the
 * shrink, or until {@link #forceSwap} overrides it.
 *
 * <pre>{@code
 * IssuedSerialProvider issued = IssuedSerialProvider.builder("issued", IssuerId.of(caCert))
 *     .clock(clock)
 *     .build();
 * issued.swap(IssuedSerialSnapshot.of(SerialSet.of(serials),
 *     DataVersion.of("export of 2026-11-25", exportTime, exportTime.plus(Duration.ofHours(8)))));
 * }</pre>
 */
public final class IssuedSerialProvider implements RevocationProvider {

  private static final Logger LOG = LoggerFactory.getLogger(IssuedSerialProvider.class);

  /** What {@link #swap} did with a snapshot. */
  public enum SwapResult {
    /** The snapshot is now served. */
    SWAPPED,
    /** The snapshot shrinks the set too much; it waits for confirmation by the next one. */
    HELD_BACK
  }

  /** A snapshot with its findings, built once, swapped as one reference. */
  private static final class Served {
    final IssuedSerialSnapshot snapshot;
    final SerialSet serials;
    final boolean details;
    final long generation;
    final long freshUntilMillis;
    final Finding issued;
    final Finding notIssued;
    final Finding notCovered;
    final Finding stale;

    Served(String id, IssuedSerialSnapshot snapshot, long generation) {
      DataVersion v = snapshot.version();
      this.snapshot = snapshot;
      this.serials = snapshot.serials().serials();
      this.details = snapshot.serials().hasDetailColumns();
      this.generation = generation;
      this.freshUntilMillis = v.freshUntil().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
      this.issued = new Finding.Issued(id, v, Optional.empty(), Optional.empty());
      this.notIssued = new Finding.NotIssued(id, v);
      this.notCovered = new Finding.NotCovered(id, v, Role.ISSUANCE);
      this.stale = new Finding.Unavailable(id, v, Role.ISSUANCE, "issued-serial data '"
          + v.label() + "' is stale: it was fresh until " + v.freshUntil().orElse(Instant.MAX));
    }
  }

  private final String id;
  private final IssuerId issuer;
  private final Clock clock;
  private final double maxShrink;
  private final Finding noData;
  private final Finding noDataNotCovered;

  private volatile Served served;
  private IssuedSerialSnapshot heldBack;
  private long generation;
  private volatile long failedReloads;
  private volatile String lastFailure;

  private IssuedSerialProvider(Builder b) {
    this.id = b.id;
    this.issuer = b.issuer;
    this.clock = b.clock;
    this.maxShrink = b.maxShrink;
    this.noData = new Finding.Unavailable(id, DataVersion.NONE, Role.ISSUANCE,
        "no issued-serial data loaded yet");
    this.noDataNotCovered = new Finding.NotCovered(id, DataVersion.NONE, Role.ISSUANCE);
  }

  /**
   * @param id the provider id
   * @param issuer the CA whose serials the snapshots hold; other issuers are not covered
   * @return a builder
   */
  public static Builder builder(String id, IssuerId issuer) {
    return new Builder(id, issuer);
  }

  /**
   * Offers the next snapshot. It is served from the next lookup on, unless it has more than the
   * configured fraction fewer serials than the one served: then it is held back, and served
   * only if the next snapshot offered has the same number of serials (the shrink is confirmed
   * by two loads that agree; an export script caught half-way twice gives two different partial
   * sets, which confirm nothing). A held-back snapshot counts as a failed reload in
   * {@link #state()}.
   *
   * @param next the snapshot
   * @return whether it is served now
   */
  public synchronized SwapResult swap(IssuedSerialSnapshot next) {
    Objects.requireNonNull(next, "next");
    Served current = served;
    if (wouldHoldBack(next)) {
      heldBack = next;
      String why = "held back issued-serial data '" + next.version().label() + "' with "
          + next.size() + " serials: the served data has " + current.snapshot.size()
          + ", more than " + Math.round(maxShrink * 100) + "% fewer needs confirmation by the"
          + " next load or an explicit override";
      LOG.warn("provider {}: {}", id, why);
      failedReloads++;
      lastFailure = why;
      return SwapResult.HELD_BACK;
    }
    if (current != null && shrinksTooMuch(current.snapshot.size(), next.size())) {
      LOG.warn("provider {}: serving issued-serial data '{}' with {} serials (was {}): the"
          + " shrink is confirmed by a second load", id, next.version().label(), next.size(),
          current.snapshot.size());
    }
    install(next);
    return SwapResult.SWAPPED;
  }

  /**
   * Whether {@link #swap} would hold this snapshot back, for sources that must keep other data
   * (such as revocations read from the same file) in step with it.
   *
   * @param next the snapshot that would be offered
   * @return true if it shrinks the served set too much and does not confirm a held-back one
   */
  public synchronized boolean wouldHoldBack(IssuedSerialSnapshot next) {
    Served current = served;
    return current != null && shrinksTooMuch(current.snapshot.size(), next.size())
        && (heldBack == null || heldBack.size() != next.size());
  }

  /**
   * Serves a snapshot whatever its size: the operator's override of the shrink guard.
   *
   * @param next the snapshot
   */
  public synchronized void forceSwap(IssuedSerialSnapshot next) {
    Objects.requireNonNull(next, "next");
    install(next);
  }

  private void install(IssuedSerialSnapshot next) {
    heldBack = null;
    generation++;
    served = new Served(id, next, generation);
  }

  private boolean shrinksTooMuch(int from, int to) {
    return to < from * (1 - maxShrink);
  }

  /**
   * Records a reload that failed: the snapshot served stays, and {@link #state()} reports the
   * failure.
   *
   * @param cause what went wrong, in words for an operator
   */
  public synchronized void reloadFailed(String cause) {
    Objects.requireNonNull(cause, "cause");
    failedReloads++;
    lastFailure = cause;
  }

  /** @return the snapshot served, if any was loaded */
  public Optional<IssuedSerialSnapshot> snapshot() {
    Served s = served;
    return s == null ? Optional.empty() : Optional.of(s.snapshot);
  }

  /** @return the snapshot the shrink guard holds back, if any */
  public synchronized Optional<IssuedSerialSnapshot> heldBack() {
    return Optional.ofNullable(heldBack);
  }

  /** @return the CA this provider speaks for */
  public IssuerId issuer() {
    return issuer;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Set<Role> roles() {
    return Set.of(Role.ISSUANCE);
  }

  @Override
  public Finding find(Role role, StatusQuery query) {
    Served s = served;
    if (role != Role.ISSUANCE) {
      return new Finding.NotCovered(id, s == null ? DataVersion.NONE : s.snapshot.version(), role);
    }
    if (s == null) {
      return issuer.equals(query.issuer()) ? noData : noDataNotCovered;
    }
    if (!issuer.equals(query.issuer())) {
      return s.notCovered;
    }
    if (clock.millis() > s.freshUntilMillis) {
      return s.stale;
    }
    if (!s.details) {
      // Only serials recorded: a membership test, without the rank that indexOf reads from
      // the set's occupancy bitmap (another memory access per lookup).
      return s.serials.contains(query.serial()) ? s.issued : s.notIssued;
    }
    int index = s.serials.indexOf(query.serial());
    if (index < 0) {
      return s.notIssued;
    }
    IssuedSerialSet set = s.snapshot.serials();
    if (!set.hasDetails(index)) {
      return s.issued;
    }
    return new Finding.Issued(id, s.snapshot.version(), set.validity(index),
        set.certificateHash(index));
  }

  @Override
  public long generation() {
    Served s = served;
    return s == null ? 0 : s.generation;
  }

  @Override
  public SourceState state() {
    Served s = served;
    return new SourceState(s == null ? Optional.empty() : Optional.of(s.snapshot.version()),
        s == null ? 0 : s.generation, failedReloads, Optional.ofNullable(lastFailure));
  }

  @Override
  public String toString() {
    Served s = served;
    return "IssuedSerialProvider[" + id + ", " + (s == null ? "no data" : s.snapshot.size()
        + " serials, generation " + s.generation) + "]";
  }

  /** Configures an {@link IssuedSerialProvider}; each call checks its argument. */
  public static final class Builder {
    private final String id;
    private final IssuerId issuer;
    private Clock clock = Clock.systemUTC();
    private double maxShrink = 0.2;

    private Builder(String id, IssuerId issuer) {
      Objects.requireNonNull(id, "id");
      if (id.isBlank()) {
        throw new IllegalArgumentException("provider id is blank");
      }
      this.id = id;
      this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /**
     * @param clock the clock that decides freshness (default: the system clock, UTC)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param fraction how much smaller (0 to 1) a new snapshot may be than the served one
     *     before it is held back for confirmation (default 0.2); 1 turns the guard off
     * @return this builder
     */
    public Builder maxShrink(double fraction) {
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("maxShrink must be between 0 and 1, not " + fraction);
      }
      this.maxShrink = fraction;
      return this;
    }

    /** @return the provider, serving no data until the first {@link #swap} */
    public IssuedSerialProvider build() {
      return new IssuedSerialProvider(this);
    }
  }
}
