package dev.certstatus.jdbc;

import java.util.HexFormat;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * EJBCA's {@code CertificateData} table with its real column names and types (as EJBCA's own
 * create-tables scripts and a current PostgreSQL schema dump declare them), and its unique
 * (serialNumber, issuerDN) index, under a test's table name; and rows written the way EJBCA
 * writes them.
 */
final class EjbcaTable {

  private static final String POSTGRESQL = """
      CREATE TABLE %1$s (
          fingerprint TEXT NOT NULL,
          base64Cert TEXT,
          cAFingerprint TEXT,
          certificateProfileId INT4 NOT NULL,
          endEntityProfileId INT4,
          crlPartitionIndex INT4,
          expireDate INT8 NOT NULL,
          issuerDN TEXT NOT NULL,
          notBefore INT8,
          invalidityDate INT8,
          revocationDate INT8 NOT NULL,
          revocationReason INT4 NOT NULL,
          rowProtection TEXT,
          rowVersion INT4 NOT NULL,
          serialNumber TEXT NOT NULL,
          status INT4 NOT NULL,
          subjectAltName TEXT,
          subjectDN TEXT NOT NULL,
          subjectKeyId TEXT,
          accountBindingId TEXT,
          tag TEXT,
          type INT4 NOT NULL,
          updateTime INT8 NOT NULL,
          username TEXT,
          certificateRequest TEXT,
          PRIMARY KEY (fingerprint)
      )""";

  private static final String MARIADB = """
      CREATE TABLE %1$s (
          fingerprint VARCHAR(250) BINARY NOT NULL,
          base64Cert LONGTEXT,
          cAFingerprint VARCHAR(250) BINARY,
          certificateProfileId INT(11) NOT NULL,
          endEntityProfileId INT(11),
          crlPartitionIndex INT(11),
          expireDate BIGINT(20) NOT NULL,
          issuerDN VARCHAR(250) BINARY NOT NULL,
          notBefore BIGINT(20),
          invalidityDate BIGINT(20),
          revocationDate BIGINT(20) NOT NULL,
          revocationReason INT(11) NOT NULL,
          rowProtection LONGTEXT,
          rowVersion INT(11) NOT NULL,
          serialNumber VARCHAR(250) BINARY NOT NULL,
          status INT(11) NOT NULL,
          subjectAltName VARCHAR(2000) BINARY,
          subjectDN VARCHAR(400) BINARY NOT NULL,
          subjectKeyId VARCHAR(250) BINARY,
          accountBindingId VARCHAR(250) BINARY,
          tag VARCHAR(250) BINARY,
          type INT(11) NOT NULL,
          updateTime BIGINT(20) NOT NULL,
          username VARCHAR(250) BINARY,
          certificateRequest LONGTEXT,
          PRIMARY KEY (fingerprint)
      )""";

  private static final String H2 = """
      CREATE TABLE %1$s (
          fingerprint VARCHAR(256) NOT NULL,
          base64Cert VARCHAR,
          cAFingerprint VARCHAR(256),
          certificateProfileId INT NOT NULL,
          endEntityProfileId INT,
          crlPartitionIndex INT,
          expireDate BIGINT NOT NULL,
          issuerDN VARCHAR(256) NOT NULL,
          notBefore BIGINT,
          invalidityDate BIGINT,
          revocationDate BIGINT NOT NULL,
          revocationReason INT NOT NULL,
          rowProtection VARCHAR,
          rowVersion INT NOT NULL,
          serialNumber VARCHAR(256) NOT NULL,
          status INT NOT NULL,
          subjectAltName VARCHAR(2000),
          subjectDN VARCHAR(400) NOT NULL,
          subjectKeyId VARCHAR(256),
          accountBindingId VARCHAR(256),
          tag VARCHAR(256),
          type INT NOT NULL,
          updateTime BIGINT NOT NULL,
          username VARCHAR(256),
          certificateRequest VARCHAR,
          PRIMARY KEY (fingerprint)
      )""";

  private EjbcaTable() {}

  static void create(TestDatabase db, String table) {
    String ddl = switch (db.kind) {
      case H2 -> H2;
      case POSTGRESQL -> POSTGRESQL;
      case MARIADB -> MARIADB;
    };
    db.execute(String.format(ddl, table));
    db.execute("CREATE UNIQUE INDEX " + table + "_idx12 ON " + table
        + " (serialNumber, issuerDN)");
  }

  /**
   * Writes a row as EJBCA does: decimal serial, SHA-1 hex fingerprints, epoch milliseconds,
   * revocationDate and revocationReason -1 when not revoked.
   */
  static void insert(TestDatabase db, String table, X509Certificate cert, X509Certificate ca,
      String issuerDn, int status, long revocationDate, int revocationReason, long updateTime) {
    db.update("INSERT INTO " + table + " (fingerprint, base64Cert, cAFingerprint,"
        + " certificateProfileId, endEntityProfileId, crlPartitionIndex, expireDate, issuerDN,"
        + " notBefore, invalidityDate, revocationDate, revocationReason, rowVersion,"
        + " serialNumber, status, subjectDN, type, updateTime, username)"
        + " VALUES (?, ?, ?, 1, 1, 0, ?, ?, ?, NULL, ?, ?, 0, ?, ?, ?, 1, ?, 'user')",
        sha1(cert), base64(cert), sha1(ca), cert.getNotAfter().getTime(), issuerDn,
        cert.getNotBefore().getTime(), revocationDate, revocationReason,
        cert.getSerialNumber().toString(), status, cert.getSubjectX500Principal().getName(),
        updateTime);
  }

  static String sha1(X509Certificate cert) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(cert.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64(X509Certificate cert) {
    try {
      return Base64.getEncoder().encodeToString(cert.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
