package dev.certstatus.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * This project's own table: one row per issued certificate, keyed by serial and issuer key hash,
 * with validity, optional revocation time, reason and invalidity date, optional SHA-256
 * fingerprint, and {@code updated_at} for incremental sync. {@link TableMapping#certstatus()}
 * reads it.
 *
 * <p>The DDL ships as resources ({@code dev/certstatus/jdbc/schema-h2.sql},
 * {@code schema-postgresql.sql}, {@code schema-mariadb.sql}) for operators to review and apply
 * with their own migration tools. {@link #create} applies it when explicitly asked; nothing in
 * this module ever creates tables by itself.
 */
public final class JdbcSchema {

  /** The databases the shipped DDL is written for. */
  public enum Dialect {
    /** H2 2.x. */
    H2("h2"),
    /** PostgreSQL. */
    POSTGRESQL("postgresql"),
    /** MariaDB and MySQL (InnoDB). */
    MARIADB("mariadb");

    private final String resource;

    Dialect(String resource) {
      this.resource = resource;
    }

    /**
     * @param connection a connection to the database
     * @return its dialect, from the driver's product name
     * @throws SQLException if the metadata cannot be read
     * @throws IllegalArgumentException if the database is none of these
     */
    public static Dialect of(Connection connection) throws SQLException {
      String product = connection.getMetaData().getDatabaseProductName();
      String p = product.toLowerCase(Locale.ROOT);
      if (p.contains("h2")) {
        return H2;
      }
      if (p.contains("postgres")) {
        return POSTGRESQL;
      }
      if (p.contains("mariadb") || p.contains("mysql")) {
        return MARIADB;
      }
      throw new IllegalArgumentException("no certstatus DDL for database '" + product + "'");
    }
  }

  private JdbcSchema() {}

  /**
   * @param dialect the database
   * @return the DDL script, for table {@value TableMapping#DEFAULT_TABLE}
   */
  public static String ddl(Dialect dialect) {
    Objects.requireNonNull(dialect, "dialect");
    String name = "schema-" + dialect.resource + ".sql";
    try (InputStream in = JdbcSchema.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("DDL resource " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read DDL resource " + name, e);
    }
  }

  /**
   * @param dialect the database
   * @param table the table name (its index is named after it)
   * @return the DDL statements for a table of that name, without comments
   */
  public static List<String> statements(Dialect dialect, String table) {
    Identifiers.table("table", table);
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : ddl(dialect).split("\n")) {
      int comment = line.indexOf("--");
      String code = (comment >= 0 ? line.substring(0, comment) : line).stripTrailing();
      if (code.isBlank()) {
        continue;
      }
      current.append(code).append('\n');
      if (code.endsWith(";")) {
        String sql = current.substring(0, current.lastIndexOf(";"));
        String bare = table.substring(table.indexOf('.') + 1);
        out.add(sql.replace(TableMapping.DEFAULT_TABLE + "_updated", bare + "_updated")
            .replace(TableMapping.DEFAULT_TABLE + " ", table + " "));
        current.setLength(0);
      }
    }
    return out;
  }

  /**
   * Creates the table and its index. Call it from a setup step, never on every start.
   *
   * @param dataSource the database
   * @param table the table name, optionally {@code schema.table}
   * @throws SQLException if a statement fails (for example, the table exists)
   */
  public static void create(DataSource dataSource, String table) throws SQLException {
    Identifiers.table("table", table);
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      for (String sql : statements(Dialect.of(c), table)) {
        s.execute(sql);
      }
    }
  }
}
