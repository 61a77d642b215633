package dev.certstatus.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.certstatus.core.HashAlgorithm;
import dev.certstatus.core.IssuerId;
import dev.certstatus.jdbc.JdbcSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A table of this project's schema on the PostgreSQL server on this machine (127.0.0.1:5432,
 * database {@code test}, user {@code postgres}), filled by the server itself, and dropped again.
 */
final class BenchDatabase implements AutoCloseable {

  final HikariDataSource dataSource;
  final String table;

  BenchDatabase(int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(System.getProperty("bench.jdbcUrl", "jdbc:postgresql://127.0.0.1:5432/test"));
    config.setUsername(System.getProperty("bench.user", "postgres"));
    config.setPassword(System.getProperty("bench.password", ""));
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(poolSize);
    this.dataSource = new HikariDataSource(config);
    this.table = "cs_bench_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8);
    try {
      JdbcSchema.create(dataSource, table);
    } catch (SQLException e) {
      dataSource.close();
      throw new IllegalStateException("cannot create " + table + " on " + config.getJdbcUrl()
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * Inserts rows {@code from..to-1} for the issuer: serial {@code i} is the 16-byte hex
   * {@link #serialHex(long)}, valid 2020-2040, with a fingerprint, changed at {@code i}.
   */
  void fill(IssuerId issuer, long from, long to) throws SQLException {
    String keyHash = HexFormat.of().formatHex(issuer.keyHash(HashAlgorithm.SHA256));
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO " + table + " (issuer_key_hash, serial, not_before, not_after,"
          + " cert_sha256, updated_at) SELECT '" + keyHash + "', " + serialSql("i")
          + ", 1577836800000, 2208988800000, md5(i::text) || md5((i + 1)::text), i"
          + " FROM generate_series(" + from + ", " + (to - 1) + ") AS i");
      s.execute("ANALYZE " + table);
    }
  }

  /** The serial of row {@code i} in SQL: '4' and 31 hex digits of md5, so 16 octets. */
  static String serialSql(String i) {
    return "'4' || substr(md5(" + i + "::text), 2, 31)";
  }

  /** The serial of row {@code i} as Java computes it: the same text as {@link #serialSql}. */
  static String serialHex(long i) {
    try {
      String md5 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
          .digest(Long.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      return "4" + md5.substring(1, 32);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JDK", e);
    }
  }

  void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() {
    try {
      execute("DROP TABLE IF EXISTS " + table);
    } catch (SQLException e) {
      System.err.println("could not drop " + table + ": " + e.getMessage());
    } finally {
      dataSource.close();
    }
  }
}
