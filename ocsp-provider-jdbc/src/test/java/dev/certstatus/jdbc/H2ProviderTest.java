package dev.certstatus.jdbc;

/** The provider contract on H2. */
class H2ProviderTest extends JdbcProviderContract {
  @Override
  TestDatabase.Kind kind() {
    return TestDatabase.Kind.H2;
  }
}
