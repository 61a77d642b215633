package dev.certstatus.ocsp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves, or one that fails, to provoke an internal error. */
final class SettableClock extends Clock {
  private Instant now;
  private final String failure;

  private SettableClock(Instant start, String failure) {
    this.now = start;
    this.failure = failure;
  }

  static SettableClock at(Instant start) {
    return new SettableClock(start, null);
  }

  /** A clock whose every reading throws an IllegalStateException with this message. */
  static SettableClock failing(String message) {
    return new SettableClock(Instant.EPOCH, message);
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  void set(Instant instant) {
    now = instant;
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
