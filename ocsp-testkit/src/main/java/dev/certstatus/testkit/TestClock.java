package dev.certstatus.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that tests move by hand, or one that fails on every reading (to provoke an internal
 * error). Reads and moves are safe across threads. The library takes every time from an injected
 * {@link Clock}, so this is how tests reach staleness, expiry and reload deadlines.
 */
public final class TestClock extends Clock {

  private volatile Instant now;
  private final String failure;

  private TestClock(Instant start, String failure) {
    this.now = start;
    this.failure = failure;
  }

  /**
   * @param start the first reading
   * @return a clock that reads {@code start} until moved
   */
  public static TestClock at(Instant start) {
    return new TestClock(Objects.requireNonNull(start, "start"), null);
  }

  /**
   * @param message the message of the exception every reading throws
   * @return a clock whose every reading throws an {@link IllegalStateException}
   */
  public static TestClock failing(String message) {
    return new TestClock(Instant.EPOCH, Objects.requireNonNull(message, "message"));
  }

  /** @param instant the next reading */
  public void set(Instant instant) {
    now = Objects.requireNonNull(instant, "instant");
  }

  /** @param duration how far to move the clock (may be negative) */
  public synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
    return now;
  }
}
