package dev.certstatus.crl;

import dev.certstatus.core.SerialNumber;
import java.util.HashMap;
import java.util.Map;

/**
 * The revoked serials of one certificate issuer on one CRL, looked up in constant time. A seam:
 * the compact serial structures of the {@code serialset} work can replace the map behind it
 * without touching the CRL logic.
 */
interface RevokedIndex {

  /** An index with no entries. */
  RevokedIndex EMPTY = of(Map.of());

  /**
   * @param serial a serial
   * @return its entry, or null when the serial is not listed
   */
  RevokedEntry get(SerialNumber serial);

  /** @return the number of entries */
  int size();

  /** @return a copy of the entries, for merging a delta CRL */
  Map<SerialNumber, RevokedEntry> toMap();

  static RevokedIndex of(Map<SerialNumber, RevokedEntry> entries) {
    Map<SerialNumber, RevokedEntry> map = new HashMap<>(entries);
    return new RevokedIndex() {
      @Override
      public RevokedEntry get(SerialNumber serial) {
        return map.get(serial);
      }

      @Override
      public int size() {
        return map.size();
      }

      @Override
      public Map<SerialNumber, RevokedEntry> toMap() {
        return new HashMap<>(map);
      }
    };
  }
}
