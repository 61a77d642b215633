package dev.certstatus.jdbc;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.serial.IssuedSerialSet;
import dev.certstatus.serial.RevocationMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of a full load, per served CA, in the compact structures of ocsp-core: an
 * {@link IssuedSerialSet} (serial, validity, fingerprint) and a {@link RevocationMap} (the
 * revoked rows), about 70 bytes a row with a SHA-256 fingerprint instead of some 200 in hash maps.
 * Rows those columns cannot hold (a row whose revocation or issuance cannot be answered, or two
 * rows for one serial) stay as {@link Row} objects in a small map that overrides them. Immutable.
 */
final class CompactRows {

  private static final DataVersion NONE = DataVersion.NONE;

  private final IssuedSerialSet[] issued;
  private final RevocationMap[] revoked;
  private final Map<SerialNumber, Row>[] exceptions;
  private final int size;

  private CompactRows(IssuedSerialSet[] issued, RevocationMap[] revoked,
      Map<SerialNumber, Row>[] exceptions) {
    this.issued = issued;
    this.revoked = revoked;
    this.exceptions = exceptions;
    int n = 0;
    for (int i = 0; i < issued.length; i++) {
      n += issued[i].size();
      for (SerialNumber s : exceptions[i].keySet()) {
        if (issued[i].serials().indexOf(s) < 0) {
          n++;
        }
      }
    }
    this.size = n;
  }

  /** @return the row for the serial, or null if the CA has none */
  Row get(int issuer, SerialNumber serial) {
    Row exception = exceptions[issuer].get(serial);
    if (exception != null) {
      return exception;
    }
    int i = issued[issuer].serials().indexOf(serial);
    if (i < 0) {
      return null;
    }
    int r = revoked[issuer].indexOf(serial);
    Optional<Finding.Revoked> revocation = r < 0 ? Optional.empty()
        : Optional.of(revoked[issuer].revoked(r, "", NONE));
    return Row.of(issued[issuer].validity(i), issued[issuer].certificateHash(i), revocation);
  }

  boolean contains(int issuer, SerialNumber serial) {
    return exceptions[issuer].containsKey(serial)
        || issued[issuer].serials().indexOf(serial) >= 0;
  }

  /** @return the number of distinct serials */
  int size() {
    return size;
  }

  /** @return an estimate of the heap the compact columns occupy, without the exception rows */
  long memoryBytes() {
    long bytes = 0;
    for (int i = 0; i < issued.length; i++) {
      bytes += issued[i].memoryBytes() + revoked[i].memoryBytes();
    }
    return bytes;
  }

  /** Collects the rows of a full load; not thread-safe, used by the one sync thread. */
  static final class Builder {
    private final IssuedSerialSet.Builder[] issued;
    private final RevocationMap.Builder[] revoked;
    private final Map<SerialNumber, Row>[] exceptions;
    private final int[] added;

    @SuppressWarnings({"unchecked", "rawtypes"}) // arrays of a generic type
    Builder(int issuers) {
      this.issued = new IssuedSerialSet.Builder[issuers];
      this.revoked = new RevocationMap.Builder[issuers];
      this.exceptions = new Map[issuers];
      this.added = new int[issuers];
      for (int i = 0; i < issuers; i++) {
        issued[i] = IssuedSerialSet.builder();
        revoked[i] = RevocationMap.builder();
        exceptions[i] = new HashMap<>();
      }
    }

    void add(int issuer, SerialNumber serial, Row row) {
      if (row.hasProblem()) {
        exceptions[issuer].merge(serial, row, Row::mergeDuplicate);
        return;
      }
      issued[issuer].add(serial, row.validity(), row.hash());
      if (row.revoked()) {
        revoked[issuer].add(serial, row.revocationTime(), row.reason(), row.invalidityDate());
      }
      added[issuer]++;
    }

    /** @return per served CA, how many rows went into the compact set */
    int added(int issuer) {
      return added[issuer];
    }

    CompactRows build() {
      IssuedSerialSet[] sets = new IssuedSerialSet[issued.length];
      RevocationMap[] maps = new RevocationMap[issued.length];
      for (int i = 0; i < issued.length; i++) {
        sets[i] = issued[i].build();
        maps[i] = revoked[i].build();
      }
      return new CompactRows(sets, maps, exceptions);
    }
  }

  /** @return per served CA, how many distinct serials the compact set holds */
  int compactSize(int issuer) {
    return issued[issuer].size();
  }

  /**
   * The compact set keeps one row of a serial that several rows hold, silently; the caller finds
   * those serials (see {@link SnapshotSource}) and names them here.
   *
   * @param issuer the served CA
   * @param duplicates merged rows by serial, which override the compact columns
   * @return rows with these exceptions added
   */
  CompactRows withDuplicates(int issuer, Map<SerialNumber, Row> duplicates) {
    Map<SerialNumber, Row>[] copy = exceptions.clone();
    copy[issuer] = new HashMap<>(exceptions[issuer]);
    copy[issuer].putAll(duplicates);
    return new CompactRows(issued, revoked, copy);
  }

  @Override
  public String toString() {
    return "CompactRows[" + size + " rows]";
  }
}
