package dev.certstatus.jdbc;

import dev.certstatus.core.SerialNumber;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;

/** How a table stores certificate serial numbers. */
public enum SerialEncoding {
  /** Lowercase hex of the magnitude, even length, as {@link SerialNumber#toHex()} writes it. */
  HEX,
  /** Uppercase hex of the magnitude, even length. */
  HEX_UPPER,
  /** The value as a decimal string, as EJBCA's {@code serialNumber} column holds it. */
  DECIMAL,
  /** The DER INTEGER content octets (minimal two's complement) in a binary column. */
  BYTES;

  /** Binds the serial as the value a lookup compares the column with. */
  void bind(PreparedStatement statement, int index, SerialNumber serial) throws SQLException {
    switch (this) {
      case HEX -> statement.setString(index, serial.toHex());
      case HEX_UPPER -> statement.setString(index, serial.toHex().toUpperCase(Locale.ROOT));
      case DECIMAL -> statement.setString(index, serial.toBigInteger().toString());
      case BYTES -> statement.setBytes(index, serial.contentOctets());
      default -> throw new AssertionError(this);
    }
  }

  /**
   * Reads the serial in a column.
   *
   * @return the serial
   * @throws IllegalArgumentException if the value is not a serial in this encoding
   */
  SerialNumber read(ResultSet rs, int index) throws SQLException {
    if (this == BYTES) {
      byte[] bytes = rs.getBytes(index);
      if (bytes == null) {
        throw new IllegalArgumentException("serial is NULL");
      }
      return SerialNumber.ofContentOctets(bytes);
    }
    String text = rs.getString(index);
    if (text == null) {
      throw new IllegalArgumentException("serial is NULL");
    }
    if (this == DECIMAL) {
      try {
        return SerialNumber.of(new BigInteger(text.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a decimal serial number: '" + text + "'", e);
      }
    }
    return readHex(text);
  }

  /**
   * The common case first, for loads of millions of rows: plain even-length hex of the magnitude,
   * decoded straight to octets (several times faster than going through {@link BigInteger});
   * anything else through the lenient {@link SerialNumber#parseHex}.
   */
  private static SerialNumber readHex(String text) {
    int n = text.length();
    if (n >= 2 && n <= 2 * SerialNumber.MAX_CONTENT_OCTETS && (n & 1) == 0) {
      byte[] magnitude;
      try {
        magnitude = HexFormat.of().parseHex(text);
      } catch (IllegalArgumentException e) {
        return SerialNumber.parseHex(text);
      }
      if (magnitude[0] < 0) {
        byte[] positive = new byte[magnitude.length + 1];
        System.arraycopy(magnitude, 0, positive, 1, magnitude.length);
        magnitude = positive;
      }
      return SerialNumber.ofContentOctets(magnitude);
    }
    return SerialNumber.parseHex(text);
  }
}
