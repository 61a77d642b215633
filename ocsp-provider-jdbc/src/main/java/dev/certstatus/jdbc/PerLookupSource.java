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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One indexed query per lookup, with a hard deadline. JDBC timeouts alone do not bound a lookup:
 * a driver may wait for a cancel request or a dead socket far longer than asked (PostgreSQL's
 * JDBC driver waits up to its {@code cancelSignalTimeout}, 10 s by default, to cancel a query
 * through an unresponsive network). So queries run on a small bounded pool of threads and the
 * lookup waits for the answer only until the timeout; a query still running then finishes on its
 * own, bounded by the query and network timeouts set on it. When every query thread is stuck on
 * a dead database, further lookups answer Unavailable at once instead of piling up.
 */
final class PerLookupSource implements Source {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStatusProvider.class);
  private static final Executor DIRECT = Runnable::run;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final DataSource dataSource;
  private final TableMapping mapping;
  private final Issuers issuers;
  private final RowReader reader;
  private final Clock clock;
  private final String sql;
  private final int timeoutSeconds;
  private final int timeoutMillis;
  private final int networkTimeoutMillis;
  private final long timeoutNanos;
  private final String label;
  private final FailureLog failures;
  private final ThreadPoolExecutor executor;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicReference<DataVersion> lastGood = new AtomicReference<>();

  PerLookupSource(String providerId, DataSource dataSource, TableMapping mapping, Issuers issuers,
      Clock clock, Duration timeout, int threads) {
    this.dataSource = dataSource;
    this.mapping = mapping;
    this.issuers = issuers;
    this.reader = new RowReader(mapping);
    this.clock = clock;
    this.sql = mapping.lookupSql();
    // JDBC query timeouts count whole seconds; the deadline below holds the finer bound.
    this.timeoutSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    // A second more than the query timeout: a merely slow query is cancelled by the server and
    // keeps its connection; only a silent network is cut at the socket.
    this.networkTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeoutSeconds * 1000L + 1000);
    this.timeoutNanos = timeout.toNanos();
    this.label = "query of " + mapping.table();
    this.failures = new FailureLog(LOG, "provider " + providerId + ", " + label);
    String name = "certstatus-jdbc-" + providerId + "-" + POOLS.incrementAndGet() + "-";
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(threads * 4), r -> {
          Thread t = new Thread(r, name + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    executor.allowCoreThreadTimeOut(true);
  }

  @Override
  public Answer lookup(int issuerIndex, SerialNumber serial) {
    Instant asOf = clock.instant();
    DataVersion version = new DataVersion(label, Optional.of(asOf), Optional.empty());
    generation.incrementAndGet();
    long start = System.nanoTime();
    Future<Answer> future;
    try {
      future = executor.submit(() -> query(version, issuerIndex, serial, start));
    } catch (RejectedExecutionException e) {
      return account(Answer.failed(version, "every query thread is busy or stuck and "
          + executor.getQueue().size() + " lookups wait: the database is not keeping up"));
    }
    Answer answer;
    try {
      answer = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      answer = Answer.failed(version, "no answer within the " + timeoutMillis + " ms timeout");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      answer = Answer.failed(version, "interrupted while waiting for the database");
    } catch (ExecutionException e) {
      answer = Answer.failed(version, "query failed: " + e.getCause());
    }
    return account(answer);
  }

  private Answer account(Answer answer) {
    if (answer.failure().isPresent()) {
      failures.failed(answer.failure().get());
    } else {
      failures.succeeded();
      lastGood.set(answer.version());
    }
    return answer;
  }

  /** Runs on a query thread; reports failures as answers, logs nothing. */
  private Answer query(DataVersion version, int issuerIndex, SerialNumber serial, long start) {
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
        return Answer.failed(version, "query answered after "
            + TimeUnit.NANOSECONDS.toMillis(elapsed) + " ms, over the " + timeoutMillis
            + " ms timeout");
      }
      return new Answer(version, Optional.ofNullable(row), Optional.empty());
    } catch (SQLTimeoutException e) {
      return Answer.failed(version, "query timed out: " + e.getMessage());
    } catch (SQLException | RuntimeException e) {
      return Answer.failed(version, "query failed: " + e);
    }
  }

  /** Bounds every socket read, so that a dropped connection cannot hold a query thread. */
  private void boundNetworkWaits(Connection c) {
    try {
      c.setNetworkTimeout(DIRECT, networkTimeoutMillis);
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

  /** Stops the query threads; the DataSource belongs to the caller. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
