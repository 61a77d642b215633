package dev.certstatus.jdbc;

/** The provider contract on Postgres. */
class PostgresProviderTest extends JdbcProviderContract {
  @Override
  TestDatabase.Kind kind() {
    return TestDatabase.Kind.POSTGRESQL;
  }
}
