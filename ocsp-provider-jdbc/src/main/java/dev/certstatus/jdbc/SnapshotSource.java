package dev.certstatus.jdbc;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.SourceState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole table in memory, answered from an immutable snapshot held in one volatile reference
 * (DESIGN.md section 5). A sync builds the next snapshot off the lookup path and swaps it in one
 * step: a full load at start and every {@code fullReloadInterval}, and in between an incremental
 * read of the rows whose change column is at or above the highest value seen, less the overlap.
 * Changed rows go into a small delta on top of the base; when the delta grows past an eighth of
 * the base, the two are merged into a new base.
 */
final class SnapshotSource implements Source {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStatusProvider.class);
  private static final int FETCH_SIZE = 10_000;
  private static final int MIN_DELTA_BEFORE_MERGE = 10_000;

  /** One published state: every field describes the same data. */
  private record Snapshot(RowIndex base, RowIndex delta, DataVersion version, long watermark,
      Instant fullLoadAt) {

    Row get(int issuer, SerialNumber serial) {
      Row r = delta.get(issuer, serial);
      return r != null ? r : base.get(issuer, serial);
    }
  }

  private final DataSource dataSource;
  private final TableMapping mapping;
  private final Issuers issuers;
  private final RowReader reader;
  private final Clock clock;
  private final Duration maxAge;
  private final Duration fullReloadInterval;
  private final Duration queryTimeout;
  private final Duration loadTimeout;
  private final double maxShrink;
  private final FailureLog failures;
  private final AtomicLong generation = new AtomicLong();
  private final ScheduledExecutorService scheduler;
  private volatile Snapshot current;
  private int heldBackShrink = -1; // rows of a full load held back for shrinking; sync thread only

  SnapshotSource(String providerId, DataSource dataSource, TableMapping mapping, Issuers issuers,
      Clock clock, Duration syncInterval, Duration maxAge, Duration fullReloadInterval,
      Duration queryTimeout, Duration loadTimeout, double maxShrink, boolean background) {
    this.dataSource = dataSource;
    this.mapping = mapping;
    this.issuers = issuers;
    this.reader = new RowReader(mapping);
    this.clock = clock;
    this.maxAge = maxAge;
    this.fullReloadInterval = fullReloadInterval;
    this.queryTimeout = queryTimeout;
    this.loadTimeout = loadTimeout;
    this.maxShrink = maxShrink;
    this.failures = new FailureLog(LOG, "provider " + providerId + ", sync of "
        + mapping.table());
    if (background) {
      this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "certstatus-jdbc-sync-" + providerId);
        t.setDaemon(true);
        return t;
      });
      scheduler.scheduleWithFixedDelay(this::sync, 0, syncInterval.toMillis(),
          TimeUnit.MILLISECONDS);
    } else {
      this.scheduler = null;
    }
  }

  @Override
  public Answer lookup(int issuerIndex, SerialNumber serial) {
    Snapshot s = current;
    if (s == null) {
      return Answer.failed(DataVersion.NONE, "snapshot of " + mapping.table()
          + " not loaded yet" + failures.lastFailure().map(f -> " (" + f + ")").orElse(""));
    }
    Instant now = clock.instant();
    if (s.version.freshUntil().isPresent() && now.isAfter(s.version.freshUntil().get())) {
      return Answer.failed(s.version, "snapshot of " + mapping.table() + " is older than "
          + maxAge + failures.lastFailure().map(f -> " (last sync: " + f + ")").orElse(""));
    }
    return new Answer(s.version, Optional.ofNullable(s.get(issuerIndex, serial)),
        Optional.empty());
  }

  /**
   * Syncs once, now: a full load when due, else an incremental one. Never throws.
   *
   * @return true if the data is now as of this sync
   */
  synchronized boolean sync() {
    Instant started = clock.instant();
    Snapshot cur = current;
    boolean full = cur == null || mapping.changeColumn().isEmpty()
        || !started.isBefore(cur.fullLoadAt.plus(fullReloadInterval));
    try {
      Snapshot next = full ? fullLoad(started, cur) : incremental(started, cur);
      if (next == null) {
        return false; // a shrinking load held back; the reason is logged and counted
      }
      current = next;
      failures.succeeded();
      return true;
    } catch (SQLException | RuntimeException e) {
      failures.failed((full ? "full load" : "incremental sync") + " failed: " + e);
      return false;
    }
  }

  private Snapshot fullLoad(Instant started, Snapshot cur) throws SQLException {
    RowIndex.Builder rows = new RowIndex.Builder(issuers.size());
    long[] watermark = {Long.MIN_VALUE};
    int[] skipped = {0};
    read(mapping.loadSql(), Long.MIN_VALUE, loadTimeout, (issuer, serial, row, change) -> {
      rows.addLoaded(issuer, serial, row);
      watermark[0] = Math.max(watermark[0], change);
    }, skipped);
    RowIndex base = rows.build();
    if (cur != null && base.size() < cur.base.size() * (1 - maxShrink)
        && heldBackShrink < 0) {
      heldBackShrink = base.size();
      failures.failed("full load found " + base.size() + " rows where the snapshot has "
          + cur.base.size() + "; held back until the next load confirms the shrink");
      return null;
    }
    heldBackShrink = -1;
    generation.incrementAndGet();
    return new Snapshot(base, RowIndex.empty(issuers.size()),
        version(started, base.size(), watermark[0], skipped[0]), watermark[0], started);
  }

  private Snapshot incremental(Instant started, Snapshot cur) throws SQLException {
    long from = cur.watermark == Long.MIN_VALUE ? Long.MIN_VALUE
        : Math.max(Long.MIN_VALUE + 1, cur.watermark - mapping.changeOverlap());
    RowIndex.Builder delta = cur.delta.merged(RowIndex.empty(issuers.size()));
    long[] watermark = {cur.watermark};
    int[] changed = {0};
    int[] skipped = {0};
    read(mapping.changedSinceSql(), from, queryTimeout, (issuer, serial, row, change) -> {
      delta.putChanged(issuer, serial, row);
      watermark[0] = Math.max(watermark[0], change);
      changed[0]++;
    }, skipped);
    RowIndex newDelta = delta.build();
    RowIndex base = cur.base;
    if (newDelta.size() > Math.max(MIN_DELTA_BEFORE_MERGE, base.size() / 8)) {
      base = base.merged(newDelta).build();
      newDelta = RowIndex.empty(issuers.size());
    }
    if (changed[0] > 0) {
      generation.incrementAndGet();
    }
    return new Snapshot(base, newDelta,
        version(started, base.size() + newDelta.countNotIn(base), watermark[0], skipped[0]),
        watermark[0], cur.fullLoadAt);
  }

  private DataVersion version(Instant started, int rows, long watermark, int skipped) {
    String label = "snapshot of " + mapping.table() + ", " + rows + " rows"
        + (watermark == Long.MIN_VALUE ? "" : ", changes up to " + watermark)
        + (skipped == 0 ? "" : ", " + skipped + " unreadable rows skipped");
    return DataVersion.of(label, started, started.plus(maxAge));
  }

  private interface RowSink {
    void accept(int issuer, SerialNumber serial, Row row, long change);
  }

  /** Streams a query's rows of served issuers into the sink. */
  private void read(String sql, long from, Duration timeout, RowSink sink, int[] skipped)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try {
        // A silent network must not hold the sync thread past the timeout.
        c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE,
            timeout.toMillis() + 1000));
      } catch (SQLException | UnsupportedOperationException e) {
        // Embedded databases have no network; the query timeout remains.
      }
      boolean autoCommit = c.getAutoCommit();
      // PostgreSQL streams a result by fetch size only inside a transaction.
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
          ResultSet.CONCUR_READ_ONLY)) {
        ps.setFetchSize(FETCH_SIZE);
        ps.setQueryTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE,
            (timeout.toMillis() + 999) / 1000)));
        if (sql.endsWith("?")) {
          ps.setLong(1, from);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int issuer = issuers.resolve(rs.getString(mapping.issuerPos));
            if (issuer < 0) {
              continue;
            }
            SerialNumber serial;
            try {
              serial = mapping.serialEncoding().read(rs, mapping.serialPos);
            } catch (IllegalArgumentException e) {
              skipped[0]++;
              continue;
            }
            sink.accept(issuer, serial, reader.read(rs), reader.change(rs));
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(autoCommit);
      }
    }
  }

  @Override
  public long generation() {
    return generation.get();
  }

  @Override
  public SourceState state() {
    Snapshot s = current;
    return new SourceState(Optional.ofNullable(s).map(Snapshot::version), generation.get(),
        failures.count(), failures.lastFailure());
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
