package dev.certstatus.jdbc;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.SourceState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One indexed query per lookup, bounded by a timeout. */
final class PerLookupSource implements Source {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStatusProvider.class);
  private static final Executor DIRECT = Runnable::run;

  private final DataSource dataSource;
  private final TableMapping mapping;
  private final Issuers issuers;
  private final RowReader reader;
  private final Clock clock;
  private final String sql;
  private final int timeoutSeconds;
  private final int timeoutMillis;
  private final long timeoutNanos;
  private final String label;
  private final FailureLog failures;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicReference<DataVersion> lastGood = new AtomicReference<>();

  PerLookupSource(String providerId, DataSource dataSource, TableMapping mapping, Issuers issuers,
      Clock clock, Duration timeout) {
    this.dataSource = dataSource;
    this.mapping = mapping;
    this.issuers = issuers;
    this.reader = new RowReader(mapping);
    this.clock = clock;
    this.sql = mapping.lookupSql();
    // JDBC query timeouts count whole seconds; the network timeout and the elapsed-time check
    // below hold the finer bound.
    this.timeoutSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    this.timeoutNanos = timeout.toNanos();
    this.label = "query of " + mapping.table();
    this.failures = new FailureLog(LOG, "provider " + providerId + ", " + label);
  }

  @Override
  public Answer lookup(int issuerIndex, SerialNumber serial) {
    Instant asOf = clock.instant();
    DataVersion version = new DataVersion(label, Optional.of(asOf), Optional.empty());
    generation.incrementAndGet();
    long start = System.nanoTime();
    try (Connection c = dataSource.getConnection()) {
      boundNetworkWaits(c);
      Row row = null;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setQueryTimeout(timeoutSeconds);
        mapping.serialEncoding().bind(ps, 1, serial);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (issuers.resolve(rs.getString(mapping.issuerPos)) == issuerIndex) {
              Row r = reader.read(rs);
              row = row == null ? r : row.mergeDuplicate(r);
            }
          }
        }
      }
      long elapsed = System.nanoTime() - start;
      if (elapsed > timeoutNanos) {
        return fail(version, "query answered after "
            + TimeUnit.NANOSECONDS.toMillis(elapsed) + " ms, over the " + timeoutMillis
            + " ms timeout");
      }
      failures.succeeded();
      lastGood.set(version);
      return new Answer(version, Optional.ofNullable(row), Optional.empty());
    } catch (SQLTimeoutException e) {
      return fail(version, "query timed out after " + timeoutMillis + " ms: " + e.getMessage());
    } catch (SQLException | RuntimeException e) {
      return fail(version, "query failed: " + e);
    }
  }

  private Answer fail(DataVersion version, String why) {
    failures.failed(why);
    return Answer.failed(version, why);
  }

  /** Bounds every socket read, so that a dropped connection cannot hang a lookup. */
  private void boundNetworkWaits(Connection c) {
    try {
      c.setNetworkTimeout(DIRECT, timeoutMillis);
    } catch (SQLException | UnsupportedOperationException e) {
      // Embedded databases (H2 in-process) have no network to bound; the query timeout remains.
    }
  }

  /** Every lookup reads the table afresh, so every lookup is a new generation. */
  @Override
  public long generation() {
    return generation.get();
  }

  @Override
  public SourceState state() {
    return new SourceState(Optional.ofNullable(lastGood.get()), generation.get(),
        failures.count(), failures.lastFailure());
  }

  @Override
  public void close() {
    // The DataSource belongs to the caller.
  }
}
