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
import java.util.HashMap;
import java.util.Map;
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
 * step: a full load at start and every {@code fullReloadInterval} into {@link CompactRows} (the
 * compact serial sets of ocsp-core), and in between an incremental read of the rows whose change
 * column is at or above the highest value seen, less the overlap. Changed rows go into a small
 * delta on top of the base; when the delta grows past an eighth of the base, the next sync is a
 * full load.
 */
final class SnapshotSource implements Source {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStatusProvider.class);
  private static final int FETCH_SIZE = 10_000;
  private static final int MAX_DELTA_MIN = 10_000;

  /** One published state: every field describes the same data. */
  private record Snapshot(CompactRows base, RowIndex delta, DataVersion version, long watermark,
      Instant fullLoadAt, boolean fullLoadDue) {

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
    boolean full = cur == null || cur.fullLoadDue || mapping.changeColumn().isEmpty()
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
    CompactRows.Builder rows = new CompactRows.Builder(issuers.size());
    long[] watermark = {Long.MIN_VALUE};
    int[] skipped = {0};
    read(mapping.loadSql(), Long.MIN_VALUE, loadTimeout, (issuer, serial, row, change) -> {
      rows.add(issuer, serial, row);
      watermark[0] = Math.max(watermark[0], change);
    }, skipped);
    CompactRows base = rows.build();
    for (int i = 0; i < issuers.size(); i++) {
      if (base.compactSize(i) < rows.added(i)) {
        base = base.withDuplicates(i, duplicates(i, rows.added(i) - base.compactSize(i)));
      }
    }
    int serving = cur == null ? 0 : cur.base.size() + cur.delta.countNotIn(cur.base);
    if (cur != null && base.size() < serving * (1 - maxShrink) && heldBackShrink < 0) {
      heldBackShrink = base.size();
      failures.failed("full load found " + base.size() + " rows where the snapshot has "
          + serving + "; held back until the next load confirms the shrink");
      return null;
    }
    heldBackShrink = -1;
    generation.incrementAndGet();
    return new Snapshot(base, RowIndex.empty(issuers.size()),
        version(started, base.size(), watermark[0], skipped[0]), watermark[0], started, false);
  }

  /**
   * The serials of one CA that several rows hold, merged as {@link Row#mergeDuplicate} does: a
   * second query, run only when a full load found some, since the compact set drops them
   * silently.
   */
  private Map<SerialNumber, Row> duplicates(int issuer, int extraRows) throws SQLException {
    Map<SerialNumber, Row> out = new HashMap<>();
    int[] found = {0};
    read(mapping.duplicatesSql(), Long.MIN_VALUE, loadTimeout, (i, serial, row, change) -> {
      if (i == issuer && out.merge(serial, row, Row::mergeDuplicate) != row) {
        found[0]++;
      }
    }, new int[1]);
    out.values().removeIf(r -> !r.isDuplicate());
    if (found[0] < extraRows) {
      LOG.warn("table {}: issuer {} has {} rows more than serials, {} of them found by serial"
          + " text; for the others the first row read answers", mapping.table(),
          issuers.id(issuer), extraRows, found[0]);
    }
    return out;
  }

  private Snapshot incremental(Instant started, Snapshot cur) throws SQLException {
    long from = cur.watermark == Long.MIN_VALUE ? Long.MIN_VALUE
        : Math.max(Long.MIN_VALUE + 1, cur.watermark - mapping.changeOverlap());
    RowIndex.Builder delta = cur.delta.toBuilder();
    long[] watermark = {cur.watermark};
    int[] changed = {0};
    int[] skipped = {0};
    read(mapping.changedSinceSql(), from, queryTimeout, (issuer, serial, row, change) -> {
      delta.put(issuer, serial, row);
      watermark[0] = Math.max(watermark[0], change);
      changed[0]++;
    }, skipped);
    RowIndex newDelta = delta.build();
    if (changed[0] > 0) {
      generation.incrementAndGet();
    }
    // A delta past an eighth of the base makes the next sync a full load, which folds it into
    // compact columns again.
    boolean fullLoadDue = newDelta.size() > Math.max(MAX_DELTA_MIN, cur.base.size() / 8);
    return new Snapshot(cur.base, newDelta,
        version(started, cur.base.size() + newDelta.countNotIn(cur.base), watermark[0],
            skipped[0]), watermark[0], cur.fullLoadAt, fullLoadDue);
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
