package dev.certstatus.fs;

import dev.certstatus.core.SerialNumber;

/**
 * Reads serial numbers from file names and list lines. Clean hex (digits only, the form every
 * exporter writes) takes a fast path that skips {@link java.math.BigInteger}: a million-file scan
 * or a ten-million-line list spends most of its time here. Anything else goes to
 * {@link SerialNumber#parseHex}, which tolerates the quotes, spaces and colons certutil output
 * carries.
 */
final class SerialText {

  private SerialText() {}

  /**
   * @param text a serial in hex
   * @return the serial
   * @throws IllegalArgumentException if the text is not a serial; the message quotes it
   */
  static SerialNumber parse(String text) {
    int n = text.length();
    if (n == 0 || n > 2 * SerialNumber.MAX_CONTENT_OCTETS) {
      return SerialNumber.parseHex(text);
    }
    // One extra leading octet keeps a magnitude with its high bit set positive.
    byte[] octets = new byte[(n + 1) / 2 + 1];
    int pos = octets.length - 1;
    int i = n - 1;
    while (i >= 0) {
      int low = digit(text.charAt(i--));
      int high = i >= 0 ? digit(text.charAt(i--)) : 0;
      if (low < 0 || high < 0) {
        return SerialNumber.parseHex(text);
      }
      octets[pos--] = (byte) (high << 4 | low);
    }
    return SerialNumber.ofContentOctets(octets);
  }

  /** @return the value of a hex digit, or -1 for any other character */
  static int digit(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
