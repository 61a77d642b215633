package dev.certstatus.serial;

import java.util.Arrays;

/** A growable array of fixed-width records of words: the keys of one group while a set is built. */
final class KeyBuffer {

  final int stride;
  long[] words;
  int count;

  KeyBuffer(int stride, int expected) {
    this.stride = stride;
    this.words = new long[Math.max(16, expected) * stride];
  }

  /** @return the offset of a new record at the end, whose words the caller fills */
  int append() {
    int base = count * stride;
    if (base + stride > words.length) {
      long grown = Math.max(base + stride, (long) words.length + (words.length >> 1));
      if (grown > Integer.MAX_VALUE - 16) {
        if (base + stride > Integer.MAX_VALUE - 16) {
          throw new IllegalStateException("too many serials of one length for one set: " + count);
        }
        grown = Integer.MAX_VALUE - 16;
      }
      words = Arrays.copyOf(words, (int) grown);
    }
    count++;
    return base;
  }
}
