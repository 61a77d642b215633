package dev.certstatus.server;

import dev.certstatus.jdbc.TableMapping;
import java.util.Optional;

/** The table layouts named by {@code preset} in the configuration and {@code --jdbc-preset}. */
final class JdbcPresets {

  private JdbcPresets() {}

  /**
   * @param preset {@code default} (this project's schema) or {@code ejbca}
   * @param table the table, when not the preset's
   * @return the preset's mapping
   * @throws IllegalArgumentException for another preset, or a table name that is not a plain SQL
   *     identifier
   */
  static TableMapping mapping(String preset, Optional<String> table) {
    switch (preset) {
      case "default":
        return table.map(TableMapping::certstatus).orElse(TableMapping.certstatus());
      case "ejbca":
        return table.map(TableMapping::ejbca).orElse(TableMapping.ejbca());
      default:
        throw new IllegalArgumentException("unknown preset '" + preset
            + "'; expected default or ejbca");
    }
  }
}
