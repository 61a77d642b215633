package dev.certstatus.serial;

import dev.certstatus.core.SerialNumber;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * Turns serials into table keys without allocating.
 *
 * <p>A key is a group and a byte string. Non-negative serials are grouped by the length of their
 * magnitude (the content octets without the sign octet {@code 00}), so that a random 128-bit
 * serial, which DER writes in 16 or 17 octets, lands in one 16-byte group either way; negative
 * serials, which RFC 5280 forbids and which are rare, are grouped by content length. Within a
 * group all strings have the same length, so their order as unsigned big-endian numbers is
 * lexicographic order. A string of {@code len} bytes is read as {@code (len + 7) / 8} words,
 * left-aligned and zero-padded on the right, each with its sign bit flipped so that signed
 * {@code long} comparison is unsigned order.
 */
final class Keys {

  /** Groups 0 to 31: magnitude lengths 1 to 32. Groups 32 to 63: negatives of length 1 to 32. */
  static final int GROUPS = 2 * SerialNumber.MAX_CONTENT_OCTETS;

  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Keys() {}

  /** @return the byte length of keys in a group */
  static int length(int group) {
    return group < SerialNumber.MAX_CONTENT_OCTETS ? group + 1
        : group - SerialNumber.MAX_CONTENT_OCTETS + 1;
  }

  /** @return words per key in a group */
  static int stride(int group) {
    return (length(group) + 7) / 8;
  }

  // ---- SerialNumber (always minimal) ----

  // Random serials have a sign octet half the time, so these two are written without branches:
  // a mispredicted branch per lookup would stall the loads of the lookups after it.

  /** @return the offset of the key in the content octets: 1 to skip a sign octet, else 0 */
  static int start(SerialNumber s) {
    int first = s.octet(0);
    int firstIsZero = ((first | -first) >>> 31) ^ 1;
    int longerThanOne = (1 - s.length()) >>> 31;
    return firstIsZero & longerThanOne;
  }

  /** @return the group of a serial */
  static int group(SerialNumber s) {
    int negative = s.octet(0) >>> 31; // the octet is sign-extended: 1 if the serial is negative
    return s.length() - 1 - start(s) + negative * SerialNumber.MAX_CONTENT_OCTETS;
  }

  /** @return word {@code j} of the key that starts at {@code start} and has {@code len} bytes */
  static long word(SerialNumber s, int start, int len, int j) {
    // The key runs to the end of the content octets, so contentLong's zero padding is the key's.
    return s.contentLong(start + 8 * j) ^ Long.MIN_VALUE;
  }

  // ---- DER content octets (possibly not minimal) ----

  /** @return the offset of the first octet of the minimal encoding in the slice */
  static int minimalStart(byte[] b, int off, int len) {
    int start = off;
    int end = off + len;
    while (start < end - 1 && ((b[start] == 0 && b[start + 1] >= 0)
        || (b[start] == -1 && b[start + 1] < 0))) {
      start++;
    }
    return start;
  }

  /**
   * @param b the array
   * @param start where the minimal encoding starts
   * @param end where it ends
   * @return the group, or -1 if the serial is longer than any a set can hold
   */
  static int group(byte[] b, int start, int end) {
    int len = end - start;
    if (len > SerialNumber.MAX_CONTENT_OCTETS) {
      return -1;
    }
    if (b[start] < 0) {
      return SerialNumber.MAX_CONTENT_OCTETS + len - 1;
    }
    return len > 1 && b[start] == 0 ? len - 2 : len - 1;
  }

  /** @return word {@code j} of the key of {@code len} bytes at {@code b[start]} */
  static long word(byte[] b, int start, int len, int j) {
    int from = 8 * j;
    if (from + 8 <= len) {
      return (long) BIG_ENDIAN_LONG.get(b, start + from) ^ Long.MIN_VALUE;
    }
    long w = 0;
    for (int i = from; i < len; i++) {
      w |= (b[start + i] & 0xFFL) << (56 - 8 * (i - from));
    }
    return w ^ Long.MIN_VALUE;
  }

  // ---- BigInteger ----

  /** @return the group, or -1 if the value is longer than any a set can hold */
  static int group(BigInteger v) {
    int bits = v.bitLength();
    if (v.signum() < 0) {
      int len = bits / 8 + 1;
      return len > SerialNumber.MAX_CONTENT_OCTETS ? -1 : SerialNumber.MAX_CONTENT_OCTETS + len - 1;
    }
    int len = Math.max(1, (bits + 7) / 8);
    return len > SerialNumber.MAX_CONTENT_OCTETS ? -1 : len - 1;
  }

  /**
   * Word {@code j} of the key of a value, from its two's complement bytes. {@code testBit} reads
   * the value in place, where {@code toByteArray} or {@code shiftRight} would allocate.
   *
   * @param v the value
   * @param low64 {@code v.longValue()}
   * @param len the key length of its group
   * @param j the word
   * @return the word, sign bit flipped
   */
  static long word(BigInteger v, long low64, int len, int j) {
    int from = 8 * j;
    int to = Math.min(len, from + 8);
    long w = 0;
    for (int i = from; i < to; i++) {
      int p = len - 1 - i; // byte position counted from the least significant
      int octet;
      if (p < 8) {
        octet = (int) (low64 >>> (8 * p)) & 0xFF;
      } else {
        octet = 0;
        for (int bit = 7; bit >= 0; bit--) {
          octet = (octet << 1) | (v.testBit(8 * p + bit) ? 1 : 0);
        }
      }
      w |= (long) octet << (56 - 8 * (i - from));
    }
    return w ^ Long.MIN_VALUE;
  }

  // ---- back to serials ----

  /**
   * @param group the group
   * @param words the table's words
   * @param base where the key starts
   * @return the serial the key stands for
   */
  static SerialNumber serial(int group, long[] words, int base) {
    int len = length(group);
    boolean negative = group >= SerialNumber.MAX_CONTENT_OCTETS;
    byte[] key = new byte[len];
    for (int i = 0; i < len; i++) {
      long w = words[base + i / 8] ^ Long.MIN_VALUE;
      key[i] = (byte) (w >>> (56 - 8 * (i % 8)));
    }
    if (!negative && key[0] < 0) {
      byte[] content = new byte[len + 1];
      System.arraycopy(key, 0, content, 1, len);
      return SerialNumber.ofContentOctets(content);
    }
    return SerialNumber.ofContentOctets(key);
  }
}
