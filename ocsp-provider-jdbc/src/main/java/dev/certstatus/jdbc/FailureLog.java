package dev.certstatus.jdbc;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * Counts failures and logs the first of a run as a warning (without a stack trace: a database
 * outage is an expected condition), the rest at debug level, and the recovery once.
 */
final class FailureLog {

  private final Logger log;
  private final String what;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicReference<String> last = new AtomicReference<>();
  private volatile boolean failing;

  FailureLog(Logger log, String what) {
    this.log = log;
    this.what = what;
  }

  void failed(String why) {
    failures.incrementAndGet();
    last.set(why);
    if (!failing) {
      failing = true;
      log.warn("{}: {}; answering Unavailable until it works again", what, why);
    } else {
      log.debug("{}: {}", what, why);
    }
  }

  void succeeded() {
    if (failing) {
      failing = false;
      log.info("{}: works again", what);
    }
  }

  long count() {
    return failures.get();
  }

  Optional<String> lastFailure() {
    return Optional.ofNullable(last.get());
  }
}
