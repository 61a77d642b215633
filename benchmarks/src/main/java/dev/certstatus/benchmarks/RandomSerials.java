package dev.certstatus.benchmarks;

import dev.certstatus.core.SerialNumber;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random positive 16-byte serials (the CA/Browser Forum's 64 bits and more of randomness, as most
 * CAs issue them), from a fixed seed, kept as two {@code long}s each so that 10 million of them
 * cost 160 MB and no objects. Also makes probes: half members, half serials verified absent.
 */
final class RandomSerials {

  final long[] hi;
  final long[] lo;

  private RandomSerials(long[] hi, long[] lo) {
    this.hi = hi;
    this.lo = lo;
  }

  static RandomSerials generate(int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] hi = new long[size];
    long[] lo = new long[size];
    for (int i = 0; i < size; i++) {
      hi[i] = r.nextLong();
      lo[i] = r.nextLong();
    }
    return new RandomSerials(hi, lo);
  }

  int size() {
    return hi.length;
  }

  /** @return DER content octets of serial {@code i}: a sign octet and 16 value octets */
  static byte[] content(long hi, long lo) {
    byte[] b = new byte[17];
    for (int j = 0; j < 8; j++) {
      b[1 + j] = (byte) (hi >>> (56 - 8 * j));
      b[9 + j] = (byte) (lo >>> (56 - 8 * j));
    }
    return b;
  }

  static BigInteger big(long hi, long lo) {
    return new BigInteger(content(hi, lo));
  }

  static SerialNumber serial(long hi, long lo) {
    return SerialNumber.ofContentOctets(content(hi, lo));
  }

  BigInteger big(int i) {
    return big(hi[i], lo[i]);
  }

  SerialNumber serial(int i) {
    return serial(hi[i], lo[i]);
  }

  /**
   * Probes, shuffled: exactly half are members picked at random, half random serials whose high
   * 64 bits no member has, so they are certainly absent.
   *
   * @param count how many
   * @param seed the seed
   * @return {@code [hi[], lo[]]} of the probes, and which are members in {@link Probes#present}
   */
  Probes probes(int count, long seed) {
    long[] sortedHi = hi.clone();
    Arrays.sort(sortedHi);
    SplittableRandom r = new SplittableRandom(seed);
    long[] ph = new long[count];
    long[] pl = new long[count];
    boolean[] present = new boolean[count];
    for (int i = 0; i < count; i++) {
      if ((i & 1) == 0) {
        int m = r.nextInt(size());
        ph[i] = hi[m];
        pl[i] = lo[m];
        present[i] = true;
      } else {
        long h;
        do {
          h = r.nextLong();
        } while (Arrays.binarySearch(sortedHi, h) >= 0);
        ph[i] = h;
        pl[i] = r.nextLong();
      }
    }
    // Shuffled, so that no pattern of hits and misses helps the branch predictor.
    for (int i = count - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      long t = ph[i];
      ph[i] = ph[j];
      ph[j] = t;
      t = pl[i];
      pl[i] = pl[j];
      pl[j] = t;
      boolean b = present[i];
      present[i] = present[j];
      present[j] = b;
    }
    return new Probes(ph, pl, present);
  }

  /** Probe serials as two longs each. */
  static final class Probes {
    final long[] hi;
    final long[] lo;
    final boolean[] present;

    Probes(long[] hi, long[] lo, boolean[] present) {
      this.hi = hi;
      this.lo = lo;
      this.present = present;
    }

    int size() {
      return hi.length;
    }

    int presentCount() {
      int n = 0;
      for (boolean p : present) {
        n += p ? 1 : 0;
      }
      return n;
    }
  }
}
