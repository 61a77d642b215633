package dev.certstatus.ocsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.certstatus.core.IssuerRouter;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.KeyType;
import dev.certstatus.testkit.TestPki;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken input: every request is answered, with malformedRequest where it is not a
 * well-formed request, quickly, and never with an exception or a hang. The time limits are a
 * guard against hangs, not a performance claim.
 */
class HostileRequestTest {

  static final Duration NO_HANG = Duration.ofSeconds(30);

  ServedCa ca;
  byte[] valid;
  OcspResponder responder;
  /** A responder whose size limit lets the deep and huge inputs reach the parser. */
  OcspResponder roomy;

  @BeforeEach
  void setUp() {
    TestPki pki = TestPki.withSeed(11);
    ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    IssuedCert leaf = ca.issue("CN=leaf");
    valid = Ocsp.request(Ocsp.nonce(new byte[16]),
        Ocsp.certId(ca.ca().certificate(), leaf.serial()),
        Ocsp.certId(Ocsp.SHA256, false, ca.ca().certificate(), leaf.serial()));
    OcspResponder.Builder b = OcspResponder.builder().router(IssuerRouter.of(ca.chain()))
        .signer(ca.id(), ca.caSigner())
        .clock(Clock.fixed(TestPki.DEFAULT_NOW.plusSeconds(60), ZoneOffset.UTC));
    responder = b.build();
    roomy = b.maxRequestBytes(1 << 24).build();
  }

  private static void assertMalformed(OcspResult r) {
    assertThat(r.status()).isEqualTo(OcspStatus.MALFORMED_REQUEST);
    assertThat(r.encoded()).containsExactly(0x30, 0x03, 0x0a, 0x01, 0x01);
  }

  @Test
  void theValidRequestIsAnswered() {
    assertThat(responder.answer(valid).status()).isEqualTo(OcspStatus.SUCCESSFUL);
  }

  @Test
  void randomBytesAreMalformed() {
    Random random = new Random(20261125);
    assertTimeoutPreemptively(NO_HANG, () -> {
      for (int i = 0; i < 5000; i++) {
        byte[] junk = new byte[random.nextInt(400)];
        random.nextBytes(junk);
        if (i % 2 == 0 && junk.length > 2) {
          junk[0] = 0x30; // get past the first check more often
        }
        assertMalformed(responder.answer(junk));
      }
    });
  }

  @Test
  void everyTruncationIsMalformed() {
    assertTimeoutPreemptively(NO_HANG, () -> {
      for (int n = 0; n < valid.length; n++) {
        assertMalformed(responder.answer(Arrays.copyOf(valid, n)));
        assertMalformed(responder.answer(new ByteArrayInputStream(Arrays.copyOf(valid, n))));
      }
    });
  }

  @Test
  void corruptedRequestsNeverThrowAndGetAValidStatus() {
    Set<OcspStatus> seen = EnumSet.noneOf(OcspStatus.class);
    Random random = new Random(7);
    assertTimeoutPreemptively(NO_HANG, () -> {
      for (int i = 0; i < valid.length; i++) {
        for (int bit = 0; bit < 8; bit += 3) {
          byte[] flipped = valid.clone();
          flipped[i] ^= (byte) (1 << bit);
          seen.add(answerable(responder.answer(flipped)));
        }
        byte[] random8 = valid.clone();
        random8[i] = (byte) random.nextInt(256);
        seen.add(answerable(responder.answer(random8)));
      }
    });
    // Flips in the structure are malformed; flips in a hash name another issuer; flips in the
    // serial or nonce still make a request that is answered.
    assertThat(seen).contains(OcspStatus.MALFORMED_REQUEST, OcspStatus.UNAUTHORIZED,
        OcspStatus.SUCCESSFUL);
  }

  /** The bytes of every result parse as an OCSPResponse with the result's status. */
  private static OcspStatus answerable(OcspResult r) {
    assertThat(Ocsp.parse(r.encoded()).getStatus()).isEqualTo(r.status().code());
    return r.status();
  }

  @Test
  void hundredThousandNestedSequencesAreMalformedWithoutOverflowingTheStack() {
    byte[] nested = nestedDefinite(100_000);
    assertThat(nested.length).isLessThan(1 << 24);
    assertTimeoutPreemptively(NO_HANG, () -> {
      OcspResult r = roomy.answer(nested);
      assertMalformed(r);
      assertThat(r.detail().get()).contains("nesting deeper than");
      assertMalformed(roomy.answer(new ByteArrayInputStream(nested)));
    });
  }

  @Test
  void indefiniteLengthNestingIsMalformed() {
    byte[] nested = new byte[200_000];
    for (int i = 0; i < nested.length; i += 2) {
      nested[i] = 0x30;
      nested[i + 1] = (byte) 0x80;
    }
    assertTimeoutPreemptively(NO_HANG, () -> {
      OcspResult r = roomy.answer(nested);
      assertMalformed(r);
      assertThat(r.detail().get()).contains("indefinite length");
    });
  }

  @Test
  void lengthsLargerThanTheInputAreMalformed() {
    assertTimeoutPreemptively(NO_HANG, () -> {
      assertMalformed(roomy.answer(new byte[] {0x30, (byte) 0x84, 0x7f, -1, -1, -1, 0x30, 0}));
      assertMalformed(roomy.answer(new byte[] {0x30, (byte) 0x85, 1, 0, 0, 0, 0, 0x30, 0}));
      assertMalformed(roomy.answer(new byte[] {0x30, (byte) 0x81, 0x05, 0x30, 0x03}));
      // Non-minimal length octets are BER, not DER.
      assertMalformed(roomy.answer(new byte[] {0x30, (byte) 0x81, 0x02, 0x30, 0x00}));
      // So is a constructed OCTET STRING.
      OcspResult constructed = roomy.answer(new byte[] {0x30, 0x06, 0x24, 0x04, 0x04, 0x02, 1, 2});
      assertMalformed(constructed);
      assertThat(constructed.detail().get()).contains("constructed universal tag 0x24");
      assertMalformed(roomy.answer(new ByteArrayInputStream(
          new byte[] {0x30, (byte) 0x84, 0x7f, -1, -1, -1})));
    });
  }

  @Test
  void hugeEntryCountsAreMalformedBeforeTheyAreParsed() {
    // OCSPRequest { TBSRequest { requestList with 500 000 empty entries } }
    byte[] list = sequence(repeat(new byte[] {0x30, 0x00}, 500_000));
    byte[] request = sequence(sequence(list));
    assertTimeoutPreemptively(NO_HANG, () -> {
      OcspResult r = roomy.answer(request);
      assertMalformed(r);
      assertThat(r.detail().get()).contains("more than 32 entries");
    });
  }

  @Test
  void structurallyWrongRequestsAreMalformed() {
    assertMalformed(responder.answer(new byte[0]));
    assertMalformed(responder.answer(new byte[] {0x30, 0x00}));
    assertMalformed(responder.answer(sequence(sequence(sequence(new byte[0]))))); // no entries
    assertMalformed(responder.answer(new byte[] {0x04, 0x00}));
    assertMalformed(responder.answer(new byte[] {0x30, 0x02, 0x05, 0x00}));
    // A valid request with one more element after it.
    byte[] trailing = Arrays.copyOf(valid, valid.length + 2);
    trailing[valid.length] = 0x05;
    assertMalformed(responder.answer(trailing));
    // Larger than the default limit, whatever is inside.
    assertThat(responder.answer(new byte[20_000]).detail().get()).contains("limit is 16384");
  }

  @Test
  void duplicateOrCriticalUnknownExtensionsAreMalformed() throws Exception {
    var id = Ocsp.certId(ca.ca().certificate(), java.math.BigInteger.ONE);
    Extension unknownCritical = new Extension(
        OCSPObjectIdentifiers.id_pkix_ocsp.branch("99"), true, new byte[] {0x05, 0x00});
    byte[] critical = new OCSPReqBuilder().addRequest(id)
        .setRequestExtensions(new Extensions(unknownCritical)).build().getEncoded();
    OcspResult r = responder.answer(critical);
    assertMalformed(r);
    assertThat(r.detail().get()).contains("unsupported critical request extension");

    Extension unknownQuiet = new Extension(
        OCSPObjectIdentifiers.id_pkix_ocsp.branch("99"), false, nestedDefinite(5000));
    byte[] quiet = new OCSPReqBuilder().addRequest(id)
        .setRequestExtensions(new Extensions(unknownQuiet)).build().getEncoded();
    assertThat(roomy.answer(quiet).status()).isEqualTo(OcspStatus.SUCCESSFUL);

    // Two nonce extensions: the DER says the same extension twice.
    byte[] one = Ocsp.request(Ocsp.nonce(new byte[8]), id);
    assertMalformed(responder.answer(duplicateFirstExtension(one)));
  }

  @Test
  void serialsLongerThanAnyCertificatesAreMalformed() {
    java.math.BigInteger huge = java.math.BigInteger.ONE.shiftLeft(8 * 40);
    OcspResult r = responder.answer(Ocsp.request(Ocsp.certId(ca.ca().certificate(), huge)));
    assertMalformed(r);
    assertThat(r.detail().get()).contains("serial");
  }

  /** {@code 30 len (30 len (... 30 00))}, built inside out. */
  static byte[] nestedDefinite(int depth) {
    byte[] buf = new byte[depth * 6 + 2];
    int start = buf.length - 2;
    buf[start] = 0x30;
    buf[start + 1] = 0x00;
    for (int i = 1; i < depth; i++) {
      int len = buf.length - start;
      byte[] header = header(len);
      start -= header.length;
      System.arraycopy(header, 0, buf, start, header.length);
    }
    return Arrays.copyOfRange(buf, start, buf.length);
  }

  static byte[] sequence(byte[] content) {
    byte[] header = header(content.length);
    byte[] out = Arrays.copyOf(header, header.length + content.length);
    System.arraycopy(content, 0, out, header.length, content.length);
    return out;
  }

  private static byte[] header(int len) {
    if (len < 0x80) {
      return new byte[] {0x30, (byte) len};
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int n = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
    b.write(0x30);
    b.write(0x80 | n);
    for (int i = n - 1; i >= 0; i--) {
      b.write(len >>> (8 * i));
    }
    return b.toByteArray();
  }

  private static byte[] repeat(byte[] unit, int times) {
    byte[] out = new byte[unit.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(unit, 0, out, i * unit.length, unit.length);
    }
    return out;
  }

  /**
   * Rebuilds a request whose requestExtensions hold one extension so that they hold it twice.
   * Walks: OCSPRequest, TBSRequest, then the [2] requestExtensions, then its SEQUENCE.
   */
  private static byte[] duplicateFirstExtension(byte[] request) throws Der.MalformedException {
    Der.Tlv top = Der.header(request, 0, request.length);
    Der.Tlv tbs = Der.header(request, top.contentStart(), top.contentEnd());
    Der.Tlv t = Der.header(request, tbs.contentStart(), tbs.contentEnd());
    while (t.tag() != 0xa2) {
      t = Der.header(request, t.contentEnd(), tbs.contentEnd());
    }
    Der.Tlv exts = Der.header(request, t.contentStart(), t.contentEnd());
    Der.Tlv ext = Der.header(request, exts.contentStart(), exts.contentEnd());
    byte[] one = Arrays.copyOfRange(request, exts.contentStart(), ext.contentEnd());
    byte[] two = new byte[one.length * 2];
    System.arraycopy(one, 0, two, 0, one.length);
    System.arraycopy(one, 0, two, one.length, one.length);
    byte[] explicit = tagged(0xa2, sequence(two));
    byte[] tbsContent = concat(Arrays.copyOfRange(request, tbs.contentStart(),
        headerStart(request, tbs, 0xa2)), explicit);
    return sequence(sequence(tbsContent));
  }

  private static int headerStart(byte[] request, Der.Tlv parent, int tag)
      throws Der.MalformedException {
    int pos = parent.contentStart();
    while (true) {
      Der.Tlv t = Der.header(request, pos, parent.contentEnd());
      if (t.tag() == tag) {
        return pos;
      }
      pos = t.contentEnd();
    }
  }

  private static byte[] tagged(int tag, byte[] content) {
    byte[] seq = sequence(content);
    seq[0] = (byte) tag;
    return seq;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
