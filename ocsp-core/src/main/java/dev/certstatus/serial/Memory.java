package dev.certstatus.serial;

/** Heap sizes of arrays, as a 64-bit JVM with compressed references lays them out. */
final class Memory {

  private Memory() {}

  /**
   * @param length the array length
   * @param elementBytes bytes per element
   * @return the array's bytes: a 16-byte header and the elements, rounded up to 8
   */
  static long array(long length, int elementBytes) {
    return (16 + length * elementBytes + 7) & ~7L;
  }
}
