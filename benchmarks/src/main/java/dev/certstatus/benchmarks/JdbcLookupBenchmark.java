package dev.certstatus.benchmarks;

import dev.certstatus.core.CertStatus;
import dev.certstatus.core.Decision;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.Role;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.jdbc.JdbcStatusProvider;
import dev.certstatus.jdbc.TableMapping;
import dev.certstatus.testkit.TestPki;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The JDBC provider in per-lookup mode against the raw prepared statement it wraps, on the
 * PostgreSQL server on this machine: the same pool, the same SQL, the same columns read, and
 * serials that are all in the table. {@link #rawQuery} borrows a connection, runs the query and
 * reads the row; {@link #providerFind} asks the provider for one role (one query, plus the hand-off
 * to a query thread and the row mapping); {@link #chainDecide} is a whole decision, both roles
 * answered from that one query. Needs PostgreSQL at 127.0.0.1:5432 (database {@code test}, user
 * {@code postgres}); the table is created, filled by the server and dropped.
 */
@State(Scope.Benchmark)
@Fork(1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JdbcLookupBenchmark {

  /** Rows in the table. */
  @Param({"100000"})
  public int rows;

  private static final int PROBES = 4096;

  private BenchDatabase db;
  private JdbcStatusProvider provider;
  private DecisionChain chain;
  private StatusQuery[] queries;
  private String rawSql;
  private int cursor;

  /** Creates and fills the table, builds the provider and checks that it answers GOOD. */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    IssuerId issuer;
    var ca = TestPki.withSeed(9).rootCa("CN=JDBC Benchmark CA").build();
    issuer = IssuerId.of(ca.certificate());
    db = new BenchDatabase(4);
    db.fill(issuer, 0, rows);
    provider = JdbcStatusProvider.builder("db", db.dataSource)
        .mapping(TableMapping.certstatus(db.table))
        .issuer(ca.certificate())
        .perLookup(Duration.ofSeconds(2))
        .build();
    chain = DecisionChain.builder(issuer).provider(provider).build();
    rawSql = "SELECT serial, issuer_key_hash, not_before, not_after, revocation_time,"
        + " revocation_reason, invalidity_date, cert_sha256, updated_at FROM " + db.table
        + " WHERE serial = ?";
    SplittableRandom random = new SplittableRandom(20261125L);
    Instant at = Instant.parse("2026-06-01T00:00:00Z");
    queries = new StatusQuery[PROBES];
    for (int i = 0; i < PROBES; i++) {
      queries[i] = StatusQuery.of(issuer,
          SerialNumber.parseHex(BenchDatabase.serialHex(random.nextInt(rows))), at);
    }
    Decision d = chain.decide(queries[0]);
    if (d.status() != CertStatus.GOOD) {
      throw new IllegalStateException("expected GOOD: " + d.explain());
    }
  }

  private StatusQuery next() {
    StatusQuery q = queries[cursor];
    cursor = (cursor + 1) & (PROBES - 1);
    return q;
  }

  /** The query the provider runs, by hand: borrow, prepare, bind, execute, read, close. */
  @Benchmark
  public void rawQuery(Blackhole bh) throws SQLException {
    StatusQuery q = next();
    try (Connection c = db.dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(rawSql)) {
      ps.setQueryTimeout(2);
      ps.setString(1, q.serial().toHex());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          bh.consume(rs.getString(1));
          bh.consume(rs.getString(2));
          bh.consume(rs.getLong(3));
          bh.consume(rs.getLong(4));
          bh.consume(rs.getLong(5));
          bh.consume(rs.getInt(6));
          bh.consume(rs.getLong(7));
          bh.consume(rs.getString(8));
          bh.consume(rs.getLong(9));
        }
      }
    }
  }

  /** One role from the provider: one query. */
  @Benchmark
  public Finding providerFind() {
    return provider.find(Role.ISSUANCE, next());
  }

  /** A whole decision: both roles from one query. */
  @Benchmark
  public Decision chainDecide() {
    return chain.decide(next());
  }

  /** Drops the table and closes the pool. */
  @TearDown(Level.Trial)
  public void tearDown() {
    provider.close();
    db.close();
  }
}
