package dev.certstatus.jdbc;

import dev.certstatus.core.SerialNumber;
import java.util.HashMap;
import java.util.Map;

/**
 * The rows of a snapshot, per served CA, keyed by serial. Immutable once published.
 *
 * <p>This is the seam where the compact {@code SerialSet} of ocsp-core takes over once it is
 * available: lookups go only through {@link #get} and {@link #size}.
 */
final class RowIndex {

  private final Map<SerialNumber, Row>[] byIssuer;
  private final int size;

  private RowIndex(Map<SerialNumber, Row>[] byIssuer) {
    this.byIssuer = byIssuer;
    int n = 0;
    for (Map<SerialNumber, Row> m : byIssuer) {
      n += m.size();
    }
    this.size = n;
  }

  static RowIndex empty(int issuers) {
    return new Builder(issuers).build();
  }

  Row get(int issuer, SerialNumber serial) {
    return byIssuer[issuer].get(serial);
  }

  int size() {
    return size;
  }

  /** @return how many of this index's keys the other index does not have */
  int countNotIn(RowIndex other) {
    int n = 0;
    for (int i = 0; i < byIssuer.length; i++) {
      for (SerialNumber s : byIssuer[i].keySet()) {
        if (!other.byIssuer[i].containsKey(s)) {
          n++;
        }
      }
    }
    return n;
  }

  /** @return a builder that starts from this index's rows and then the other's on top */
  Builder merged(RowIndex top) {
    Builder b = new Builder(byIssuer.length);
    for (int i = 0; i < byIssuer.length; i++) {
      b.maps[i].putAll(byIssuer[i]);
      b.maps[i].putAll(top.byIssuer[i]);
    }
    return b;
  }

  /** Collects rows; not thread-safe, used by the one sync thread. */
  static final class Builder {
    private final Map<SerialNumber, Row>[] maps;

    @SuppressWarnings("unchecked")
    Builder(int issuers) {
      maps = new Map[issuers];
      for (int i = 0; i < issuers; i++) {
        maps[i] = new HashMap<>();
      }
    }

    /** Adds a row; another row already there for the key makes a duplicate. */
    void addLoaded(int issuer, SerialNumber serial, Row row) {
      maps[issuer].merge(serial, row, Row::mergeDuplicate);
    }

    /** Puts a changed row, replacing what an earlier sync read for the key. */
    void putChanged(int issuer, SerialNumber serial, Row row) {
      maps[issuer].put(serial, row);
    }

    RowIndex build() {
      return new RowIndex(maps);
    }
  }
}
