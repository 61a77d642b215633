package dev.certstatus.fs;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The reload settings every file source shares: clock, interval, file watching. Each call checks
 * its argument and names a bad value.
 *
 * @param <B> the concrete builder
 */
public abstract class FileSourceBuilder<B extends FileSourceBuilder<B>> {

  /** Default interval between reloads. */
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofMinutes(15);
  /** Default quiet period after a file change before reloading. */
  public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofSeconds(2);

  final String id;
  Clock clock = Clock.systemUTC();
  Duration reloadInterval = DEFAULT_RELOAD_INTERVAL;
  Duration quietPeriod = DEFAULT_QUIET_PERIOD;
  boolean watch = true;
  boolean schedule = true;

  FileSourceBuilder(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("provider id is blank");
    }
    this.id = id;
  }

  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }

  /**
   * @param clock the clock for load times and freshness (default: the system clock, UTC)
   * @return this builder
   */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /**
   * @param interval how often to reload (default {@link #DEFAULT_RELOAD_INTERVAL}); the Windows
   *     guidance for the CA's export is between 4 hours and the next CRL publication, and the
   *     reload should come well within that
   * @return this builder
   */
  public B reloadInterval(Duration interval) {
    this.reloadInterval = positive("reloadInterval", interval);
    return self();
  }

  /**
   * @param watch whether to reload on file-change events too (default true); network shares
   *     often send none, so the interval reload always runs
   * @return this builder
   */
  public B watch(boolean watch) {
    this.watch = watch;
    return self();
  }

  /**
   * @param quietPeriod how long after the last change event to reload (default
   *     {@link #DEFAULT_QUIET_PERIOD}), so that an export in progress is read once, at its end
   * @return this builder
   */
  public B quietPeriod(Duration quietPeriod) {
    this.quietPeriod = positive("quietPeriod", quietPeriod);
    return self();
  }

  /**
   * @param schedule whether to reload by itself (default true); false leaves reloading to
   *     explicit {@code reload()} calls, for callers with their own scheduler
   * @return this builder
   */
  public B scheduled(boolean schedule) {
    this.schedule = schedule;
    return self();
  }

  static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
    return value;
  }
}
