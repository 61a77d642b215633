package dev.certstatus.crl;

import dev.certstatus.core.SerialNumber;
import dev.certstatus.serial.RevocationMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The revoked serials of one certificate issuer on one CRL, looked up in constant time. A seam
 * between the CRL logic and the structure that holds the entries: complete CRLs and merged
 * results live in a compact {@link RevocationMap}; delta CRLs, whose removeFromCRL entries are
 * not revocations, in a plain map.
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
    for (RevokedEntry e : entries.values()) {
      if (e.isRemoveFromCrl()) {
        return new Plain(new HashMap<>(entries));
      }
    }
    RevocationMap.Builder b = RevocationMap.builder();
    entries.forEach((s, e) -> b.add(s, e.time(), e.reason(), e.invalidityDate()));
    return new Compact(b.build());
  }

  /** Entries in a hash map. */
  final class Plain implements RevokedIndex {
    private final Map<SerialNumber, RevokedEntry> map;

    private Plain(Map<SerialNumber, RevokedEntry> map) {
      this.map = map;
    }

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
  }

  /** Entries in columns beside a serial set. */
  final class Compact implements RevokedIndex {
    private final RevocationMap map;

    private Compact(RevocationMap map) {
      this.map = map;
    }

    @Override
    public RevokedEntry get(SerialNumber serial) {
      int i = map.indexOf(serial);
      return i < 0 ? null : entry(i);
    }

    private RevokedEntry entry(int i) {
      return new RevokedEntry(map.revocationTime(i), map.reason(i), map.invalidityDate(i));
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public Map<SerialNumber, RevokedEntry> toMap() {
      Map<SerialNumber, RevokedEntry> copy = new HashMap<>();
      map.serials().forEachIndexed((s, i) -> copy.put(s, entry(i)));
      return copy;
    }
  }
}
