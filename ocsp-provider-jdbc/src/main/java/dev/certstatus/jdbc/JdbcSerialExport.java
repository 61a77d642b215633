package dev.certstatus.jdbc;

import dev.certstatus.core.IssuerId;
import dev.certstatus.core.SerialNumber;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Every serial one CA issued, read from a mapped certificate table: the source of an
 * issued-serial export (such as ocsp-server's {@code export-serials --from-jdbc}). Rows are
 * selected and decoded exactly as {@link JdbcStatusProvider} reads them: the mapping's issuer
 * column matched the mapping's way, the serial column in the mapping's encoding.
 */
public final class JdbcSerialExport {

  private static final int FETCH_SIZE = 10_000;

  private JdbcSerialExport() {}

  /**
   * Streams the serial of every row of {@code ca} to {@code sink}, whatever the row's revocation
   * status (a revoked certificate was issued too). A serial held by several rows comes as often.
   *
   * @param dataSource the database
   * @param mapping the table and how to read it
   * @param ca the CA certificate whose rows to read
   * @param sink receives each serial
   * @return the number of serials passed to the sink
   * @throws SQLDataException if a row of this CA holds no serial in the mapping's encoding; an
   *     export missing a serial would call a real certificate not issued, so none is written
   * @throws SQLException if the database cannot be read (for example, the table is missing)
   */
  public static long issuedSerials(DataSource dataSource, TableMapping mapping,
      X509Certificate ca, Consumer<SerialNumber> sink) throws SQLException {
    Objects.requireNonNull(dataSource, "data source");
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(sink, "sink");
    Issuers issuers = new Issuers(mapping.issuerMatch(), List.of(Issuers.describe(
        mapping.issuerMatch(), IssuerId.of(Objects.requireNonNull(ca, "ca")), Optional.of(ca),
        Optional.empty())));
    long count = 0;
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      // PostgreSQL streams a result by fetch size only inside a transaction.
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(mapping.loadSql(),
          ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
        ps.setFetchSize(FETCH_SIZE);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (issuers.resolve(rs.getString(mapping.issuerPos)) < 0) {
              continue;
            }
            SerialNumber serial;
            try {
              serial = mapping.serialEncoding().read(rs, mapping.serialPos);
            } catch (IllegalArgumentException e) {
              throw new SQLDataException("table " + mapping.table() + ": a row of "
                  + ca.getSubjectX500Principal() + " has an unreadable serial: "
                  + e.getMessage(), e);
            }
            sink.accept(serial);
            count++;
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(autoCommit);
      }
    }
    return count;
  }
}
