package dev.certstatus.benchmarks;

import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.Role;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.jdbc.JdbcStatusProvider;
import dev.certstatus.jdbc.TableMapping;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Snapshot mode on the PostgreSQL server on this machine: how long a full load of a large table
 * takes (and how much heap the snapshot holds), and how long after an INSERT commits the
 * provider answers Issued for it, at two sync intervals. A measurement, not a JMH benchmark: a
 * load happens once per start and per full reload, and the INSERT-to-answer delay is a property
 * of the sync interval, not of code speed.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.certstatus.benchmarks.JdbcSnapshotMeasurement [rows]
 * </pre>
 */
public final class JdbcSnapshotMeasurement {

  private JdbcSnapshotMeasurement() {}

  /**
   * @param args the number of rows (default 1,000,000)
   * @throws Exception if the database is not there
   */
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    TestCa ca = TestPki.withSeed(8).rootCa("CN=Snapshot Benchmark CA").build();
    IssuerId issuer = IssuerId.of(ca.certificate());
    try (BenchDatabase db = new BenchDatabase(2)) {
      long t = System.nanoTime();
      db.fill(issuer, 0, rows);
      System.out.printf("filled %s with %,d rows in %,d ms%n", db.table, rows,
          (System.nanoTime() - t) / 1_000_000);

      for (int run = 1; run <= 3; run++) {
        t = System.nanoTime();
        long read = rawRead(db);
        System.out.printf("raw read %d: %,d ms to stream the same %,d rows and columns through"
            + " JDBC%n", run, (System.nanoTime() - t) / 1_000_000, read);
        try (JdbcStatusProvider p = builder(db, ca).manualSync()
            .snapshot(Duration.ofSeconds(5), Duration.ofMinutes(5)).build()) {
          long before = usedHeap();
          t = System.nanoTime();
          if (!p.syncNow()) {
            throw new IllegalStateException("load failed: " + p.state());
          }
          long ms = (System.nanoTime() - t) / 1_000_000;
          long heap = usedHeap() - before;
          System.out.printf("full load %d: %,d ms for %s; snapshot heap about %,d MB (%d bytes"
              + " per row)%n", run, ms, p.state().version().orElseThrow().label(),
              heap >> 20, heap / rows);
        }
      }

      SplittableRandom random = new SplittableRandom(42);
      long next = rows;
      for (Duration interval : new Duration[] {Duration.ofSeconds(1), Duration.ofSeconds(5)}) {
        try (JdbcStatusProvider p = builder(db, ca)
            .snapshot(interval, Duration.ofMinutes(5)).build()) {
          while (p.state().version().isEmpty()) {
            Thread.sleep(10);
          }
          long[] delays = new long[10];
          for (int i = 0; i < delays.length; i++) {
            // Start at a random phase of the sync cycle, as real issuance does.
            Thread.sleep(random.nextLong(interval.toMillis()));
            String serial = BenchDatabase.serialHex(next++);
            StatusQuery q = StatusQuery.of(issuer, SerialNumber.parseHex(serial), Instant.now());
            t = System.nanoTime();
            insert(db, issuer, serial);
            while (!(p.find(Role.ISSUANCE, q) instanceof Finding.Issued)) {
              Thread.sleep(1);
            }
            delays[i] = (System.nanoTime() - t) / 1_000_000;
          }
          Arrays.sort(delays);
          System.out.printf("INSERT to Issued, sync every %s: min %d ms, median %d ms, max %d ms"
              + " (%d inserts)%n", interval, delays[0], delays[delays.length / 2],
              delays[delays.length - 1], delays.length);
        }
      }
    }
  }

  private static JdbcStatusProvider.Builder builder(BenchDatabase db, TestCa ca) {
    return JdbcStatusProvider.builder("db", db.dataSource)
        .mapping(TableMapping.certstatus(db.table))
        .issuer(ca.certificate());
  }

  private static void insert(BenchDatabase db, IssuerId issuer, String serial) throws Exception {
    try (Connection c = db.dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + db.table
            + " (issuer_key_hash, serial, not_before, not_after, updated_at)"
            + " VALUES (?, ?, 1577836800000, 2208988800000, ?)")) {
      ps.setString(1, java.util.HexFormat.of().formatHex(
          issuer.keyHash(dev.certstatus.core.HashAlgorithm.SHA256)));
      ps.setString(2, serial);
      ps.setLong(3, System.currentTimeMillis());
      ps.executeUpdate();
    }
  }

  /** The full load's query, by hand: stream every row and read every column, keep nothing. */
  private static long rawRead(BenchDatabase db) throws Exception {
    long rows = 0;
    long sink = 0;
    try (Connection c = db.dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("SELECT serial, issuer_key_hash,"
          + " not_before, not_after, revocation_time, revocation_reason, invalidity_date,"
          + " cert_sha256, updated_at FROM " + db.table)) {
        ps.setFetchSize(10_000);
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sink += rs.getString(1).length() + rs.getString(2).length() + rs.getLong(3)
                + rs.getLong(4) + rs.getLong(5) + rs.getInt(6) + rs.getLong(7)
                + rs.getString(8).length() + rs.getLong(9);
            rows++;
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    }
    return sink == 42 ? rows + 1 : rows; // keeps the reads from being optimised away
  }

  private static long usedHeap() throws InterruptedException {
    Runtime r = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return r.totalMemory() - r.freeMemory();
  }
}
