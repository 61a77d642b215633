package dev.certstatus.jdbc;

import dev.certstatus.core.SerialNumber;
import java.util.HashMap;
import java.util.Map;

/**
 * The rows an incremental sync read since the last full load, per served CA, keyed by serial:
 * the small delta a snapshot layers over its {@link CompactRows}. Immutable once built.
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

  /** @return how many of this index's serials the base does not have */
  int countNotIn(CompactRows base) {
    int n = 0;
    for (int i = 0; i < byIssuer.length; i++) {
      for (SerialNumber s : byIssuer[i].keySet()) {
        if (!base.contains(i, s)) {
          n++;
        }
      }
    }
    return n;
  }

  /** @return a builder holding this index's rows, to put changed rows on top */
  Builder toBuilder() {
    Builder b = new Builder(byIssuer.length);
    for (int i = 0; i < byIssuer.length; i++) {
      b.maps[i].putAll(byIssuer[i]);
    }
    return b;
  }

  /** Collects rows; not thread-safe, used by the one sync thread. */
  static final class Builder {
    private final Map<SerialNumber, Row>[] maps;

    @SuppressWarnings({"unchecked", "rawtypes"}) // arrays of a generic type
    Builder(int issuers) {
      maps = new Map[issuers];
      for (int i = 0; i < issuers; i++) {
        maps[i] = new HashMap<>();
      }
    }

    /** Puts a changed row, replacing what an earlier sync read for the serial. */
    void put(int issuer, SerialNumber serial, Row row) {
      maps[issuer].put(serial, row);
    }


    RowIndex build() {
      return new RowIndex(maps);
    }
  }
}
