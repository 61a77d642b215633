package dev.certstatus.jdbc;

/** The provider contract on MariaDb. */
class MariaDbProviderTest extends JdbcProviderContract {
  @Override
  TestDatabase.Kind kind() {
    return TestDatabase.Kind.MARIADB;
  }
}
