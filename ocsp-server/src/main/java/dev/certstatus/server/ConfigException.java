package dev.certstatus.server;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A configuration or usage error: names the file (when there is one), the key path or flag, and
 * the bad value, so that the operator can fix it without a stack trace. Exit code 1.
 */
final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ConfigException(Optional<Path> file, String where, Object value, String why) {
    super(file.map(f -> f + ": ").orElse("") + where + ": " + why
        + (value == null ? "" : " (got '" + printable(value) + "')"));
  }

  ConfigException(String message) {
    super(message);
  }

  /** A flag's bad value, as picocli would report a usage error. */
  static ConfigException flag(String flag, Object value, String why) {
    return new ConfigException(Optional.empty(), flag, value, why);
  }

  private static String printable(Object value) {
    String s = String.valueOf(value);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
