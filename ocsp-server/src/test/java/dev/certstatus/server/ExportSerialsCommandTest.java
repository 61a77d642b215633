package dev.certstatus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certstatus.core.HashAlgorithm;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.jdbc.JdbcSchema;
import dev.certstatus.jdbc.TableMapping;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.TestCa;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export-serials}: an atomic issued-serial directory that {@code check} then reads. */
class ExportSerialsCommandTest {

  @TempDir
  Path dir;

  @Test
  void exportsFromAnIndexAndFromCertificatesAndCheckReadsTheResult() throws Exception {
    TestCaFiles pki = new TestCaFiles(dir, 3);
    Path link = dir.resolve("exported");
    CheckCommandTest.Run r = CheckCommandTest.run("export-serials", "--from-index",
        pki.path("index.txt").toString(), "--to", link.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("exported " + pki.ca.issuedSerials().size() + " serials");
    assertThat(Files.isSymbolicLink(link)).isTrue();

    Map<String, Object> good = CheckCommandTest.run("check", "--issuer",
        pki.path("ca.pem").toString(), "--cert", pki.path("good.pem").toString(), "--crl",
        pki.path("ca.crl").toString(), "--serial-dir", link.toString(), "--json").json();
    assertThat(good).containsEntry("status", "GOOD");
    Map<String, Object> forged = CheckCommandTest.run("check", "--issuer",
        pki.path("ca.pem").toString(), "--cert", pki.path("forged.pem").toString(), "--crl",
        pki.path("ca.crl").toString(), "--serial-dir", link.toString(), "--json").json();
    assertThat(forged).containsEntry("status", "UNKNOWN").containsEntry("reason", "NOT_ISSUED");

    Path certs = Files.createDirectories(dir.resolve("certs"));
    Files.copy(pki.path("good.pem"), certs.resolve("good.pem"));
    CheckCommandTest.Run fromCerts = CheckCommandTest.run("export-serials", "--from-certs",
        certs.toString(), "--to", link.toString());
    assertThat(fromCerts.code()).as(fromCerts.err()).isZero();
    assertThat(fromCerts.out()).startsWith("exported 1 serials");
  }

  @Test
  void aRealFolderAsTargetOrAMissingSourceIsAUsageError() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path index = Files.writeString(dir.resolve("index.txt"), "");
    CheckCommandTest.Run r = CheckCommandTest.run("export-serials", "--from-index",
        index.toString(), "--to", real.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("--to", "real folder");
    CheckCommandTest.Run missing = CheckCommandTest.run("export-serials", "--from-index",
        dir.resolve("nowhere.txt").toString(), "--to", dir.resolve("x").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("--from-index", "nowhere.txt");
    Path bad = Files.writeString(dir.resolve("bad-index.txt"), "garbage line\n");
    CheckCommandTest.Run malformed = CheckCommandTest.run("export-serials", "--from-index",
        bad.toString(), "--to", dir.resolve("y").toString());
    assertThat(malformed.code()).isEqualTo(2);
    assertThat(malformed.err()).contains("bad-index.txt");
  }

  @Test
  void exportsOneCasRowsFromADatabaseTable() throws Exception {
    TestCaFiles pki = new TestCaFiles(dir, 4);
    String url = "jdbc:h2:" + dir.resolve("certs").toAbsolutePath();
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(url);
    h2.setUser("sa");
    h2.setPassword("secret");
    JdbcSchema.create(h2, TableMapping.DEFAULT_TABLE);
    try (Connection c = h2.getConnection()) {
      for (IssuedCert cert : new IssuedCert[] {pki.good, pki.revoked, pki.signer}) {
        insert(c, pki.ca, cert.certificate(), cert == pki.revoked);
      }
      insert(c, pki.otherCa, pki.stranger.certificate(), false);
    }
    Path link = dir.resolve("exported");

    CheckCommandTest.Run r = CheckCommandTest.run("export-serials", "--from-jdbc", url,
        "--jdbc-user", "sa", "--jdbc-password", "secret", "--issuer",
        pki.path("ca.pem").toString(), "--to", link.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("exported 3 serials");
    Set<String> expected = Stream.of(pki.good, pki.revoked, pki.signer)
        .map(c -> hexName(c.serial())).collect(Collectors.toSet());
    try (Stream<Path> files = Files.list(link)) {
      assertThat(files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()))
          .isEqualTo(union(expected, ".export-complete"));
    }
    for (String serial : expected) {
      assertThat(Files.size(link.resolve(serial))).isZero();
    }
    Map<String, Object> good = CheckCommandTest.run("check", "--issuer",
        pki.path("ca.pem").toString(), "--cert", pki.path("good.pem").toString(), "--crl",
        pki.path("ca.crl").toString(), "--serial-dir", link.toString(), "--json").json();
    assertThat(good).containsEntry("status", "GOOD");
  }

  @Test
  void fromJdbcNamesTheBadFlagOrTheUnreadableTable() throws Exception {
    TestCaFiles pki = new TestCaFiles(dir, 5);
    String url = "jdbc:h2:" + dir.resolve("empty").toAbsolutePath();
    Path to = dir.resolve("out");

    CheckCommandTest.Run noIssuer = CheckCommandTest.run("export-serials", "--from-jdbc", url,
        "--to", to.toString());
    assertThat(noIssuer.code()).isEqualTo(1);
    assertThat(noIssuer.err()).contains("--issuer");

    CheckCommandTest.Run badPreset = CheckCommandTest.run("export-serials", "--from-jdbc", url,
        "--issuer", pki.path("ca.pem").toString(), "--jdbc-preset", "oracle", "--to",
        to.toString());
    assertThat(badPreset.code()).isEqualTo(1);
    assertThat(badPreset.err()).contains("--jdbc-preset", "oracle");

    CheckCommandTest.Run notJdbc = CheckCommandTest.run("export-serials", "--from-jdbc",
        "postgres://x", "--issuer", pki.path("ca.pem").toString(), "--to", to.toString());
    assertThat(notJdbc.code()).isEqualTo(1);
    assertThat(notJdbc.err()).contains("--from-jdbc");

    CheckCommandTest.Run two = CheckCommandTest.run("export-serials", "--from-jdbc", url,
        "--from-index", pki.path("index.txt").toString(), "--issuer",
        pki.path("ca.pem").toString(), "--to", to.toString());
    assertThat(two.code()).isEqualTo(1);
    assertThat(two.err()).contains("--from-jdbc", "--from-index");

    CheckCommandTest.Run issuerWithIndex = CheckCommandTest.run("export-serials",
        "--from-index", pki.path("index.txt").toString(), "--issuer",
        pki.path("ca.pem").toString(), "--to", to.toString());
    assertThat(issuerWithIndex.code()).isEqualTo(1);
    assertThat(issuerWithIndex.err()).contains("--issuer", "only with --from-jdbc");

    CheckCommandTest.Run noTable = CheckCommandTest.run("export-serials", "--from-jdbc", url,
        "--issuer", pki.path("ca.pem").toString(), "--to", to.toString());
    assertThat(noTable.code()).as(noTable.err()).isEqualTo(2);
    assertThat(noTable.err()).contains("--from-jdbc", TableMapping.DEFAULT_TABLE);
    assertThat(Files.exists(to, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  private static void insert(Connection c, TestCa ca, X509Certificate cert, boolean revoked)
      throws Exception {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TableMapping.DEFAULT_TABLE
        + " (issuer_key_hash, serial, not_before, not_after, revocation_time, updated_at)"
        + " VALUES (?, ?, ?, ?, ?, 0)")) {
      ps.setString(1, HexFormat.of().formatHex(IssuerId.of(ca.certificate())
          .keyHash(HashAlgorithm.SHA256)));
      ps.setString(2, SerialNumber.of(cert.getSerialNumber()).toHex());
      ps.setLong(3, cert.getNotBefore().getTime());
      ps.setLong(4, cert.getNotAfter().getTime());
      ps.setObject(5, revoked ? cert.getNotBefore().getTime() : null);
      ps.executeUpdate();
    }
  }

  private static String hexName(BigInteger serial) {
    return SerialNumber.of(serial).toHex().toUpperCase(Locale.ROOT);
  }

  private static Set<String> union(Set<String> a, String b) {
    return Stream.concat(a.stream(), Stream.of(b)).collect(Collectors.toSet());
  }
}
