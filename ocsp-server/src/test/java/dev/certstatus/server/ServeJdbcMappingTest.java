package dev.certstatus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.TestEnvironment;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code serve} over a table in a layout of its own, described in the configuration file with
 * {@code preset: none} and a {@code mapping:} block, on H2 and on the PostgreSQL and MariaDB
 * servers of this machine (skipped when a server is not there, failed when CI=true).
 */
class ServeJdbcMappingTest {

  @TempDir
  static Path dir;

  private static TestCaFiles pki;
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void files() throws Exception {
    pki = new TestCaFiles(dir, 11);
  }

  /** A JDBC URL for the server named, or a skip (a failure on CI) when it is not reachable. */
  private static String url(String db) {
    switch (db) {
      case "h2":
        return "jdbc:h2:" + dir.resolve("certs-" + new SecureRandom().nextInt(1 << 30))
            .toAbsolutePath();
      case "postgresql":
        return reachable("jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
            "PostgreSQL at 127.0.0.1:5432");
      default:
        return reachable("jdbc:mariadb://127.0.0.1:3306/test?user=root",
            "MariaDB at 127.0.0.1:3306");
    }
  }

  private static String reachable(String url, String what) {
    DriverManager.setLoginTimeout(3);
    try (Connection c = DriverManager.getConnection(url)) {
      c.isValid(3);
      return url;
    } catch (SQLException e) {
      String message = what + " is not reachable (" + e.getMessage() + ")";
      if (TestEnvironment.isCi()) {
        fail(message + "; CI=true, so this fails instead of skipping");
      }
      Assumptions.abort(message + "; skipping (this fails when CI=true)");
      throw new AssertionError(e);
    }
  }

  private static String fingerprint(X509Certificate c) throws Exception {
    // Upper case with colons, as some CAs write it: matched regardless.
    return HexFormat.ofDelimiter(":").withUpperCase()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
  }

  private static void insert(PreparedStatement ps, BigInteger serial, X509Certificate ca,
      IssuedCert cert, int state, Long revokedAt) throws Exception {
    ps.setString(1, serial.toString(16).toUpperCase());
    ps.setString(2, fingerprint(ca));
    ps.setLong(3, cert.certificate().getNotAfter().getTime());
    if (revokedAt == null) {
      ps.setNull(4, Types.BIGINT);
      ps.setNull(5, Types.INTEGER);
    } else {
      ps.setLong(4, revokedAt);
      ps.setInt(5, 1);
    }
    ps.setInt(6, state);
    ps.executeUpdate();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgresql", "mariadb"})
  void aTableOfItsOwnLayoutServesGoodRevokedAndNotIssued(String db) throws Exception {
    String url = url(db);
    String table = "cs_layout_" + Integer.toHexString(new SecureRandom().nextInt());
    try (Connection c = DriverManager.getConnection(url)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE " + table + " (cert_sn VARCHAR(80) NOT NULL, ca_fp VARCHAR(128)"
            + " NOT NULL, expires_ms BIGINT, revoked_ms BIGINT, why INT, state INT NOT NULL)");
      }
      try {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
            + " (cert_sn, ca_fp, expires_ms, revoked_ms, why, state) VALUES (?, ?, ?, ?, ?, ?)")) {
          X509Certificate ca = pki.ca.certificate();
          insert(ps, pki.good.serial(), ca, pki.good, 1, null);
          insert(ps, pki.signer.serial(), ca, pki.signer, 1, null);
          insert(ps, pki.revoked.serial(), ca, pki.revoked, 2, pki.revokedAt.toEpochMilli());
          // The forged serial, but recorded for another CA: still never issued by this one.
          insert(ps, pki.forged.serial(), pki.otherCa.certificate(), pki.forged, 1, null);
        }
        serveAndAsk(url, table);
      } finally {
        try (Statement s = c.createStatement()) {
          s.execute("DROP TABLE " + table);
        }
      }
    }
  }

  private void serveAndAsk(String url, String table) throws Exception {
    Path config = Files.writeString(dir.resolve("mapped-" + table + ".yaml"), String.join("\n",
        "server: {port: 0}",
        "cas:",
        "  - name: mapped",
        "    certificate: ca.pem",
        "    signer: {certificate: ocsp.pem, key: ocsp.key}",
        "    jdbc:",
        "      url: '" + url + "'",
        "      preset: none",
        "      table: " + table,
        "      mapping:",
        "        serial: cert_sn",
        "        serial-encoding: hex-upper",
        "        issuer: ca_fp",
        "        issuer-match: ca-fingerprint",
        "        issuer-digest: SHA-256",
        "        not-after: expires_ms",
        "        revocation-time: revoked_ms",
        "        revocation-reason: why",
        "        status: state",
        "        status-codes: {active: [1], revoked: [2]}",
        ""));
    try (ResponderService service = ResponderService.start(ConfigReader.read(config),
        Clock.systemUTC(), k -> null)) {
      assertThat(ask(service, pki.good)).isEqualTo(CertificateStatus.GOOD);
      CertificateStatus revoked = ask(service, pki.revoked);
      assertThat(revoked).isInstanceOf(RevokedStatus.class);
      assertThat(((RevokedStatus) revoked).getRevocationTime().toInstant())
          .isEqualTo(pki.revokedAt);
      assertThat(((RevokedStatus) revoked).getRevocationReason()).isEqualTo(1);
      assertThat(ask(service, pki.forged)).isInstanceOf(UnknownStatus.class);
    }
  }

  private CertificateStatus ask(ResponderService service, IssuedCert cert) throws Exception {
    byte[] request = new OCSPReqBuilder().addRequest(new CertificateID(
        new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
        new JcaX509CertificateHolder(pki.ca.certificate()), cert.serial())).build().getEncoded();
    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(service.uri())
        .header("Content-Type", "application/ocsp-request")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    OCSPResp resp = new OCSPResp(r.body());
    assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
    SingleResp single = ((BasicOCSPResp) resp.getResponseObject()).getResponses()[0];
    assertThat(single.getCertID().getSerialNumber()).isEqualTo(cert.serial());
    return single.getCertStatus();
  }
}
