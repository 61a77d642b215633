package dev.certstatus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.certstatus.core.CertStatus;
import dev.certstatus.core.Decision;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.HashAlgorithm;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.core.UnknownReason;
import dev.certstatus.testkit.ReadmeSnippets;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The JDBC example of README.md, compiled and run on embedded H2; the README must quote it. */
class ReadmeExampleTest {

  static final Path SOURCE = Path.of("src/test/java/dev/certstatus/jdbc/ReadmeExampleTest.java");
  static final Path README = Path.of("../README.md");
  static final String EXAMPLE = "jdbc-provider";

  @Test
  void theReadmeExampleAnswersFromTheTable() throws Exception {
    TestCa testCa = TestPki.withSeed(1).rootCa("CN=Example CA").build();
    X509Certificate caCertificate = testCa.certificate();
    X509Certificate issuedCertificate = testCa.issue("CN=example").build().certificate();
    try (HikariDataSource dataSource = new HikariDataSource()) {
      dataSource.setJdbcUrl("jdbc:h2:mem:readme;DB_CLOSE_DELAY=-1");

      // readme:begin
      // Once, from a setup step (or apply schema-postgresql.sql with your migration tool):
      JdbcSchema.create(dataSource, "certstatus_certificate");

      // The CA (or its export job) writes one row per issued certificate:
      try (Connection c = dataSource.getConnection();
          PreparedStatement insert = c.prepareStatement("INSERT INTO certstatus_certificate"
              + " (issuer_key_hash, serial, not_before, not_after, cert_sha256, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?)")) {
        HexFormat hex = HexFormat.of();
        IssuerId ca = IssuerId.of(caCertificate);
        insert.setString(1, hex.formatHex(ca.keyHash(HashAlgorithm.SHA256)));
        insert.setString(2, SerialNumber.of(issuedCertificate.getSerialNumber()).toHex());
        insert.setLong(3, issuedCertificate.getNotBefore().getTime());
        insert.setLong(4, issuedCertificate.getNotAfter().getTime());
        insert.setString(5, hex.formatHex(MessageDigest.getInstance("SHA-256")
            .digest(issuedCertificate.getEncoded())));
        insert.setLong(6, System.currentTimeMillis());
        insert.executeUpdate();
      }

      // The responder answers both roles from that table:
      Decision issued;
      Decision forged;
      try (JdbcStatusProvider db = JdbcStatusProvider.builder("db", dataSource)
          .mapping(TableMapping.certstatus())       // or TableMapping.ejbca()
          .issuer(caCertificate)
          .perLookup(Duration.ofSeconds(2))          // or .snapshot(interval, maxAge)
          .build()) {
        DecisionChain chain = DecisionChain.builder(IssuerId.of(caCertificate))
            .provider(db)
            .build();
        Instant now = issuedCertificate.getNotBefore().toInstant().plus(Duration.ofDays(1));
        issued = chain.decide(
            StatusQuery.of(chain.issuer(), issuedCertificate, now));        // GOOD
        forged = chain.decide(
            StatusQuery.of(chain.issuer(), SerialNumber.parseHex("0badc0de"), now)); // UNKNOWN
      }
      // readme:end

      assertThat(issued.status()).as(issued.explain()).isEqualTo(CertStatus.GOOD);
      assertThat(forged.unknownReason()).contains(UnknownReason.NOT_ISSUED);
    }
  }

  @Test
  void theReadmeQuotesTheExampleAsCompiledHere() {
    assertThat(ReadmeSnippets.difference(README, EXAMPLE, SOURCE)).isNull();
  }
}
