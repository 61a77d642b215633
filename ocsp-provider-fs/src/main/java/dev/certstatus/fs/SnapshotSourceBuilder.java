package dev.certstatus.fs;

import java.time.Duration;

/**
 * The settings of file sources that serve issued-serial snapshots: how long a snapshot stays
 * usable while reloads fail, and the shrink guard. Each call checks its argument.
 *
 * @param <B> the concrete builder
 */
public abstract class SnapshotSourceBuilder<B extends SnapshotSourceBuilder<B>>
    extends FileSourceBuilder<B> {

  /** Default maximum age of the data served: a day of failed reloads. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
  /** Default shrink guard: more than 10% fewer serials waits for confirmation. */
  public static final double DEFAULT_MAX_SHRINK = 0.10;

  Duration maxAge = DEFAULT_MAX_AGE;
  double maxShrink = DEFAULT_MAX_SHRINK;

  SnapshotSourceBuilder(String id) {
    super(id);
  }

  /**
   * @param maxAge how long data stays usable after it was loaded, while reloads fail (default
   *     {@link #DEFAULT_MAX_AGE}); past it the provider answers Unavailable
   * @return this builder
   */
  public B maxAge(Duration maxAge) {
    this.maxAge = positive("maxAge", maxAge);
    return self();
  }

  /**
   * @param fraction how much smaller (0 to 1) a newly read issued set may be than the one served
   *     before it is held back until a later read confirms it (default
   *     {@link #DEFAULT_MAX_SHRINK}); 1 turns the guard off
   * @return this builder
   */
  public B maxShrink(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("maxShrink must be between 0 and 1, not " + fraction);
    }
    this.maxShrink = fraction;
    return self();
  }
}
