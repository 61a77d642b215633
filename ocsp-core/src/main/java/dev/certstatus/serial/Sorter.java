package dev.certstatus.serial;

/**
 * Sorts records of words and drops duplicate keys, without objects.
 *
 * <p>A record is {@code stride} words: the key's {@code k} words, then optionally one word with
 * the entry's input id. A counting pass distributes the records over as many buckets as there
 * are records, by the same monotone map of key bits that the {@link Table} uses, so uniform keys
 * (random serials) end up one or two to a bucket and sorting is linear. Buckets that clustered
 * keys overfill are sorted by a three-way quicksort, which stays fast with many equal keys.
 */
final class Sorter {

  /** Picks which of two entries with the same key stays. */
  interface Merger {
    /**
     * @param keptId the id of the entry kept so far (the first in sorted order)
     * @param otherId the id of a later entry with the same key
     * @return the id to keep
     */
    long choose(long keptId, long otherId);
  }

  /** Keeps the entry that sorts first: with ids, the one added first. */
  static final Merger FIRST = (kept, other) -> kept;

  private static final int INSERTION = 24;

  private final int stride;
  private final int k;
  private final long[] pivot;
  private final long[] tmp;

  private Sorter(int stride, int k) {
    this.stride = stride;
    this.k = k;
    this.pivot = new long[stride];
    this.tmp = new long[stride];
  }

  /**
   * @param recs the records (left unchanged)
   * @param n how many
   * @param stride words per record
   * @param k key words per record
   * @param merger picks among entries with equal keys; the id word is the last of a record
   * @return the distinct records, ascending, in a new array; {@code result.length / stride}
   *     is not the count: see {@link Sorted#count}
   */
  static Sorted sortDistinct(long[] recs, int n, int stride, int k, Merger merger) {
    Sorter s = new Sorter(stride, k);
    long[] out = new long[n * stride];
    if (n == 0) {
      return new Sorted(out, 0);
    }
    int minBase = 0;
    int maxBase = 0;
    for (int i = 1; i < n; i++) {
      int base = i * stride;
      if (s.compareKeys(recs, base, recs, minBase) < 0) {
        minBase = base;
      }
      if (s.compareKeys(recs, base, recs, maxBase) > 0) {
        maxBase = base;
      }
    }
    int cp = Table.commonPrefix(recs, minBase, recs, maxBase, k);
    int[] start = new int[n + 1];
    for (int i = 0; i < n; i++) {
      start[bucket(recs, i * stride, k, cp, n) + 1]++;
    }
    for (int b = 0; b < n; b++) {
      start[b + 1] += start[b];
    }
    int[] next = start.clone();
    for (int i = 0; i < n; i++) {
      int b = bucket(recs, i * stride, k, cp, n);
      System.arraycopy(recs, i * stride, out, next[b]++ * stride, stride);
    }
    next = null;
    for (int b = 0; b < n; b++) {
      int lo = start[b];
      int hi = start[b + 1];
      if (hi - lo > 1) {
        s.sort(out, lo, hi);
      }
    }
    start = null;
    return new Sorted(out, s.dedupe(out, n, merger));
  }

  /** Sorted records and how many there are. */
  static final class Sorted {
    final long[] words;
    final int count;

    Sorted(long[] words, int count) {
      this.words = words;
      this.count = count;
    }
  }

  private static int bucket(long[] recs, int base, int k, int cp, int n) {
    return (int) Table.scale(Table.window(recs, base, k, cp), n);
  }

  private int dedupe(long[] a, int n, Merger merger) {
    int kept = 0;
    for (int i = 1; i < n; i++) {
      int base = i * stride;
      int keptBase = kept * stride;
      if (compareKeys(a, base, a, keptBase) == 0) {
        if (stride > k) {
          a[keptBase + k] = merger.choose(a[keptBase + k], a[base + k]);
        }
      } else {
        kept++;
        if (kept != i) {
          System.arraycopy(a, base, a, kept * stride, stride);
        }
      }
    }
    return kept + 1;
  }

  private int compareKeys(long[] a, int aBase, long[] b, int bBase) {
    for (int j = 0; j < k; j++) {
      int c = Long.compare(a[aBase + j], b[bBase + j]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Compares whole records, so equal keys order by id: the first added sorts first. */
  private int compare(long[] a, int aBase, long[] b, int bBase) {
    for (int j = 0; j < stride; j++) {
      int c = Long.compare(a[aBase + j], b[bBase + j]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private void swap(long[] a, int i, int j) {
    int x = i * stride;
    int y = j * stride;
    for (int w = 0; w < stride; w++) {
      long t = a[x + w];
      a[x + w] = a[y + w];
      a[y + w] = t;
    }
  }

  /** Sorts records {@code [lo, hi)}. */
  private void sort(long[] a, int lo, int hi) {
    while (hi - lo > INSERTION) {
      int mid = (lo + hi) >>> 1;
      // Median of three as the pivot, copied out since partitioning moves records.
      int m = median(a, lo, mid, hi - 1);
      System.arraycopy(a, m * stride, pivot, 0, stride);
      // Dijkstra's three-way partition: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi) > pivot.
      int lt = lo;
      int i = lo;
      int gt = hi - 1;
      while (i <= gt) {
        int c = compare(a, i * stride, pivot, 0);
        if (c < 0) {
          swap(a, lt++, i++);
        } else if (c > 0) {
          swap(a, i, gt--);
        } else {
          i++;
        }
      }
      // Recurse into the smaller side, loop on the larger: the stack stays O(log n).
      if (lt - lo < hi - (gt + 1)) {
        sort(a, lo, lt);
        lo = gt + 1;
      } else {
        sort(a, gt + 1, hi);
        hi = lt;
      }
    }
    insertionSort(a, lo, hi);
  }

  private int median(long[] a, int x, int y, int z) {
    int xy = compare(a, x * stride, a, y * stride);
    int yz = compare(a, y * stride, a, z * stride);
    if ((xy <= 0 && yz <= 0) || (xy >= 0 && yz >= 0)) {
      return y;
    }
    // y is the largest or the smallest of the three: the median is the larger or smaller of x, z.
    boolean xBelowZ = compare(a, x * stride, a, z * stride) < 0;
    if (xy < 0) {
      return xBelowZ ? z : x;
    }
    return xBelowZ ? x : z;
  }

  private void insertionSort(long[] a, int lo, int hi) {
    for (int i = lo + 1; i < hi; i++) {
      if (compare(a, (i - 1) * stride, a, i * stride) <= 0) {
        continue;
      }
      System.arraycopy(a, i * stride, tmp, 0, stride);
      int j = i - 1;
      while (j >= lo && compare(a, j * stride, tmp, 0) > 0) {
        System.arraycopy(a, j * stride, a, (j + 1) * stride, stride);
        j--;
      }
      System.arraycopy(tmp, 0, a, (j + 1) * stride, stride);
    }
  }
}
