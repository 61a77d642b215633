package dev.certstatus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.core.HashAlgorithm;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.math.BigInteger;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading the serials one CA issued from a table that holds the rows of two CAs (H2). */
class JdbcSerialExportTest {

  private static final BigInteger HIGH_BIT = new BigInteger("8f00aa", 16);

  private TestDatabase db;
  private TestCa ca;
  private TestCa otherCa;

  @BeforeEach
  void setUp() {
    db = TestDatabase.open(TestDatabase.Kind.H2);
    TestPki pki = TestPki.withSeed(11);
    ca = pki.rootCa("CN=Export CA,O=certstatus,C=DE").build();
    otherCa = pki.rootCa("CN=Other Export CA,O=certstatus,C=DE").build();
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private List<SerialNumber> read(TableMapping mapping, TestCa which) throws SQLException {
    List<SerialNumber> out = new ArrayList<>();
    long n = JdbcSerialExport.issuedSerials(db.dataSource(), mapping, which.certificate(),
        out::add);
    assertThat(n).isEqualTo(out.size());
    return out;
  }

  private void insertHex(String table, TestCa by, String serialText) {
    db.update("INSERT INTO " + table + " (issuer_key_hash, serial, not_before, not_after,"
        + " revocation_time, updated_at) VALUES (?, ?, 0, 1, ?, 0)",
        HexFormat.of().formatHex(IssuerId.of(by.certificate()).keyHash(HashAlgorithm.SHA256)),
        serialText, serialText.startsWith("0a") ? 5L : null);
  }

  @Test
  void hexPresetGivesOnlyThisCasSerialsRevokedOnesIncluded() throws SQLException {
    String table = db.newTable("export");
    JdbcSchema.create(db.dataSource(), table);
    insertHex(table, ca, "01");
    insertHex(table, ca, "0a0b"); // revoked: still issued
    insertHex(table, ca, "8f00aa"); // high bit set: the magnitude, not a negative number
    insertHex(table, otherCa, "02");
    insertHex(table, otherCa, "03");

    assertThat(read(TableMapping.certstatus(table), ca)).containsExactlyInAnyOrder(
        SerialNumber.of(BigInteger.ONE), SerialNumber.of(BigInteger.valueOf(0x0a0b)),
        SerialNumber.of(HIGH_BIT));
    assertThat(read(TableMapping.certstatus(table), otherCa)).containsExactlyInAnyOrder(
        SerialNumber.of(BigInteger.TWO), SerialNumber.of(BigInteger.valueOf(3)));
  }

  @Test
  void ejbcaPresetReadsDecimalSerialsMatchedByIssuerDn() throws SQLException {
    String table = db.newTable("ejbca");
    EjbcaTable.create(db, table);
    IssuedCert mine = ca.issue("CN=mine").serial(HIGH_BIT).build();
    IssuedCert revoked = ca.issue("CN=revoked").serial(12345).build();
    IssuedCert theirs = otherCa.issue("CN=theirs").serial(777).build();
    String dn = "CN=Export CA,O=certstatus,C=DE";
    EjbcaTable.insert(db, table, mine.certificate(), ca.certificate(), dn, 20, -1, -1, 1);
    EjbcaTable.insert(db, table, revoked.certificate(), ca.certificate(), dn, 40, 5, 1, 1);
    EjbcaTable.insert(db, table, theirs.certificate(), otherCa.certificate(),
        "CN=Other Export CA,O=certstatus,C=DE", 20, -1, -1, 1);

    assertThat(read(TableMapping.ejbca(table), ca)).containsExactlyInAnyOrder(
        SerialNumber.of(HIGH_BIT), SerialNumber.of(BigInteger.valueOf(12345)));
  }

  @Test
  void anUnreadableSerialOfThisCaFailsTheReadButOneOfAnotherCaDoesNot() throws SQLException {
    String table = db.newTable("bad");
    JdbcSchema.create(db.dataSource(), table);
    insertHex(table, ca, "01");
    insertHex(table, otherCa, "zz");
    assertThat(read(TableMapping.certstatus(table), ca))
        .containsExactly(SerialNumber.of(BigInteger.ONE));

    insertHex(table, ca, "not hex");
    assertThatThrownBy(() -> read(TableMapping.certstatus(table), ca))
        .isInstanceOf(SQLDataException.class).hasMessageContaining(table)
        .hasMessageContaining("CN=Export CA");
  }

  @Test
  void aMissingTableIsAnSqlException() {
    assertThatThrownBy(() -> read(TableMapping.certstatus("no_such_table"), ca))
        .isInstanceOf(SQLException.class);
  }
}
