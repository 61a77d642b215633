package dev.certstatus.ocsp;

/**
 * A strict, iterative DER reader for hostile input. It runs before BouncyCastle sees a request, so
 * that BouncyCastle only ever parses bytes that are one well-formed DER element of bounded depth:
 * its parsers recurse once per nesting level and throw assorted runtime exceptions on bad input.
 * Nothing here recurses or allocates in proportion to the input.
 */
final class Der {

  static final int SEQUENCE = 0x30;
  static final int SET = 0x31;
  static final int OCTET_STRING = 0x04;

  /** Bad input, with a message for the operator. No stack trace: bad input is expected. */
  static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message, null, false, false);
    }
  }

  /** One element's header: its first identifier octet and where its content lies. */
  record Tlv(int tag, int contentStart, int contentEnd) {
    boolean constructed() {
      return (tag & 0x20) != 0;
    }
  }

  private Der() {}

  /**
   * Reads the header of the element at {@code pos}, which must end by {@code limit}.
   *
   * @throws MalformedException for a truncated header, an indefinite or non-minimal length, or
   *     content that runs past {@code limit}
   */
  static Tlv header(byte[] b, int pos, int limit) throws MalformedException {
    if (pos >= limit) {
      throw new MalformedException("truncated: no element at offset " + pos);
    }
    int tag = b[pos] & 0xff;
    int p = pos + 1;
    if ((tag & 0x1f) == 0x1f) {
      // High tag number form: base-128 digits, minimal, and no tag this large is meaningful here.
      int digits = 0;
      if (p < limit && (b[p] & 0xff) == 0x80) {
        throw new MalformedException("non-minimal tag number at offset " + pos);
      }
      while (true) {
        if (p >= limit) {
          throw new MalformedException("truncated tag at offset " + pos);
        }
        if (++digits > 4) {
          throw new MalformedException("tag number too large at offset " + pos);
        }
        if ((b[p++] & 0x80) == 0) {
          break;
        }
      }
    }
    if (p >= limit) {
      throw new MalformedException("truncated length at offset " + pos);
    }
    int first = b[p++] & 0xff;
    long length;
    if (first < 0x80) {
      length = first;
    } else if (first == 0x80) {
      throw new MalformedException("indefinite length (BER, not DER) at offset " + pos);
    } else {
      int n = first & 0x7f;
      if (n > 4) {
        throw new MalformedException("length of " + n + " octets at offset " + pos);
      }
      if (limit - p < n) {
        throw new MalformedException("truncated length at offset " + pos);
      }
      if (b[p] == 0) {
        throw new MalformedException("non-minimal length at offset " + pos);
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (b[p++] & 0xff);
      }
      if (length < 0x80) {
        throw new MalformedException("non-minimal length at offset " + pos);
      }
    }
    if (length > limit - p) {
      throw new MalformedException("element at offset " + pos + " declares " + length
          + " content octets but only " + (limit - p) + " remain");
    }
    return new Tlv(tag, p, p + (int) length);
  }

  /**
   * Checks that the bytes are exactly one DER element whose constructed elements nest at most
   * {@code maxDepth} deep and whose every length is definite, minimal and inside its parent.
   */
  static void checkStructure(byte[] b, int maxDepth) throws MalformedException {
    Tlv top = header(b, 0, b.length);
    if (top.contentEnd() != b.length) {
      throw new MalformedException((b.length - top.contentEnd())
          + " octets after the end of the request");
    }
    if (!top.constructed()) {
      return;
    }
    int[] ends = new int[maxDepth + 1];
    int depth = 1;
    ends[depth] = top.contentEnd();
    int pos = top.contentStart();
    while (depth > 0) {
      if (pos == ends[depth]) {
        depth--;
        continue;
      }
      Tlv t = header(b, pos, ends[depth]);
      if (t.constructed() && (t.tag() & 0xc0) == 0 && t.tag() != SEQUENCE && t.tag() != SET) {
        // DER allows only SEQUENCE and SET as constructed universal types: a constructed OCTET
        // STRING or BIT STRING is BER, and the content a parser would see depends on the parser.
        throw new MalformedException("constructed universal tag 0x" + Integer.toHexString(t.tag())
            + " (BER, not DER) at offset " + pos);
      }
      if (t.constructed()) {
        if (depth == maxDepth) {
          throw new MalformedException("nesting deeper than " + maxDepth + " at offset " + pos);
        }
        ends[++depth] = t.contentEnd();
        pos = t.contentStart();
      } else {
        pos = t.contentEnd();
      }
    }
  }

  /**
   * Counts the elements inside a constructed element's content, stopping early past a limit.
   *
   * @return the count, or {@code stopAfter + 1} if there are more than {@code stopAfter}
   */
  static int countChildren(byte[] b, Tlv parent, int stopAfter) throws MalformedException {
    int count = 0;
    int pos = parent.contentStart();
    while (pos < parent.contentEnd() && count <= stopAfter) {
      pos = header(b, pos, parent.contentEnd()).contentEnd();
      count++;
    }
    return count;
  }
}
