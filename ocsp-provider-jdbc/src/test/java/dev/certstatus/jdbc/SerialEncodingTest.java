package dev.certstatus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.core.SerialNumber;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Serials read back from a real (H2) result set, in each encoding. */
class SerialEncodingTest {

  static SerialNumber read(SerialEncoding encoding, String text) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:");
        PreparedStatement ps = c.prepareStatement("SELECT CAST(? AS VARCHAR)")) {
      ps.setString(1, text);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return encoding.read(rs, 1);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
      "HEX, 0a, 10",
      "HEX, ff, 255",
      "HEX, 00ff, 255",
      "HEX, 7fffffffffffffffffffffffffffffffffffffff, 730750818665451459101842416358141509827966271487",
      "HEX, ffffffffffffffffffffffffffffffffffffffff, 1461501637330902918203684832716283019655932542975",
      "HEX, 1, 1",
      "HEX, -01, -1",
      "HEX, 0x0A, 10",
      "HEX_UPPER, 0A, 10",
      "HEX_UPPER, FF, 255",
      "DECIMAL, 255, 255",
      "DECIMAL, ' 42 ', 42",
      "DECIMAL, -7, -7"})
  void readsTheValue(SerialEncoding encoding, String text, String decimal) throws SQLException {
    assertThat(read(encoding, text)).isEqualTo(SerialNumber.of(new BigInteger(decimal)));
  }

  @ParameterizedTest
  @CsvSource({"HEX, 0", "HEX, 1", "HEX, ff", "HEX, -80", "HEX, 4000000000000000000000000000000001",
      "HEX_UPPER, abcdef", "DECIMAL, 1234", "DECIMAL, -1", "BYTES, 0", "BYTES, 80",
      "BYTES, -ff", "BYTES, 7fffffffffffffffffffffffffffffffffffffff"})
  void whatABindWritesReadsBackAsTheSameSerial(SerialEncoding encoding, String hex)
      throws SQLException {
    SerialNumber serial = SerialNumber.parseHex(hex);
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:");
        PreparedStatement ps = c.prepareStatement("SELECT ?")) {
      encoding.bind(ps, 1, serial);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(encoding.read(rs, 1)).isEqualTo(serial);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"HEX, 0g", "HEX, zz", "DECIMAL, 0x10", "DECIMAL, 12a"})
  void rejectsWhatIsNotASerial(SerialEncoding encoding, String text) {
    assertThatThrownBy(() -> read(encoding, text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text);
  }
}
