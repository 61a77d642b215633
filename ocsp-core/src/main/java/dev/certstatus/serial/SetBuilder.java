package dev.certstatus.serial;

import dev.certstatus.core.SerialNumber;
import java.util.Objects;

/**
 * Collects serials, each with an optional input id, and builds the tables of a {@link SerialSet}.
 * The ids let payload columns follow their serials into rank order.
 */
final class SetBuilder {

  private final KeyBuffer[] buffers = new KeyBuffer[Keys.GROUPS];
  private final boolean withIds;
  private final Sorter.Merger merger;
  private boolean built;

  /**
   * @param withIds whether each serial carries an id
   * @param merger picks among ids of equal serials
   */
  SetBuilder(boolean withIds, Sorter.Merger merger) {
    this.withIds = withIds;
    this.merger = merger;
  }

  private KeyBuffer buffer(int group) {
    if (built) {
      throw new IllegalStateException("this builder has already built its set");
    }
    KeyBuffer b = buffers[group];
    if (b == null) {
      b = new KeyBuffer(Keys.stride(group) + (withIds ? 1 : 0), 64);
      buffers[group] = b;
    }
    return b;
  }

  void add(SerialNumber serial, long id) {
    Objects.requireNonNull(serial, "serial");
    int group = Keys.group(serial);
    int start = Keys.start(serial);
    int len = Keys.length(group);
    KeyBuffer b = buffer(group);
    int base = b.append();
    int k = Keys.stride(group);
    long[] w = b.words;
    for (int j = 0; j < k; j++) {
      w[base + j] = Keys.word(serial, start, len, j);
    }
    if (withIds) {
      w[base + k] = id;
    }
  }

  void addContentOctets(byte[] octets, int offset, int length, long id) {
    Objects.requireNonNull(octets, "octets");
    Objects.checkFromIndexSize(offset, length, octets.length);
    if (length == 0) {
      throw new IllegalArgumentException("serial number content octets are empty");
    }
    int start = Keys.minimalStart(octets, offset, length);
    int group = Keys.group(octets, start, offset + length);
    if (group < 0) {
      throw new IllegalArgumentException("serial number too long: " + (offset + length - start)
          + " content octets, at most " + SerialNumber.MAX_CONTENT_OCTETS + " accepted");
    }
    int len = Keys.length(group);
    int keyStart = offset + length - len; // skips the sign octet of a positive serial
    KeyBuffer b = buffer(group);
    int base = b.append();
    int k = Keys.stride(group);
    long[] w = b.words;
    for (int j = 0; j < k; j++) {
      w[base + j] = Keys.word(octets, keyStart, len, j);
    }
    if (withIds) {
      w[base + k] = id;
    }
  }

  /** A built set, and for each rank the id of the entry that was kept. */
  static final class Result {
    final SerialSet set;
    final long[] ids;

    Result(SerialSet set, long[] ids) {
      this.set = set;
      this.ids = ids;
    }
  }

  Result build() {
    if (built) {
      throw new IllegalStateException("this builder has already built its set");
    }
    built = true;
    Table[] tables = new Table[Keys.GROUPS];
    Sorter.Sorted[] sorted = new Sorter.Sorted[Keys.GROUPS];
    long total = 0;
    for (int g = 0; g < Keys.GROUPS; g++) {
      KeyBuffer b = buffers[g];
      if (b != null) {
        buffers[g] = null; // let the unsorted keys go before the table is allocated
        sorted[g] = Sorter.sortDistinct(b.words, b.count, b.stride, Keys.stride(g), merger);
        total += sorted[g].count;
      }
    }
    if (total > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("too many serials for one set: " + total);
    }
    long[] ids = withIds ? new long[(int) total] : null;
    int rank = 0;
    for (int g = 0; g < Keys.GROUPS; g++) {
      Sorter.Sorted s = sorted[g];
      if (s == null) {
        continue;
      }
      sorted[g] = null;
      int k = Keys.stride(g);
      long[] keys = s.words;
      if (withIds) {
        int stride = k + 1;
        for (int i = 0; i < s.count; i++) {
          ids[rank + i] = keys[i * stride + k];
        }
        keys = stripIds(keys, s.count, k);
      }
      tables[g] = Table.place(g, keys, s.count, rank);
      rank += s.count;
    }
    return new Result(new SerialSet(tables, rank), ids);
  }

  private static long[] stripIds(long[] recs, int count, int k) {
    long[] keys = new long[count * k];
    for (int i = 0; i < count; i++) {
      System.arraycopy(recs, i * (k + 1), keys, i * k, k);
    }
    return keys;
  }
}
