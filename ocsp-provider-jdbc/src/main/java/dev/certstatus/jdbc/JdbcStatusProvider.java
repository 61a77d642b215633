package dev.certstatus.jdbc;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.RevocationProvider;
import dev.certstatus.core.Role;
import dev.certstatus.core.SourceState;
import dev.certstatus.core.StatusQuery;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Answers both roles from a certificate table over JDBC: a row means the CA issued the
 * certificate ({@link Finding.Issued}, with the row's validity and fingerprint), its revocation
 * columns say whether it is revoked. Works over any {@link DataSource}; pooling is the caller's
 * choice (HikariCP in the server and the tests).
 *
 * <p>Two modes:
 *
 * <ul>
 *   <li><b>per lookup</b> (the default): one indexed query per decision ({@code WHERE serial = ?},
 *       so the table needs an index starting with the serial column). A lookup waits for its
 *       query at most the query timeout, whatever the driver does; queries run on a small
 *       bounded pool of threads ({@link Builder#lookupThreads}), so a dead database makes
 *       lookups answer Unavailable at once rather than pile up. Answering both roles of one
 *       decision takes
 *       one query: the row read for one role is kept for the other role of the same
 *       {@link StatusQuery} object on the same thread, once.
 *   <li><b>snapshot</b>: the whole table loaded into memory, then synced incrementally by the
 *       mapping's change column every {@code syncInterval}, so that a certificate issued a moment
 *       ago is known within about one interval; reloaded in full every
 *       {@code fullReloadInterval} (which also drops deleted rows).
 * </ul>
 *
 * <p>Failures never answer GOOD: a query that fails or times out, and a snapshot older than its
 * maximum age, give {@link Finding.Unavailable}. A failed sync keeps the last good snapshot until
 * its maximum age. Both modes recover by themselves when the database returns. A served CA's
 * serial missing from the table gives {@link Finding.NotIssued}, complete as of the time the query
 * ran or the last sync began; a CA not served gives {@link Finding.NotCovered}.
 *
 * <pre>{@code
 * JdbcStatusProvider db = JdbcStatusProvider.builder("ejbca", dataSource)
 *     .mapping(TableMapping.ejbca())
 *     .issuer(caCertificate)
 *     .snapshot(Duration.ofSeconds(5), Duration.ofMinutes(5))
 *     .build();
 * }</pre>
 */
public final class JdbcStatusProvider implements RevocationProvider {

  private static final Set<Role> ROLES = EnumSet.allOf(Role.class);

  /** The row read for one role, kept for the other role of the same query, once. */
  private static final class Memo {
    StatusQuery query;
    Role role;
    Source.Answer answer;
  }

  private final String id;
  private final TableMapping mapping;
  private final Issuers issuers;
  private final Source source;
  private final ThreadLocal<Memo> memo = ThreadLocal.withInitial(Memo::new);
  private final Finding notCoveredRevocation;
  private final Finding notCoveredIssuance;

  private JdbcStatusProvider(Builder b, Issuers issuers, Source source) {
    this.id = b.id;
    this.mapping = b.mapping;
    this.issuers = issuers;
    this.source = source;
    this.notCoveredRevocation = new Finding.NotCovered(id, DataVersion.NONE, Role.REVOCATION);
    this.notCoveredIssuance = new Finding.NotCovered(id, DataVersion.NONE, Role.ISSUANCE);
  }

  /**
   * @param id the provider id
   * @param dataSource where the table is; the provider borrows connections and never closes it
   * @return a builder, in per-lookup mode with {@link TableMapping#certstatus()} and no issuers
   */
  public static Builder builder(String id, DataSource dataSource) {
    return new Builder(id, dataSource);
  }

  @Override
  public String id() {
    return id;
  }

  /** @return both roles */
  @Override
  public Set<Role> roles() {
    return ROLES;
  }

  /** @return the table mapping */
  public TableMapping mapping() {
    return mapping;
  }

  @Override
  public Finding find(Role role, StatusQuery query) {
    int issuer = issuers.indexOf(query.issuer());
    if (issuer < 0) {
      return role == Role.REVOCATION ? notCoveredRevocation : notCoveredIssuance;
    }
    Memo m = memo.get();
    Source.Answer answer;
    if (m.query == query && m.role != role) {
      answer = m.answer;
      m.query = null;
      m.answer = null;
    } else {
      answer = source.lookup(issuer, query.serial());
      m.query = query;
      m.role = role;
      m.answer = answer;
    }
    if (answer.failure().isPresent()) {
      return new Finding.Unavailable(id, answer.version(), role, answer.failure().get());
    }
    if (answer.row().isEmpty()) {
      return role == Role.REVOCATION ? new Finding.NotRevoked(id, answer.version())
          : new Finding.NotIssued(id, answer.version());
    }
    Row row = answer.row().get();
    return role == Role.REVOCATION ? row.revocation(id, answer.version())
        : row.issuance(id, answer.version());
  }

  /**
   * Snapshot mode: syncs now on the calling thread (a full load when due), without waiting for
   * the next interval. Per-lookup mode has nothing to sync.
   *
   * @return true if the data is now as of this call; false if the sync failed (see
   *     {@link #state()}) or the mode is per lookup
   */
  public boolean syncNow() {
    return source instanceof SnapshotSource && ((SnapshotSource) source).sync();
  }

  /**
   * Per lookup, every lookup reads the table afresh and counts as a new generation; in snapshot
   * mode, the generation changes with every sync that read a changed row.
   */
  @Override
  public long generation() {
    return source.generation();
  }

  /**
   * @return the data last read (per lookup: the last successful query; snapshot: the current
   *     snapshot), with failed queries or syncs counted as failed reloads
   */
  @Override
  public SourceState state() {
    return source.state();
  }

  /**
   * Stops the query threads or snapshot syncing. The {@link DataSource} belongs to the caller
   * and stays open.
   */
  @Override
  public void close() {
    source.close();
  }

  @Override
  public String toString() {
    return "JdbcStatusProvider[" + id + ", " + source.getClass().getSimpleName() + ", "
        + issuers.size() + " issuers, " + mapping + "]";
  }

  /** Builds a {@link JdbcStatusProvider}; each call checks its argument and names a bad one. */
  public static final class Builder {
    private final String id;
    private final DataSource dataSource;
    private TableMapping mapping = TableMapping.certstatus();
    private final List<IssuerId> issuerIds = new ArrayList<>();
    private final List<Optional<X509Certificate>> issuerCerts = new ArrayList<>();
    private final List<Optional<String>> issuerKeys = new ArrayList<>();
    private boolean snapshot;
    private boolean background = true;
    private Duration queryTimeout = Duration.ofSeconds(2);
    private Duration syncInterval = Duration.ofSeconds(5);
    private Duration maxAge = Duration.ofMinutes(5);
    private Duration fullReloadInterval = Duration.ofHours(1);
    private Duration loadTimeout = Duration.ofMinutes(10);
    private double maxShrink = 0.1;
    private int lookupThreads = 16;
    private Clock clock = Clock.systemUTC();

    private Builder(String id, DataSource dataSource) {
      Objects.requireNonNull(id, "id");
      if (id.isBlank()) {
        throw new IllegalArgumentException("provider id is blank");
      }
      this.id = id;
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * @param mapping the table and its columns (default {@link TableMapping#certstatus()})
     * @return this builder
     */
    public Builder mapping(TableMapping mapping) {
      this.mapping = Objects.requireNonNull(mapping, "mapping");
      return this;
    }

    /**
     * Serves a CA: its rows are found by what the mapping's {@link IssuerMatch} derives from
     * the certificate.
     *
     * @param caCertificate the CA certificate
     * @return this builder
     */
    public Builder issuer(X509Certificate caCertificate) {
      Objects.requireNonNull(caCertificate, "caCertificate");
      return add(IssuerId.of(caCertificate), Optional.of(caCertificate), Optional.empty());
    }

    /**
     * Serves a CA whose rows hold exactly this value in the issuer column: a DN string as the
     * table writes it, or a hex fingerprint or key hash.
     *
     * @param caCertificate the CA certificate
     * @param issuerColumnValue the value
     * @return this builder
     */
    public Builder issuer(X509Certificate caCertificate, String issuerColumnValue) {
      Objects.requireNonNull(caCertificate, "caCertificate");
      Objects.requireNonNull(issuerColumnValue, "issuerColumnValue");
      if (issuerColumnValue.isBlank()) {
        throw new IllegalArgumentException("issuer column value for "
            + caCertificate.getSubjectX500Principal() + " is blank");
      }
      return add(IssuerId.of(caCertificate), Optional.of(caCertificate),
          Optional.of(issuerColumnValue));
    }

    /**
     * Serves a CA known by its id only: enough for matching by DN or key hash, not by CA
     * fingerprint.
     *
     * @param issuer the CA
     * @return this builder
     */
    public Builder issuer(IssuerId issuer) {
      return add(Objects.requireNonNull(issuer, "issuer"), Optional.empty(), Optional.empty());
    }

    private Builder add(IssuerId issuer, Optional<X509Certificate> cert, Optional<String> key) {
      if (issuerIds.contains(issuer)) {
        throw new IllegalArgumentException("issuer " + issuer + " is already served");
      }
      issuerIds.add(issuer);
      issuerCerts.add(cert);
      issuerKeys.add(key);
      return this;
    }

    /**
     * Per-lookup mode (the default): one query per decision.
     *
     * @param queryTimeout the longest a lookup may take before it answers Unavailable
     * @return this builder
     */
    public Builder perLookup(Duration queryTimeout) {
      this.queryTimeout = positive("query timeout", queryTimeout);
      this.snapshot = false;
      return this;
    }

    /**
     * Snapshot mode: the whole table in memory, synced by the change column.
     *
     * @param syncInterval how often to read the changed rows
     * @param maxAge how long the last good data may serve when syncs fail
     * @return this builder
     */
    public Builder snapshot(Duration syncInterval, Duration maxAge) {
      this.syncInterval = positive("sync interval", syncInterval);
      this.maxAge = positive("max age", maxAge);
      if (maxAge.compareTo(syncInterval) <= 0) {
        throw new IllegalArgumentException("max age " + maxAge + " must be longer than the sync"
            + " interval " + syncInterval);
      }
      this.snapshot = true;
      return this;
    }

    /**
     * @param interval snapshot mode: how often to reload the whole table (default one hour)
     * @return this builder
     */
    public Builder fullReloadInterval(Duration interval) {
      this.fullReloadInterval = positive("full reload interval", interval);
      return this;
    }

    /**
     * @param timeout snapshot mode: the longest a full load may take (default ten minutes);
     *     incremental syncs use the query timeout
     * @return this builder
     */
    public Builder loadTimeout(Duration timeout) {
      this.loadTimeout = positive("load timeout", timeout);
      return this;
    }

    /**
     * @param timeout the query timeout of lookups and incremental syncs (default two seconds)
     * @return this builder
     */
    public Builder queryTimeout(Duration timeout) {
      this.queryTimeout = positive("query timeout", timeout);
      return this;
    }

    /**
     * @param fraction snapshot mode: a full load with fewer rows than this fraction below the
     *     current snapshot is held back until the next load confirms it (default 0.1)
     * @return this builder
     */
    public Builder maxShrink(double fraction) {
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("max shrink must be between 0 and 1: " + fraction);
      }
      this.maxShrink = fraction;
      return this;
    }

    /**
     * @param threads per-lookup mode: how many queries may run at once (default 16); more
     *     lookups wait in a queue four times as long, and beyond it answer Unavailable at once
     * @return this builder
     */
    public Builder lookupThreads(int threads) {
      if (threads < 1 || threads > 1024) {
        throw new IllegalArgumentException("lookup threads must be from 1 to 1024: " + threads);
      }
      this.lookupThreads = threads;
      return this;
    }

    /**
     * Snapshot mode without the background thread: the data changes only on {@link #syncNow()}.
     * For tests and for callers that schedule syncs themselves.
     *
     * @return this builder
     */
    public Builder manualSync() {
      this.background = false;
      return this;
    }

    /**
     * @param clock the clock for data times and freshness (default UTC system clock)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    private static Duration positive(String what, Duration d) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }

    /**
     * @return the provider; in snapshot mode its first load starts in the background (answers
     *     are Unavailable until it completes) unless {@link #manualSync()} was chosen
     * @throws IllegalStateException if no issuer was given
     * @throws IllegalArgumentException if an issuer cannot be matched the mapping's way
     */
    public JdbcStatusProvider build() {
      if (issuerIds.isEmpty()) {
        throw new IllegalStateException("provider " + id + ": no issuer to serve");
      }
      List<Issuers.Served> served = new ArrayList<>();
      for (int i = 0; i < issuerIds.size(); i++) {
        served.add(Issuers.describe(mapping.issuerMatch(), issuerIds.get(i), issuerCerts.get(i),
            issuerKeys.get(i)));
      }
      Issuers issuers = new Issuers(mapping.issuerMatch(), served);
      Source source = snapshot
          ? new SnapshotSource(id, dataSource, mapping, issuers, clock, syncInterval, maxAge,
              fullReloadInterval, queryTimeout, loadTimeout, maxShrink, background)
          : new PerLookupSource(id, dataSource, mapping, issuers, clock, queryTimeout,
              lookupThreads);
      return new JdbcStatusProvider(this, issuers, source);
    }
  }
}
