package dev.certstatus.jdbc;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Checks the table and column names that configuration puts into SQL text. Only plain, unquoted
 * identifiers pass, so no configured name can change the meaning of a statement; values always go
 * through prepared-statement parameters.
 */
final class Identifiers {

  private static final String PART = "[A-Za-z_][A-Za-z0-9_]{0,62}";
  private static final Pattern COLUMN = Pattern.compile(PART);
  private static final Pattern TABLE = Pattern.compile(PART + "(\\." + PART + ")?");

  private Identifiers() {}

  /**
   * @param what what the name is for, such as {@code "serial column"}
   * @param name the configured name
   * @return the name
   * @throws IllegalArgumentException if it is not a plain identifier
   */
  static String column(String what, String name) {
    Objects.requireNonNull(name, what);
    if (!COLUMN.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " '" + name + "' is not a plain SQL identifier"
          + " (a letter or underscore, then letters, digits or underscores, at most 63)");
    }
    return name;
  }

  /**
   * @param what what the name is for
   * @param name the configured name, optionally qualified by a schema ({@code schema.table})
   * @return the name
   * @throws IllegalArgumentException if it is not a plain, optionally qualified identifier
   */
  static String table(String what, String name) {
    Objects.requireNonNull(name, what);
    if (!TABLE.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " '" + name + "' is not a plain SQL identifier"
          + " (letters, digits and underscores, optionally schema.table, at most 63 each)");
    }
    return name;
  }
}
