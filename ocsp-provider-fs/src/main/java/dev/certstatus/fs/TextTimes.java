package dev.certstatus.fs;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The time formats text sources use: ASN.1 UTCTime and GeneralizedTime, and ISO-8601. */
final class TextTimes {

  private TextTimes() {}

  /**
   * Parses {@code YYMMDDHHMMSSZ} (UTCTime: years 50-99 are 19xx, as RFC 5280 4.1.2.5.1 says) or
   * {@code YYYYMMDDHHMMSSZ} (GeneralizedTime), as OpenSSL writes them.
   *
   * @param text the time
   * @return the instant
   * @throws IllegalArgumentException if it is neither form; the message quotes it
   */
  static Instant parseAsn1(String text) {
    int n = text.length();
    if ((n != 13 && n != 15) || text.charAt(n - 1) != 'Z') {
      throw new IllegalArgumentException("not an ASN.1 time (YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ): '"
          + text + "'");
    }
    for (int i = 0; i < n - 1; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        throw new IllegalArgumentException("not an ASN.1 time: '" + text + "'");
      }
    }
    int year;
    int at;
    if (n == 13) {
      int yy = Integer.parseInt(text.substring(0, 2));
      year = yy >= 50 ? 1900 + yy : 2000 + yy;
      at = 2;
    } else {
      year = Integer.parseInt(text.substring(0, 4));
      at = 4;
    }
    try {
      return LocalDateTime.of(year, num(text, at), num(text, at + 2), num(text, at + 4),
          num(text, at + 6), num(text, at + 8)).toInstant(ZoneOffset.UTC);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("not a valid time: '" + text + "' (" + e.getMessage()
          + ")");
    }
  }

  /**
   * Parses an ISO-8601 instant ({@code 2026-01-31T00:00:00Z}) or an ASN.1 time.
   *
   * @param text the time
   * @return the instant
   * @throws IllegalArgumentException if it is none of those; the message quotes it
   */
  static Instant parse(String text) {
    if (text.indexOf('-') > 0) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not an ISO-8601 instant: '" + text + "'");
      }
    }
    return parseAsn1(text);
  }

  private static int num(String text, int at) {
    return (text.charAt(at) - '0') * 10 + text.charAt(at + 1) - '0';
  }
}
