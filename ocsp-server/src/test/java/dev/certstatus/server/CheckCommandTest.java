package dev.certstatus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certstatus.core.HashAlgorithm;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.jdbc.JdbcSchema;
import dev.certstatus.testkit.IssuedCert;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} and {@code explain} for each source kind, their JSON contract and exit codes. */
class CheckCommandTest {

  @TempDir
  static Path dir;

  private static TestCaFiles pki;
  private static String jdbcUrl;
  private static Connection keepAlive;

  /** What one run printed, and its exit code. */
  record Run(int code, String out, String err) {
    Map<String, Object> json() {
      assertThat(out.strip()).doesNotContain("\n");
      return MiniJson.object(out);
    }
  }

  @BeforeAll
  static void files() throws Exception {
    pki = new TestCaFiles(dir, 7);
    jdbcUrl = "jdbc:h2:mem:check-test;DB_CLOSE_DELAY=-1";
    keepAlive = DriverManager.getConnection(jdbcUrl);
    for (String sql : JdbcSchema.statements(JdbcSchema.Dialect.H2, "certstatus_certificate")) {
      keepAlive.createStatement().execute(sql);
    }
    String issuer = HexFormat.of().formatHex(IssuerId.of(pki.ca.certificate())
        .keyHash(HashAlgorithm.SHA256));
    try (PreparedStatement ps = keepAlive.prepareStatement("INSERT INTO certstatus_certificate"
        + " (issuer_key_hash, serial, not_before, not_after, revocation_time, revocation_reason,"
        + " cert_sha256, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1)")) {
      for (IssuedCert c : List.of(pki.good, pki.revoked, pki.signer)) {
        ps.setString(1, issuer);
        ps.setString(2, SerialNumber.of(c.serial()).toHex());
        ps.setLong(3, c.certificate().getNotBefore().getTime());
        ps.setLong(4, c.certificate().getNotAfter().getTime());
        if (c == pki.revoked) {
          ps.setLong(5, pki.revokedAt.toEpochMilli());
          ps.setInt(6, 1);
        } else {
          ps.setNull(5, java.sql.Types.BIGINT);
          ps.setNull(6, java.sql.Types.INTEGER);
        }
        ps.setString(7, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest(c.certificate().getEncoded())));
        ps.executeUpdate();
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), k -> null, args);
    return new Run(code, out.toString(), err.toString());
  }

  private Run check(List<String> sources, String certFile, String... more) {
    List<String> args = new ArrayList<>(List.of("check", "--issuer", pki.path("ca.pem")
        .toString(), "--cert", pki.path(certFile).toString(), "--json"));
    args.addAll(sources);
    args.addAll(List.of(more));
    return run(args.toArray(new String[0]));
  }

  private void contract(List<String> sources, String issuanceProvider) {
    Map<String, Object> good = check(sources, "good.pem").json();
    assertThat(good).containsEntry("status", "GOOD").containsEntry("reason", null)
        .containsEntry("revocationTime", null).containsEntry("rule", "ISSUED")
        .containsEntry("serial", SerialNumber.of(pki.good.serial()).toHex());
    assertThat(good.get("findings")).asList().isNotEmpty();

    Map<String, Object> revoked = check(sources, "revoked.pem").json();
    assertThat(revoked).containsEntry("status", "REVOKED")
        .containsEntry("reason", "keyCompromise").containsEntry("rule", "REVOKED")
        .containsEntry("revocationTime", pki.revokedAt.toString());

    Run forged = check(sources, "forged.pem");
    assertThat(forged.code()).isZero();
    Map<String, Object> f = forged.json();
    assertThat(f).containsEntry("status", "UNKNOWN").containsEntry("reason", "NOT_ISSUED")
        .containsEntry("rule", "NOT_ISSUED").containsEntry("revocationTime", null);
    assertThat(f.get("findings")).asList().anySatisfy(x -> assertThat(map(x))
        .containsEntry("provider", issuanceProvider).containsEntry("finding", "notIssued"));

    Map<String, Object> nonIssuedRevoked = check(sources, "forged.pem", "--non-issued",
        "revoked").json();
    assertThat(nonIssuedRevoked).containsEntry("status", "REVOKED")
        .containsEntry("reason", "certificateHold")
        .containsEntry("revocationTime", "1970-01-01T00:00:00Z").containsEntry("nonIssued", true);
  }

  @Test
  void crlAndIssuedSerialDirectory() {
    contract(List.of("--crl", pki.path("ca.crl").toString(), "--serial-dir",
        pki.path("serials").toString()), "serial-dirs");
  }

  @Test
  void crlAndSerialList() {
    contract(List.of("--crl", pki.path("ca.crl").toString(), "--serial-list",
        pki.path("serials.txt").toString()), "serial-list");
  }

  @Test
  void openSslIndexAlone() {
    List<String> index = List.of("--index", pki.path("index.txt").toString());
    contract(index, "index");
    // index.txt records the expiry only: no made-up notBefore in the JSON or the explanation.
    Map<String, Object> issued = map(((List<?>) check(index, "good.pem").json().get("findings"))
        .stream().filter(f -> "issued".equals(map(f).get("finding"))).findFirst().orElseThrow());
    assertThat(issued).containsEntry("notBefore", null).containsEntry("notAfter",
        pki.good.certificate().getNotAfter().toInstant().toString());
    Run explain = run("explain", "--issuer", pki.path("ca.pem").toString(), "--cert",
        pki.path("good.pem").toString(), "--index", pki.path("index.txt").toString());
    assertThat(explain.out()).contains("issued, valid until "
        + pki.good.certificate().getNotAfter().toInstant());
  }

  @Test
  void database() {
    contract(List.of("--jdbc-url", jdbcUrl), "jdbc");
  }

  @Test
  void databaseTableNamedByFlag() {
    contract(List.of("--jdbc-url", jdbcUrl, "--jdbc-table", "PUBLIC.certstatus_certificate"),
        "jdbc");
    Run hostile = run("check", "--issuer", pki.path("ca.pem").toString(), "--serial", "01",
        "--jdbc-url", jdbcUrl, "--jdbc-table", "certs; DROP TABLE x");
    assertThat(hostile.code()).isEqualTo(1);
    assertThat(hostile.err()).contains("--jdbc-table", "not a plain SQL identifier");
    Run noUrl = run("check", "--issuer", pki.path("ca.pem").toString(), "--serial", "01",
        "--crl", pki.path("ca.crl").toString(), "--jdbc-table", "t");
    assertThat(noUrl.code()).isEqualTo(1);
    assertThat(noUrl.err()).contains("--jdbc-table", "needs --jdbc-url");
  }

  @Test
  void aCrlAloneIsUnknownUnlessRevocationOnlyIsAskedFor() {
    List<String> crl = List.of("--crl", pki.path("ca.crl").toString());
    assertThat(check(crl, "forged.pem").json()).containsEntry("status", "UNKNOWN")
        .containsEntry("reason", "NO_ISSUANCE_SOURCE");
    assertThat(check(crl, "forged.pem", "--revocation-only").json())
        .containsEntry("status", "GOOD").containsEntry("rule", "NO_ISSUANCE_SOURCE");
    assertThat(check(crl, "revoked.pem", "--revocation-only").json())
        .containsEntry("status", "REVOKED");
  }

  @Test
  void aSerialInsteadOfTheCertificateAndAnInstantBeforeTheRevocation() {
    Run r = run("check", "--issuer", pki.path("ca.pem").toString(), "--serial",
        SerialNumber.of(pki.revoked.serial()).toHex().toUpperCase(), "--crl",
        pki.path("ca.crl").toString(), "--serial-dir", pki.path("serials").toString(),
        "--at", pki.revokedAt.minusSeconds(1).toString(), "--json");
    assertThat(r.json()).containsEntry("status", "GOOD")
        .containsEntry("at", pki.revokedAt.minusSeconds(1).toString());
  }

  @Test
  void withoutJsonOneReadableLineAndExplainInWords() {
    Run plain = run("check", "--issuer", pki.path("ca.pem").toString(), "--cert",
        pki.path("forged.pem").toString(), "--crl", pki.path("ca.crl").toString(),
        "--serial-dir", pki.path("serials").toString());
    assertThat(plain.code()).isZero();
    assertThat(plain.out().strip()).startsWith("UNKNOWN (NOT_ISSUED): serial ")
        .doesNotContain("\n");
    Run explain = run("explain", "--issuer", pki.path("ca.pem").toString(), "--cert",
        pki.path("forged.pem").toString(), "--crl", pki.path("ca.crl").toString(),
        "--serial-dir", pki.path("serials").toString());
    assertThat(explain.code()).isZero();
    assertThat(explain.out()).contains("rule 6 fired", "crl [revocation] not revoked (data: CRL #",
        "serial-dirs [issuance] never issued (data: scan of issued-serial directory",
        "what it means:");
  }

  @Test
  void usageAndConfigurationErrorsExitOneNamingTheFlagAndValue() {
    Run noSource = run("check", "--issuer", pki.path("ca.pem").toString(), "--serial", "01");
    assertThat(noSource.code()).isEqualTo(1);
    assertThat(noSource.err()).contains("at least one source");
    Run badSerial = run("check", "--issuer", pki.path("ca.pem").toString(), "--serial", "xyz",
        "--crl", pki.path("ca.crl").toString());
    assertThat(badSerial.code()).isEqualTo(1);
    assertThat(badSerial.err()).contains("--serial", "xyz");
    Run missing = run("check", "--issuer", pki.path("ca.pem").toString(), "--serial", "01",
        "--crl", dir.resolve("nowhere.crl").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("--crl", "nowhere.crl", "no such file");
    Run badAt = run("check", "--issuer", pki.path("ca.pem").toString(), "--serial", "01",
        "--crl", pki.path("ca.crl").toString(), "--at", "yesterday");
    assertThat(badAt.code()).isEqualTo(1);
    assertThat(badAt.err()).contains("--at", "yesterday");
    Run both = run("check", "--issuer", pki.path("ca.pem").toString(), "--serial", "01",
        "--cert", pki.path("good.pem").toString(), "--crl", pki.path("ca.crl").toString());
    assertThat(both.code()).isEqualTo(1);
    Run unknownFlag = run("check", "--issuer", pki.path("ca.pem").toString(), "--serial", "01",
        "--crl", pki.path("ca.crl").toString(), "--bogus");
    assertThat(unknownFlag.code()).isEqualTo(1);
    assertThat(unknownFlag.err()).contains("--bogus");
    Run otherCa = run("check", "--issuer", pki.path("ca.pem").toString(), "--cert",
        pki.path("stranger.pem").toString(), "--crl", pki.path("ca.crl").toString());
    assertThat(otherCa.code()).isEqualTo(1);
    assertThat(otherCa.err()).contains("--cert", "Other Test CA");
  }

  @Test
  void aSourceThatCannotBeReadAtAllExitsTwo() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.crl"), "not a CRL");
    Run r = run("check", "--issuer", pki.path("ca.pem").toString(), "--serial", "01", "--crl",
        junk.toString(), "--serial-dir", pki.path("serials").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("crl", "junk.crl");
    Run db = run("check", "--issuer", pki.path("ca.pem").toString(), "--serial", "01",
        "--jdbc-url", "jdbc:h2:mem:no-such-table", "--json");
    assertThat(db.code()).isEqualTo(2);
    assertThat(db.json()).containsEntry("status", "UNKNOWN");
    assertThat(db.err()).contains("jdbc");
  }
}
