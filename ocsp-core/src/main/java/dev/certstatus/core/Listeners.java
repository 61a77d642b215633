package dev.certstatus.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls decision listeners safely, and rate-limits warnings that repeat on every lookup. */
final class Listeners {

  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
  private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final ConcurrentHashMap<String, Long> LAST_WARNED = new ConcurrentHashMap<>();

  private Listeners() {}

  static void notify(DecisionListener[] listeners, Decision decision) {
    for (DecisionListener l : listeners) {
      try {
        l.onDecision(decision);
      } catch (RuntimeException e) {
        warn(LOG, "listener:" + l.getClass().getName(), "decision listener {} threw {}", l, e);
      }
    }
  }

  /** Logs at most once a minute per key: a broken source must not flood the log. */
  static void warn(Logger log, String key, String format, Object... args) {
    long now = System.nanoTime();
    Long last = LAST_WARNED.get(key);
    if (last == null || now - last >= WARN_INTERVAL_NANOS) {
      if (LAST_WARNED.size() > 10_000) {
        LAST_WARNED.clear(); // keys come from provider ids, but never let them grow unbounded
      }
      LAST_WARNED.put(key, now);
      log.warn(format, args);
    }
  }
}
