package dev.certstatus.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.certstatus.testkit.TestEnvironment;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real database for the tests: embedded H2, or the PostgreSQL and MariaDB servers on this
 * machine. Tables get unique names so that parallel runs do not collide, and are dropped on
 * close. A server that cannot be reached skips the tests with a message, or fails them when
 * CI=true.
 */
final class TestDatabase implements AutoCloseable {

  enum Kind {
    H2("H2 (embedded)", "jdbc:h2:mem:certstatus_%s;DB_CLOSE_DELAY=-1", "sa", "", 0),
    POSTGRESQL("PostgreSQL at 127.0.0.1:5432", "jdbc:postgresql://127.0.0.1:%d/test",
        "postgres", "", 5432),
    MARIADB("MariaDB at 127.0.0.1:3306", "jdbc:mariadb://127.0.0.1:%d/test", "root", "", 3306);

    final String description;
    final String urlPattern;
    final String user;
    final String password;
    final int port;

    Kind(String description, String urlPattern, String user, String password, int port) {
      this.description = description;
      this.urlPattern = urlPattern;
      this.user = user;
      this.password = password;
      this.port = port;
    }

    /** @return the JDBC URL, for a server through another port (a proxy) */
    String url(int viaPort) {
      return this == H2 ? String.format(urlPattern, randomHex()) : String.format(urlPattern,
          viaPort);
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  final Kind kind;
  private final HikariDataSource dataSource;
  private final List<String> tables = new ArrayList<>();

  private TestDatabase(Kind kind, HikariDataSource dataSource) {
    this.kind = kind;
    this.dataSource = dataSource;
  }

  /** Opens the database, or skips (fails on CI) when its server is not there. */
  static TestDatabase open(Kind kind) {
    String url = kind.url(kind.port);
    if (kind != Kind.H2) {
      DriverManager.setLoginTimeout(3);
      try (Connection c = DriverManager.getConnection(url, kind.user, kind.password)) {
        c.isValid(3);
      } catch (SQLException e) {
        String message = kind.description + " is not reachable (" + e.getMessage() + ")";
        if (TestEnvironment.isCi()) {
          fail(message + "; CI=true, so this fails instead of skipping");
        }
        Assumptions.abort(message + "; skipping its tests (they fail when CI=true)");
      }
    }
    return new TestDatabase(kind, pool(kind, url));
  }

  /** A pool that reaches the same server through another port, such as a {@link TcpProxy}. */
  HikariDataSource poolVia(int port) {
    return pool(kind, kind.url(port));
  }

  private static HikariDataSource pool(Kind kind, String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(kind.user);
    config.setPassword(kind.password);
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(0);
    // Outage tests want a borrow to fail within seconds, not wait out Hikari's 30 s default.
    config.setConnectionTimeout(3_000);
    config.setValidationTimeout(250);
    config.setInitializationFailTimeout(-1);
    config.setPoolName("test-" + kind.name().toLowerCase() + "-" + randomHex());
    return new HikariDataSource(config);
  }

  HikariDataSource dataSource() {
    return dataSource;
  }

  /** @return a fresh table name, dropped on {@link #close()} */
  String newTable(String prefix) {
    String name = "cs_" + prefix + "_" + randomHex();
    tables.add(name);
    return name;
  }

  void update(String sql, Object... parameters) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        ps.setObject(i + 1, parameters[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
    }
  }

  void execute(String sql) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
    }
  }

  private static String randomHex() {
    byte[] b = new byte[5];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    try {
      for (String t : tables) {
        execute("DROP TABLE IF EXISTS " + t);
      }
    } finally {
      dataSource.close();
    }
  }
}
