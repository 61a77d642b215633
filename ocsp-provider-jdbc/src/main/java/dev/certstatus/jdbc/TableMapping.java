package dev.certstatus.jdbc;

import dev.certstatus.core.HashAlgorithm;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a table keeps its certificates: the table and column names, how serials and issuers are
 * written, and what the status values mean. Every name is checked to be a plain SQL identifier
 * when it is set, so configuration cannot inject SQL; values always travel as prepared-statement
 * parameters.
 *
 * <p>Every time column holds epoch milliseconds (UTC) in an integer column, as EJBCA's do and as
 * this project's schema does: it is the one representation that H2, PostgreSQL and MariaDB store
 * and return identically, with no time zone to guess. A negative or NULL time means "none"
 * (EJBCA writes -1).
 *
 * <p>Presets: {@link #certstatus()} for the schema this module ships ({@link JdbcSchema}),
 * {@link #ejbca()} for EJBCA's {@code CertificateData}. Adjust a preset with {@link #toBuilder()}.
 */
public final class TableMapping {

  /** The table name of this project's own schema. */
  public static final String DEFAULT_TABLE = "certstatus_certificate";

  private final String table;
  private final String serialColumn;
  private final SerialEncoding serialEncoding;
  private final String issuerColumn;
  private final IssuerMatch issuerMatch;
  private final Optional<String> notBeforeColumn;
  private final Optional<String> notAfterColumn;
  private final String revocationTimeColumn;
  private final Optional<String> revocationReasonColumn;
  private final Optional<Integer> notRevokedReason;
  private final Optional<String> invalidityDateColumn;
  private final Optional<String> statusColumn;
  private final StatusCodes statusCodes;
  private final Optional<String> fingerprintColumn;
  private final String fingerprintDigest;
  private final Optional<String> changeColumn;
  private final long changeOverlap;

  // Positions of the columns in every SELECT this mapping writes (1-based, 0 = not selected).
  final int serialPos;
  final int issuerPos;
  final int notBeforePos;
  final int notAfterPos;
  final int revocationTimePos;
  final int reasonPos;
  final int invalidityPos;
  final int statusPos;
  final int fingerprintPos;
  final int changePos;
  private final String selectList;

  private TableMapping(Builder b) {
    this.table = b.table;
    this.serialColumn = b.serialColumn;
    this.serialEncoding = b.serialEncoding;
    this.issuerColumn = b.issuerColumn;
    this.issuerMatch = b.issuerMatch;
    this.notBeforeColumn = b.notBeforeColumn;
    this.notAfterColumn = b.notAfterColumn;
    this.revocationTimeColumn = b.revocationTimeColumn;
    this.revocationReasonColumn = b.revocationReasonColumn;
    this.notRevokedReason = b.notRevokedReason;
    this.invalidityDateColumn = b.invalidityDateColumn;
    this.statusColumn = b.statusColumn;
    this.statusCodes = b.statusCodes;
    this.fingerprintColumn = b.fingerprintColumn;
    this.fingerprintDigest = b.fingerprintDigest;
    this.changeColumn = b.changeColumn;
    this.changeOverlap = b.changeOverlap;

    List<String> cols = new ArrayList<>();
    serialPos = add(cols, Optional.of(serialColumn));
    issuerPos = add(cols, Optional.of(issuerColumn));
    notBeforePos = add(cols, notBeforeColumn);
    notAfterPos = add(cols, notAfterColumn);
    revocationTimePos = add(cols, Optional.of(revocationTimeColumn));
    reasonPos = add(cols, revocationReasonColumn);
    invalidityPos = add(cols, invalidityDateColumn);
    statusPos = add(cols, statusColumn);
    fingerprintPos = add(cols, fingerprintColumn);
    changePos = add(cols, changeColumn);
    this.selectList = String.join(", ", cols);
  }

  private static int add(List<String> cols, Optional<String> column) {
    if (column.isEmpty()) {
      return 0;
    }
    cols.add(column.get());
    return cols.size();
  }

  /** @return the mapping of this project's schema, in table {@value #DEFAULT_TABLE} */
  public static TableMapping certstatus() {
    return certstatus(DEFAULT_TABLE);
  }

  /**
   * The mapping of this project's schema ({@link JdbcSchema}) under another table name: serial as
   * lowercase hex, issuer as the lowercase hex SHA-256 hash of its public key, SHA-256
   * certificate fingerprint, epoch-millisecond times, and {@code updated_at} as the change column
   * (one minute of overlap).
   *
   * @param table the table name
   * @return the mapping
   */
  public static TableMapping certstatus(String table) {
    return builder(table)
        .serialColumn("serial", SerialEncoding.HEX)
        .issuerColumn("issuer_key_hash", IssuerMatch.byKeyHash(HashAlgorithm.SHA256))
        .notBeforeColumn("not_before")
        .notAfterColumn("not_after")
        .revocationTimeColumn("revocation_time")
        .revocationReasonColumn("revocation_reason")
        .invalidityDateColumn("invalidity_date")
        .fingerprintColumn("cert_sha256", "SHA-256")
        .changeColumn("updated_at", 60_000)
        .build();
  }

  /**
   * The mapping of EJBCA's {@code CertificateData} table (EJBCA 7.x and later, which have the
   * {@code notBefore} and {@code invalidityDate} columns): {@code serialNumber} as a decimal
   * string, {@code issuerDN} matched {@link IssuerMatch#byDn() by name}, {@code notBefore} and
   * {@code expireDate}, {@code revocationDate} and {@code revocationReason} (-1 meaning not
   * revoked), {@code invalidityDate}, {@code status} with {@link StatusCodes#EJBCA}, the SHA-1
   * hex {@code fingerprint}, and {@code updateTime} as the change column (one minute of overlap).
   *
   * <p>To match issuers by {@code cAFingerprint} instead: {@code
   * ejbca().toBuilder().issuerColumn("cAFingerprint", IssuerMatch.byCaFingerprint("SHA-1"))
   * .build()}. EJBCA creates no index on {@code updateTime}; snapshot mode's incremental sync
   * wants one ({@code CREATE INDEX certificatedata_updatetime ON CertificateData (updateTime)}).
   *
   * @return the mapping
   */
  public static TableMapping ejbca() {
    return ejbca("CertificateData");
  }

  /**
   * The {@link #ejbca()} mapping over a table of another name, such as a replica's copy.
   *
   * @param table the table name
   * @return the mapping
   */
  public static TableMapping ejbca(String table) {
    return builder(table)
        .serialColumn("serialNumber", SerialEncoding.DECIMAL)
        .issuerColumn("issuerDN", IssuerMatch.byDn())
        .notBeforeColumn("notBefore")
        .notAfterColumn("expireDate")
        .revocationTimeColumn("revocationDate")
        .revocationReasonColumn("revocationReason")
        .notRevokedReason(-1)
        .invalidityDateColumn("invalidityDate")
        .statusColumn("status", StatusCodes.EJBCA)
        .fingerprintColumn("fingerprint", "SHA-1")
        .changeColumn("updateTime", 60_000)
        .build();
  }

  /**
   * @param table the table name, optionally {@code schema.table}
   * @return a builder with nothing but the table set
   */
  public static Builder builder(String table) {
    return new Builder(table);
  }

  /** @return a builder holding this mapping's settings */
  public Builder toBuilder() {
    Builder b = new Builder(table);
    b.serialColumn = serialColumn;
    b.serialEncoding = serialEncoding;
    b.issuerColumn = issuerColumn;
    b.issuerMatch = issuerMatch;
    b.notBeforeColumn = notBeforeColumn;
    b.notAfterColumn = notAfterColumn;
    b.revocationTimeColumn = revocationTimeColumn;
    b.revocationReasonColumn = revocationReasonColumn;
    b.notRevokedReason = notRevokedReason;
    b.invalidityDateColumn = invalidityDateColumn;
    b.statusColumn = statusColumn;
    b.statusCodes = statusCodes;
    b.fingerprintColumn = fingerprintColumn;
    b.fingerprintDigest = fingerprintDigest;
    b.changeColumn = changeColumn;
    b.changeOverlap = changeOverlap;
    return b;
  }

  /** @return the table */
  public String table() {
    return table;
  }

  /** @return the serial column */
  public String serialColumn() {
    return serialColumn;
  }

  /** @return the issuer column */
  public String issuerColumn() {
    return issuerColumn;
  }

  /** @return the notBefore column, if the table has one */
  public Optional<String> notBeforeColumn() {
    return notBeforeColumn;
  }

  /** @return the notAfter column, if the table has one */
  public Optional<String> notAfterColumn() {
    return notAfterColumn;
  }

  /** @return the revocation time column */
  public String revocationTimeColumn() {
    return revocationTimeColumn;
  }

  /** @return the revocation reason column, if the table has one */
  public Optional<String> revocationReasonColumn() {
    return revocationReasonColumn;
  }

  /** @return the invalidity date column, if the table has one */
  public Optional<String> invalidityDateColumn() {
    return invalidityDateColumn;
  }

  /** @return the status column, if the table has one */
  public Optional<String> statusColumn() {
    return statusColumn;
  }

  /** @return the certificate fingerprint column, if the table has one */
  public Optional<String> fingerprintColumn() {
    return fingerprintColumn;
  }

  /** @return how serials are written */
  public SerialEncoding serialEncoding() {
    return serialEncoding;
  }

  /** @return how the issuer column names a CA */
  public IssuerMatch issuerMatch() {
    return issuerMatch;
  }

  /** @return the change column, if the table has one */
  public Optional<String> changeColumn() {
    return changeColumn;
  }

  /** @return how far below the highest change value an incremental sync re-reads */
  public long changeOverlap() {
    return changeOverlap;
  }

  /** @return the status codes, or empty when the table has no status column */
  public Optional<StatusCodes> statusCodes() {
    return statusColumn.map(c -> statusCodes);
  }

  /** @return the value the reason column holds for "not revoked", if any */
  public Optional<Integer> notRevokedReason() {
    return notRevokedReason;
  }

  /** @return the digest of the fingerprint column, if the table has one */
  public Optional<String> fingerprintDigest() {
    return fingerprintColumn.map(c -> fingerprintDigest);
  }

  String lookupSql() {
    return "SELECT " + selectList + " FROM " + table + " WHERE " + serialColumn + " = ?";
  }

  String loadSql() {
    return "SELECT " + selectList + " FROM " + table;
  }

  /** Every row of a serial that more than one row holds (of any issuer: filtered after). */
  String duplicatesSql() {
    return "SELECT " + selectList + " FROM " + table + " WHERE " + serialColumn + " IN (SELECT "
        + serialColumn + " FROM " + table + " GROUP BY " + serialColumn
        + " HAVING COUNT(*) > 1)";
  }

  String changedSinceSql() {
    return "SELECT " + selectList + " FROM " + table + " WHERE " + changeColumn.orElseThrow()
        + " >= ?";
  }

  @Override
  public String toString() {
    return "TableMapping[" + table + ": " + selectList + "; serial " + serialEncoding
        + ", issuer " + issuerMatch + statusColumn.map(c -> ", status " + statusCodes).orElse("")
        + "]";
  }

  /** Builds a {@link TableMapping}; each call checks its argument and names a bad one. */
  public static final class Builder {
    private final String table;
    private String serialColumn;
    private SerialEncoding serialEncoding;
    private String issuerColumn;
    private IssuerMatch issuerMatch;
    private Optional<String> notBeforeColumn = Optional.empty();
    private Optional<String> notAfterColumn = Optional.empty();
    private String revocationTimeColumn;
    private Optional<String> revocationReasonColumn = Optional.empty();
    private Optional<Integer> notRevokedReason = Optional.empty();
    private Optional<String> invalidityDateColumn = Optional.empty();
    private Optional<String> statusColumn = Optional.empty();
    private StatusCodes statusCodes;
    private Optional<String> fingerprintColumn = Optional.empty();
    private String fingerprintDigest;
    private Optional<String> changeColumn = Optional.empty();
    private long changeOverlap;

    private Builder(String table) {
      this.table = Identifiers.table("table", table);
    }

    /**
     * @param column the serial column; lookups need an index that starts with it
     * @param encoding how serials are written
     * @return this builder
     */
    public Builder serialColumn(String column, SerialEncoding encoding) {
      this.serialColumn = Identifiers.column("serial column", column);
      this.serialEncoding = Objects.requireNonNull(encoding, "serial encoding");
      return this;
    }

    /**
     * @param column the issuer column
     * @param match how it names the CA
     * @return this builder
     */
    public Builder issuerColumn(String column, IssuerMatch match) {
      this.issuerColumn = Identifiers.column("issuer column", column);
      this.issuerMatch = Objects.requireNonNull(match, "issuer match");
      return this;
    }

    /**
     * @param column the certificate's notBefore, epoch milliseconds
     * @return this builder
     */
    public Builder notBeforeColumn(String column) {
      this.notBeforeColumn = Optional.of(Identifiers.column("notBefore column", column));
      return this;
    }

    /** @return this builder, for a table that does not record notBefore (older EJBCA) */
    public Builder noNotBeforeColumn() {
      this.notBeforeColumn = Optional.empty();
      return this;
    }

    /**
     * @param column the certificate's notAfter, epoch milliseconds
     * @return this builder
     */
    public Builder notAfterColumn(String column) {
      this.notAfterColumn = Optional.of(Identifiers.column("notAfter column", column));
      return this;
    }

    /** @return this builder, for a table that does not record notAfter */
    public Builder noNotAfterColumn() {
      this.notAfterColumn = Optional.empty();
      return this;
    }

    /**
     * @param column the revocation time, epoch milliseconds; NULL or negative when not revoked
     * @return this builder
     */
    public Builder revocationTimeColumn(String column) {
      this.revocationTimeColumn = Identifiers.column("revocation time column", column);
      return this;
    }

    /**
     * @param column the CRLReason code of a revocation
     * @return this builder
     */
    public Builder revocationReasonColumn(String column) {
      this.revocationReasonColumn = Optional.of(Identifiers.column("revocation reason column",
          column));
      return this;
    }

    /**
     * @return this builder, for a table without a reason column (every revocation is then
     *     reported without a reason, and a hold cannot be told from a permanent revocation)
     */
    public Builder noRevocationReasonColumn() {
      this.revocationReasonColumn = Optional.empty();
      this.notRevokedReason = Optional.empty();
      return this;
    }

    /**
     * @param value the reason value that means "not revoked" (EJBCA: -1); NULL always does
     * @return this builder
     */
    public Builder notRevokedReason(int value) {
      this.notRevokedReason = Optional.of(value);
      return this;
    }

    /**
     * @param column the invalidity date, epoch milliseconds
     * @return this builder
     */
    public Builder invalidityDateColumn(String column) {
      this.invalidityDateColumn = Optional.of(Identifiers.column("invalidity date column",
          column));
      return this;
    }

    /** @return this builder, for a table without an invalidity date (EJBCA before 7.x) */
    public Builder noInvalidityDateColumn() {
      this.invalidityDateColumn = Optional.empty();
      return this;
    }

    /**
     * A status column decides revocation with the revocation columns; without one, a row is
     * revoked when its revocation time is set (and its reason is not removeFromCRL).
     *
     * @param column the status column
     * @param codes what its values mean
     * @return this builder
     */
    public Builder statusColumn(String column, StatusCodes codes) {
      this.statusColumn = Optional.of(Identifiers.column("status column", column));
      this.statusCodes = Objects.requireNonNull(codes, "status codes");
      return this;
    }

    /** @return this builder, for a table without a status column (see {@link #statusColumn}) */
    public Builder noStatusColumn() {
      this.statusColumn = Optional.empty();
      this.statusCodes = null;
      return this;
    }

    /**
     * @param column the hex digest of the whole certificate
     * @param jcaDigest its algorithm, such as {@code SHA-256} or EJBCA's {@code SHA-1}
     * @return this builder
     */
    public Builder fingerprintColumn(String column, String jcaDigest) {
      Objects.requireNonNull(jcaDigest, "fingerprint digest");
      try {
        MessageDigest.getInstance(jcaDigest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalArgumentException("unknown fingerprint digest '" + jcaDigest + "'", e);
      }
      this.fingerprintColumn = Optional.of(Identifiers.column("fingerprint column", column));
      this.fingerprintDigest = jcaDigest;
      return this;
    }

    /** @return this builder, for a table without a certificate fingerprint */
    public Builder noFingerprintColumn() {
      this.fingerprintColumn = Optional.empty();
      return this;
    }

    /**
     * A column whose value grows with every insert and update of a row (epoch milliseconds of
     * the last change, or a sequence number): snapshot mode syncs incrementally by it.
     *
     * @param column the change column
     * @param overlap how far below the highest value seen each sync reads again, so that rows
     *     whose transactions committed out of order are not missed (for times, milliseconds)
     * @return this builder
     */
    public Builder changeColumn(String column, long overlap) {
      if (overlap < 0) {
        throw new IllegalArgumentException("change overlap must not be negative: " + overlap);
      }
      this.changeColumn = Optional.of(Identifiers.column("change column", column));
      this.changeOverlap = overlap;
      return this;
    }

    /** @return this builder, for a table without a change column (snapshot mode reloads whole) */
    public Builder noChangeColumn() {
      this.changeColumn = Optional.empty();
      this.changeOverlap = 0;
      return this;
    }

    /**
     * @return the mapping
     * @throws IllegalStateException if the serial, issuer or revocation time column is missing
     */
    public TableMapping build() {
      if (serialColumn == null) {
        throw new IllegalStateException("table " + table + ": no serial column");
      }
      if (issuerColumn == null) {
        throw new IllegalStateException("table " + table + ": no issuer column");
      }
      if (revocationTimeColumn == null) {
        throw new IllegalStateException("table " + table + ": no revocation time column");
      }
      return new TableMapping(this);
    }
  }
}
