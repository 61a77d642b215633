package dev.certstatus.fs;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * Logs reload failures once: the first failure, and each change of cause, at warn; a repeat of
 * the same cause at debug; the recovery at info. A share that is down for a day must not write a
 * warning every fifteen minutes.
 */
final class Reloads {

  private final Logger log;
  private final String id;
  private String lastFailure;

  Reloads(Logger log, String id) {
    this.log = log;
    this.id = id;
  }

  synchronized void failed(String cause) {
    if (Objects.equals(cause, lastFailure)) {
      log.debug("provider {}: {} (again)", id, cause);
    } else {
      log.warn("provider {}: {}; the last good data, if any, is still served", id, cause);
      lastFailure = cause;
    }
  }

  synchronized void succeeded(String what) {
    if (lastFailure != null) {
      log.info("provider {}: reloaded after failures: {}", id, what);
      lastFailure = null;
    } else {
      log.debug("provider {}: reloaded {}", id, what);
    }
  }

  /** An I/O failure in words: the JDK's NoSuchFileException message is only the path. */
  static String describe(Exception e) {
    if (e instanceof NoSuchFileException && ((NoSuchFileException) e).getReason() == null) {
      return "missing: " + e.getMessage();
    }
    if (e instanceof IOException && e.getMessage() != null) {
      return e.getMessage();
    }
    return e.toString();
  }
}
