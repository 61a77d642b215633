package dev.certstatus.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A certificate serial number, as an immutable value.
 *
 * <p>The canonical form is the content octets of the DER INTEGER: two's complement, minimal
 * length. Equality, hashing and ordering are by value, so {@code 0x00ff}, {@code "FF"} and
 * {@code BigInteger.valueOf(255)} are the same serial. RFC 5280 4.1.2.2 limits conforming serials
 * to 20 octets and forbids zero and negative values, but also asks relying parties to handle
 * such certificates gracefully; this class accepts them all, up to {@value #MAX_CONTENT_OCTETS}
 * content octets.
 *
 * <p>Hex text is read as the magnitude of the number (as OpenSSL's {@code index.txt}, certutil and
 * Windows issued-serial file names write it), with an optional leading {@code -} for the rare
 * negative serial.
 */
public final class SerialNumber implements Comparable<SerialNumber> {

  /**
   * The largest number of DER content octets accepted. 20 value octets with the high bit set need
   * 21; a little head room lets non-conforming CAs' serials through without making lookups
   * unbounded.
   */
  public static final int MAX_CONTENT_OCTETS = 32;

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] content;
  private final int hash;

  private SerialNumber(byte[] content) {
    this.content = content;
    this.hash = Arrays.hashCode(content);
  }

  /**
   * Parses a serial number written in hex.
   *
   * <p>Accepts upper or lower case, an optional {@code 0x} prefix, colons, spaces and tabs
   * between digits, surrounding single or double quotes, odd length and leading zeros, and an
   * optional leading {@code -} for a negative serial.
   *
   * @param text the hex text
   * @return the serial number
   * @throws IllegalArgumentException if the text is not a serial number; the message quotes it
   */
  public static SerialNumber parseHex(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.strip();
    if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'')
        && s.charAt(s.length() - 1) == s.charAt(0)) {
      s = s.substring(1, s.length() - 1).strip();
    }
    boolean negative = false;
    if (s.startsWith("-")) {
      negative = true;
      s = s.substring(1).strip();
    }
    if (s.startsWith("0x") || s.startsWith("0X")) {
      s = s.substring(2);
    }
    StringBuilder digits = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.digit(c, 16) >= 0 && c < 128) {
        digits.append(c);
      } else if (c != ':' && c != ' ' && c != '\t') {
        throw new IllegalArgumentException(
            "not a hex serial number: '" + text + "' (bad character '" + c + "' at " + i + ")");
      }
    }
    if (digits.length() == 0) {
      throw new IllegalArgumentException("not a hex serial number: '" + text + "' (no digits)");
    }
    // Leading zeros carry no value; dropping them first keeps absurdly padded input cheap.
    int first = 0;
    while (first < digits.length() - 1 && digits.charAt(first) == '0') {
      first++;
    }
    if ((digits.length() - first + 1) / 2 > MAX_CONTENT_OCTETS) {
      throw new IllegalArgumentException("serial number too long: '" + text + "' (more than "
          + MAX_CONTENT_OCTETS + " octets)");
    }
    BigInteger magnitude = new BigInteger(digits.substring(first), 16);
    return of(negative ? magnitude.negate() : magnitude);
  }

  /**
   * The serial number with this value.
   *
   * @param value the value
   * @return the serial number
   * @throws IllegalArgumentException if the value needs more than {@value #MAX_CONTENT_OCTETS}
   *     content octets
   */
  public static SerialNumber of(BigInteger value) {
    Objects.requireNonNull(value, "value");
    byte[] bytes = value.toByteArray(); // already minimal two's complement
    checkLength(bytes.length, value);
    return new SerialNumber(bytes);
  }

  /**
   * The serial number with this value.
   *
   * @param value the value
   * @return the serial number
   */
  public static SerialNumber of(long value) {
    return of(BigInteger.valueOf(value));
  }

  /**
   * The serial number whose DER INTEGER content octets are given. Non-minimal encodings (extra
   * leading {@code 00} or {@code ff} octets) are normalised, so equality stays by value.
   *
   * @param contentOctets the content octets (copied)
   * @return the serial number
   * @throws IllegalArgumentException if empty or longer than {@value #MAX_CONTENT_OCTETS} octets
   */
  public static SerialNumber ofContentOctets(byte[] contentOctets) {
    Objects.requireNonNull(contentOctets, "contentOctets");
    if (contentOctets.length == 0) {
      throw new IllegalArgumentException("serial number content octets are empty");
    }
    int start = 0;
    while (start < contentOctets.length - 1
        && ((contentOctets[start] == 0 && contentOctets[start + 1] >= 0)
            || (contentOctets[start] == -1 && contentOctets[start + 1] < 0))) {
      start++;
    }
    checkLength(contentOctets.length - start, "content octets of length " + contentOctets.length);
    return new SerialNumber(Arrays.copyOfRange(contentOctets, start, contentOctets.length));
  }

  /**
   * The serial number encoded as a complete DER INTEGER (tag, length and content).
   *
   * @param der the encoding
   * @return the serial number
   * @throws IllegalArgumentException if the bytes are not one DER INTEGER
   */
  public static SerialNumber fromDer(byte[] der) {
    Objects.requireNonNull(der, "der");
    if (der.length < 3 || der[0] != 0x02) {
      throw new IllegalArgumentException("not a DER INTEGER: " + toHexString(der, 16));
    }
    int length;
    int offset;
    if ((der[1] & 0x80) == 0) {
      length = der[1];
      offset = 2;
    } else if (der[1] == (byte) 0x81) {
      length = der[2] & 0xff;
      offset = 3;
      if (length < 128) {
        throw new IllegalArgumentException("not DER (non-minimal length): " + toHexString(der, 16));
      }
    } else {
      throw new IllegalArgumentException("DER INTEGER too long: " + toHexString(der, 16));
    }
    if (offset + length != der.length || length == 0) {
      throw new IllegalArgumentException("DER INTEGER length " + length + " does not match "
          + (der.length - offset) + " content octets");
    }
    byte[] content = Arrays.copyOfRange(der, offset, der.length);
    if (content.length > 1 && ((content[0] == 0 && content[1] >= 0)
        || (content[0] == -1 && content[1] < 0))) {
      throw new IllegalArgumentException("not DER (non-minimal INTEGER): " + toHexString(der, 16));
    }
    checkLength(content.length, "DER INTEGER");
    return new SerialNumber(content);
  }

  private static void checkLength(int octets, Object what) {
    if (octets > MAX_CONTENT_OCTETS) {
      throw new IllegalArgumentException("serial number too long: " + what + " needs " + octets
          + " octets, at most " + MAX_CONTENT_OCTETS + " accepted");
    }
  }

  /** @return the value as a {@link BigInteger} */
  public BigInteger toBigInteger() {
    return new BigInteger(content);
  }

  /** @return a copy of the DER INTEGER content octets (minimal two's complement) */
  public byte[] contentOctets() {
    return content.clone();
  }

  /** @return the number of DER content octets */
  public int length() {
    return content.length;
  }

  /**
   * @param index from 0 to {@link #length()} - 1
   * @return one content octet, without copying
   */
  public byte octet(int index) {
    return content[index];
  }

  /**
   * Eight content octets as one big-endian {@code long}, without copying: for lookups in compact
   * sets, which compare serials a word at a time.
   *
   * @param offset the first octet, from 0 to {@link #length()} - 1
   * @return octets {@code offset} to {@code offset + 7}, those past the end read as zero
   * @throws IndexOutOfBoundsException if offset is outside the content octets
   */
  public long contentLong(int offset) {
    Objects.checkIndex(offset, content.length);
    if (offset + 8 <= content.length) {
      return (long) BIG_ENDIAN_LONG.get(content, offset);
    }
    long w = 0;
    for (int i = offset; i < offset + 8; i++) {
      w = (w << 8) | (i < content.length ? content[i] & 0xFF : 0);
    }
    return w;
  }

  /** @return the sign: -1, 0 or 1 */
  public int signum() {
    return content[0] < 0 ? -1 : (content.length == 1 && content[0] == 0 ? 0 : 1);
  }

  /**
   * The magnitude in lowercase hex, even length, with a leading {@code -} for negative serials:
   * the form OpenSSL writes (in lower case). {@code parseHex(s.toHex())} equals {@code s}.
   *
   * @return the hex text
   */
  public String toHex() {
    if (signum() >= 0) {
      int start = content.length > 1 && content[0] == 0 ? 1 : 0;
      return toHexString(Arrays.copyOfRange(content, start, content.length), Integer.MAX_VALUE);
    }
    return "-" + toHexString(toBigInteger().negate().toByteArray(), Integer.MAX_VALUE)
        .replaceFirst("^00(?=..)", "");
  }

  /**
   * Compares content octets of this serial with a slice of a DER INTEGER content array, for
   * allocation-free lookups.
   *
   * @param octets the array
   * @param offset where the content starts
   * @param length how many content octets
   * @return true if they encode this serial (both must be minimal)
   */
  public boolean contentEquals(byte[] octets, int offset, int length) {
    return Arrays.equals(content, 0, content.length, octets, offset, offset + length);
  }

  /** Orders by numeric value. */
  @Override
  public int compareTo(SerialNumber other) {
    int s1 = signum();
    int s2 = other.signum();
    if (s1 != s2) {
      return Integer.compare(s1, s2);
    }
    if (content.length != other.content.length) {
      int byLength = Integer.compare(content.length, other.content.length);
      return s1 >= 0 ? byLength : -byLength;
    }
    // Same sign and length: two's complement orders like unsigned after the first octet's sign.
    return Arrays.compareUnsigned(content, other.content);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SerialNumber && Arrays.equals(content, ((SerialNumber) o).content);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** @return the hex form, as {@link #toHex()} */
  @Override
  public String toString() {
    return toHex();
  }

  static String toHexString(byte[] bytes, int maxBytes) {
    int n = Math.min(bytes.length, maxBytes);
    StringBuilder sb = new StringBuilder(n * 2 + 3);
    for (int i = 0; i < n; i++) {
      sb.append(HEX[(bytes[i] >> 4) & 0xf]).append(HEX[bytes[i] & 0xf]);
    }
    if (n < bytes.length) {
      sb.append("...");
    }
    return sb.toString();
  }
}
