package dev.certstatus.ocsp;

import dev.certstatus.core.RevocationReason;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Writes the DER of an OCSPResponse (RFC 6960 4.2.1) directly. BouncyCastle's response builders
 * format every time through {@code SimpleDateFormat} and encode the basic response twice; that
 * cost a fifth of a P-256 signature, and the response is a handful of fixed-shape structures.
 * Every response this writes is read back by BouncyCastle, OpenSSL and the JDK in the tests.
 */
final class ResponseEncoder {

  /** good [0] IMPLICIT NULL. */
  static final byte[] GOOD = {(byte) 0x80, 0x00};
  /** unknown [2] IMPLICIT UnknownInfo (NULL). */
  static final byte[] UNKNOWN = {(byte) 0x82, 0x00};

  private static final byte[] SUCCESSFUL = {0x0a, 0x01, 0x00};
  /** id-pkix-ocsp-basic. */
  private static final byte[] BASIC = {0x06, 0x09, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01,
      0x01};

  private ResponseEncoder() {}

  /** One element: the tag, the definite length, then the parts. */
  static byte[] tlv(int tag, byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    int lengthOctets = length < 0x80 ? 0 : length <= 0xff ? 1 : length <= 0xffff ? 2
        : length <= 0xffffff ? 3 : 4;
    byte[] out = new byte[2 + lengthOctets + length];
    out[0] = (byte) tag;
    int pos;
    if (lengthOctets == 0) {
      out[1] = (byte) length;
      pos = 2;
    } else {
      out[1] = (byte) (0x80 | lengthOctets);
      for (int i = 0; i < lengthOctets; i++) {
        out[2 + i] = (byte) (length >>> (8 * (lengthOctets - 1 - i)));
      }
      pos = 2 + lengthOctets;
    }
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }

  /** GeneralizedTime in the only form DER allows: {@code YYYYMMDDHHMMSSZ}, whole seconds. */
  static byte[] generalizedTime(Instant t) {
    LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
    int year = d.getYear();
    if (year < 0 || year > 9999) {
      throw new IllegalArgumentException("no GeneralizedTime for " + t);
    }
    byte[] out = new byte[17];
    out[0] = 0x18;
    out[1] = 15;
    digits(out, 2, year, 4);
    digits(out, 6, d.getMonthValue(), 2);
    digits(out, 8, d.getDayOfMonth(), 2);
    digits(out, 10, d.getHour(), 2);
    digits(out, 12, d.getMinute(), 2);
    digits(out, 14, d.getSecond(), 2);
    out[16] = 'Z';
    return out;
  }

  private static void digits(byte[] out, int pos, int value, int count) {
    for (int i = count - 1; i >= 0; i--) {
      out[pos + i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  /** revoked [1] IMPLICIT RevokedInfo { revocationTime, revocationReason [0] EXPLICIT OPT }. */
  static byte[] revoked(Instant time, Optional<RevocationReason> reason) {
    byte[] at = generalizedTime(time);
    return reason.isPresent()
        ? tlv(0xa1, at, tlv(0xa0, new byte[] {0x0a, 0x01, (byte) reason.get().code()}))
        : tlv(0xa1, at);
  }

  /**
   * SingleResponse.
   *
   * @param certId the request's CertID, as encoded
   * @param extensions an encoded Extensions, or null
   */
  static byte[] singleResponse(byte[] certId, byte[] status, Instant thisUpdate,
      Instant nextUpdate, byte[] extensions) {
    byte[] next = tlv(0xa0, generalizedTime(nextUpdate));
    return extensions == null
        ? tlv(0x30, certId, status, generalizedTime(thisUpdate), next)
        : tlv(0x30, certId, status, generalizedTime(thisUpdate), next, tlv(0xa1, extensions));
  }

  /** Extension { extnID, extnValue }, never critical (DER leaves out the FALSE default). */
  static byte[] extension(byte[] oid, byte[] value) {
    return tlv(0x30, oid, tlv(0x04, value));
  }

  /** Extensions ::= SEQUENCE OF Extension; null for none. */
  static byte[] extensions(List<byte[]> list) {
    return list.isEmpty() ? null : tlv(0x30, list.toArray(new byte[0][]));
  }

  /** ResponseData, version v1 (the DER default, left out). */
  static byte[] responseData(byte[] responderId, Instant producedAt, List<byte[]> singles,
      byte[] responseExtensions) {
    byte[] responses = tlv(0x30, singles.toArray(new byte[0][]));
    return responseExtensions == null
        ? tlv(0x30, responderId, generalizedTime(producedAt), responses)
        : tlv(0x30, responderId, generalizedTime(producedAt), responses,
            tlv(0xa1, responseExtensions));
  }

  /**
   * The OCSPResponse around a signed BasicOCSPResponse.
   *
   * @param certs the encoded {@code [0] EXPLICIT SEQUENCE OF Certificate}, or null
   */
  static byte[] ocspResponse(byte[] tbs, byte[] signatureAlgorithm, byte[] signature,
      byte[] certs) {
    byte[] bitString = new byte[signature.length + 1]; // no unused bits
    System.arraycopy(signature, 0, bitString, 1, signature.length);
    byte[] basic = certs == null
        ? tlv(0x30, tbs, signatureAlgorithm, tlv(0x03, bitString))
        : tlv(0x30, tbs, signatureAlgorithm, tlv(0x03, bitString), certs);
    return tlv(0x30, SUCCESSFUL, tlv(0xa0, tlv(0x30, BASIC, tlv(0x04, basic))));
  }
}
