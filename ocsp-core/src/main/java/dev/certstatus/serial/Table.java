package dev.certstatus.serial;

/**
 * The keys of one group, in an ordered linear-probing table.
 *
 * <p>Each key has a home slot, a monotone function of its bits (the 64 bits after the prefix that
 * all keys of the table share, scaled to the table). Keys are placed in sorted order, each at its
 * home or, if that is taken, at the slot after the previous key; a free slot repeats the key
 * before it. The slots are therefore sorted, and a key sits at most {@link #maxDisplacement} slots
 * after its home. A lookup computes the home and scans forward to the first slot not below the
 * key: one cache miss and a few comparisons at the default load of {@value #LOAD}. If keys crowd
 * together (clustered serials), the scan gives way to a binary search bounded by the largest
 * displacement, so no input makes a lookup slower than O(log n).
 *
 * <p>Keys are words with the sign bit flipped (see {@link Keys}), so signed comparison is key
 * order. An occupancy bitmap with a rank per 64 slots turns a slot into the key's rank, the index
 * of its payload.
 */
final class Table {

  /** Keys per slot. 0.8 keeps the scan short (about 3 slots) at 20 bytes per 16-byte key. */
  static final double LOAD = 0.8;

  /** How many slots a lookup scans before it switches to binary search. */
  private static final int SCAN = 16;

  final int group;
  final int stride;
  final long[] slots;
  final int slotCount;
  final long homes;
  final int prefixBits;
  final int maxDisplacement;
  final int size;
  final int rankBase;
  private final long[] occupied;
  private final int[] rankBefore;

  private Table(int group, int stride, long[] slots, int slotCount, long homes, int prefixBits,
      int maxDisplacement, int size, int rankBase, long[] occupied, int[] rankBefore) {
    this.group = group;
    this.stride = stride;
    this.slots = slots;
    this.slotCount = slotCount;
    this.homes = homes;
    this.prefixBits = prefixBits;
    this.maxDisplacement = maxDisplacement;
    this.size = size;
    this.rankBase = rankBase;
    this.occupied = occupied;
    this.rankBefore = rankBefore;
  }

  /**
   * Places sorted, distinct keys.
   *
   * @param group the group
   * @param keys the keys, {@code stride} words each, ascending
   * @param count how many keys
   * @param rankBase the rank of the first key in the whole set
   * @return the table
   */
  static Table place(int group, long[] keys, int count, int rankBase) {
    int k = Keys.stride(group);
    int cp = count > 1 ? commonPrefix(keys, 0, keys, (count - 1) * k, k) : 0;
    long homes = Math.max(1, (long) Math.ceil(count / LOAD));
    // First pass: the last position and the largest displacement decide the sizes.
    long pos = -1;
    long maxDisp = 0;
    for (int i = 0; i < count; i++) {
      long h = home(keys, i * k, k, cp, homes);
      pos = Math.max(h, pos + 1);
      maxDisp = Math.max(maxDisp, pos - h);
    }
    // At least one slot per home, so that every home, even one past the last key, is a slot.
    long slotCount = Math.max(pos + 1, homes);
    if (slotCount * k > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("too many serials of " + Keys.length(group)
          + " octets for one set: " + count);
    }
    int n = (int) slotCount;
    long[] slots = new long[n * k];
    long[] occupied = new long[(n + 63) >>> 6];
    int[] rankBefore = new int[occupied.length];
    // A free slot repeats the key before it; free slots before the first key repeat the first
    // key. Only copies of real keys: a lookup would find a made-up value. Slots stay sorted, and
    // a lookup, which starts at its own key's home, meets its key's real slot before any copy.
    int p = -1;
    for (int i = 0; i < count; i++) {
      int h = (int) home(keys, i * k, k, cp, homes);
      int at = Math.max(h, p + 1);
      for (int gap = p + 1; gap < at; gap++) {
        System.arraycopy(keys, Math.max(0, i - 1) * k, slots, gap * k, k);
      }
      System.arraycopy(keys, i * k, slots, at * k, k);
      occupied[at >>> 6] |= 1L << at;
      p = at;
    }
    for (int pad = p + 1; pad < n; pad++) {
      System.arraycopy(keys, (count - 1) * k, slots, pad * k, k);
    }
    int rank = 0;
    for (int w = 0; w < occupied.length; w++) {
      rankBefore[w] = rank;
      rank += Long.bitCount(occupied[w]);
    }
    return new Table(group, k, slots, n, homes, cp, (int) maxDisp, count, rankBase, occupied,
        rankBefore);
  }

  /** @return the number of leading bits two keys share (their unflipped words) */
  static int commonPrefix(long[] a, int aBase, long[] b, int bBase, int k) {
    for (int j = 0; j < k; j++) {
      long x = a[aBase + j] ^ b[bBase + j];
      if (x != 0) {
        return 64 * j + Long.numberOfLeadingZeros(x);
      }
    }
    return 64 * k;
  }

  /** @return the 64 bits of a key after its first {@code cp} bits, zero-padded */
  static long window(long[] keys, int base, int k, int cp) {
    int j = cp >>> 6;
    if (j >= k) {
      return 0;
    }
    int r = cp & 63;
    long w = (keys[base + j] ^ Long.MIN_VALUE) << r;
    if (r != 0 && j + 1 < k) {
      w |= (keys[base + j + 1] ^ Long.MIN_VALUE) >>> (64 - r);
    }
    return w;
  }

  private static long home(long[] keys, int base, int k, int cp, long homes) {
    return scale(window(keys, base, k, cp), homes);
  }

  /** @return floor(window * homes / 2^64): a monotone map of the window onto [0, homes) */
  static long scale(long window, long homes) {
    return Math.multiplyHigh(window, homes) + ((window >> 63) & homes);
  }

  private long window1(long x0) {
    return prefixBits >= 64 ? 0 : (x0 ^ Long.MIN_VALUE) << prefixBits;
  }

  private long window2(long x0, long x1) {
    int cp = prefixBits;
    long a = x0 ^ Long.MIN_VALUE;
    long b = x1 ^ Long.MIN_VALUE;
    if (cp == 0) {
      return a;
    } else if (cp < 64) {
      return (a << cp) | (b >>> (64 - cp));
    } else if (cp < 128) {
      return b << (cp - 64);
    }
    return 0;
  }

  /**
   * @param x0 the key's only word (flipped)
   * @return the key's slot, or -1
   */
  int find1(long x0) {
    long[] s = slots;
    int h = (int) scale(window1(x0), homes);
    int end = Math.min(h + maxDisplacement, slotCount - 1);
    int limit = Math.min(end, h + SCAN);
    int p = h;
    while (p <= limit) {
      long a = s[p];
      if (a >= x0) {
        return a == x0 ? p : -1;
      }
      p++;
    }
    return p > end ? -1 : search1(p, end, x0);
  }

  private int search1(int from, int end, long x0) {
    long[] s = slots;
    int lo = from;
    int hi = end + 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (s[mid] < x0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo <= end && s[lo] == x0 ? lo : -1;
  }

  /**
   * The main case: serials of 9 to 16 value octets, such as random 128-bit serials. Kept short:
   * the fewer instructions a lookup takes, the more lookups the CPU overlaps while it waits for
   * memory. (Branch-free variants that compare a window of slots measured slower here: they
   * execute more instructions per lookup.)
   *
   * @param x0 the key's first word (flipped)
   * @param x1 its second word
   * @return the key's slot, or -1
   */
  int find2(long x0, long x1) {
    long[] s = slots;
    int h = (int) scale(window2(x0, x1), homes);
    int end = Math.min(h + maxDisplacement, slotCount - 1);
    int limit = Math.min(end, h + SCAN);
    int p = h;
    while (p <= limit) {
      long a = s[2 * p];
      if (a > x0) {
        return -1;
      }
      if (a == x0) {
        long b = s[2 * p + 1];
        if (b >= x1) {
          return b == x1 ? p : -1;
        }
      }
      p++;
    }
    return p > end ? -1 : search2(p, end, x0, x1);
  }

  private int search2(int from, int end, long x0, long x1) {
    long[] s = slots;
    int lo = from;
    int hi = end + 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      long a = s[2 * mid];
      if (a < x0 || (a == x0 && s[2 * mid + 1] < x1)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo <= end && s[2 * lo] == x0 && s[2 * lo + 1] == x1 ? lo : -1;
  }

  /**
   * For keys of three or four words.
   *
   * @param x0 the key's first word (flipped)
   * @param x1 its second word
   * @param x2 its third word
   * @param x3 its fourth word, or the flipped zero word for three-word keys
   * @return the key's slot, or -1
   */
  int findN(long x0, long x1, long x2, long x3) {
    int k = stride;
    int cp = prefixBits;
    long window = windowN(cp, x0, x1, x2, x3);
    int h = (int) scale(window, homes);
    int end = Math.min(h + maxDisplacement, slotCount - 1);
    // Keys this long are rare (non-conforming CAs): a bounded binary search is plenty.
    int lo = h;
    int hi = end + 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (compare(mid * k, k, x0, x1, x2, x3) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo <= end && compare(lo * k, k, x0, x1, x2, x3) == 0 ? lo : -1;
  }

  private static long windowN(int cp, long x0, long x1, long x2, long x3) {
    int j = cp >>> 6;
    int r = cp & 63;
    long a = wordOf(j, x0, x1, x2, x3) ^ Long.MIN_VALUE;
    long b = wordOf(j + 1, x0, x1, x2, x3) ^ Long.MIN_VALUE;
    return r == 0 ? a : (a << r) | (b >>> (64 - r));
  }

  private static long wordOf(int j, long x0, long x1, long x2, long x3) {
    switch (j) {
      case 0:
        return x0;
      case 1:
        return x1;
      case 2:
        return x2;
      case 3:
        return x3;
      default:
        return Long.MIN_VALUE; // past the key: zero bits
    }
  }

  private int compare(int base, int k, long x0, long x1, long x2, long x3) {
    for (int j = 0; j < k; j++) {
      int c = Long.compare(slots[base + j], wordOf(j, x0, x1, x2, x3));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /**
   * @param p an occupied slot, from a {@code find} method
   * @return the set-wide rank of its key
   */
  int rank(int p) {
    return rankBase + rankBefore[p >>> 6] + Long.bitCount(occupied[p >>> 6] & ((1L << p) - 1));
  }

  /** @return the first occupied slot, or -1 */
  int firstSlot() {
    return nextSlot(-1);
  }

  /** @return the next occupied slot after {@code p}, or -1 */
  int nextSlot(int p) {
    int q = p + 1;
    if (q >= slotCount) {
      return -1;
    }
    int w = q >>> 6;
    long bits = occupied[w] & (-1L << q);
    while (bits == 0) {
      if (++w >= occupied.length) {
        return -1;
      }
      bits = occupied[w];
    }
    return (w << 6) + Long.numberOfTrailingZeros(bits);
  }

  /** @return an estimate of the bytes this table occupies on the heap */
  long memoryBytes() {
    return 72 + Memory.array(slots.length, 8) + Memory.array(occupied.length, 8)
        + Memory.array(rankBefore.length, 4);
  }
}
