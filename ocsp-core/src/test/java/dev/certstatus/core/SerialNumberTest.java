package dev.certstatus.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SerialNumberTest {

  @ParameterizedTest
  @ValueSource(strings = {"1a2b", "1A2B", "0x1a2b", "0X1A2B", "1a:2b", "1A 2B", "\"1a2b\"",
      "'1a2b'", " 1a2b\t", "001a2b", "00:00:1A:2B", "\" 1a 2b \""})
  void hexIsReadInEveryCommonSpelling(String text) {
    assertThat(SerialNumber.parseHex(text)).isEqualTo(SerialNumber.of(0x1a2b));
  }

  @Test
  void oddLengthHexIsAccepted() {
    assertThat(SerialNumber.parseHex("abc").toBigInteger()).isEqualTo(BigInteger.valueOf(0xabc));
    assertThat(SerialNumber.parseHex("f").toHex()).isEqualTo("0f");
  }

  @Test
  void hexIsTheMagnitudeSoAHighBitNeedsALeadingZeroOctetInDer() {
    SerialNumber s = SerialNumber.parseHex("80");
    assertThat(s.toBigInteger()).isEqualTo(BigInteger.valueOf(128));
    assertThat(s.contentOctets()).containsExactly(0x00, 0x80);
    assertThat(s.toHex()).isEqualTo("80");
    assertThat(SerialNumber.parseHex("0080")).isEqualTo(s);
  }

  @Test
  void twentyOctetValueWithHighBitSetNeedsTwentyOneContentOctets() {
    String hex = "ff".repeat(20);
    SerialNumber s = SerialNumber.parseHex(hex);
    assertThat(s.length()).isEqualTo(21);
    assertThat(s.octet(0)).isZero();
    assertThat(s.toHex()).isEqualTo(hex);
    assertThat(s.toBigInteger()).isEqualTo(new BigInteger(hex, 16));
    assertThat(SerialNumber.ofContentOctets(s.contentOctets())).isEqualTo(s);
  }

  @Test
  void zeroAndNegativeSerialsAreHandled() {
    assertThat(SerialNumber.parseHex("0").toHex()).isEqualTo("00");
    assertThat(SerialNumber.parseHex("00").signum()).isZero();
    assertThat(SerialNumber.of(BigInteger.ZERO).contentOctets()).containsExactly(0);

    SerialNumber minusOne = SerialNumber.of(-1);
    assertThat(minusOne.contentOctets()).containsExactly(0xff);
    assertThat(minusOne.toHex()).isEqualTo("-01");
    assertThat(SerialNumber.parseHex("-01")).isEqualTo(minusOne);
    assertThat(SerialNumber.parseHex("-0x80").toBigInteger()).isEqualTo(BigInteger.valueOf(-128));
    assertThat(SerialNumber.of(-128).toHex()).isEqualTo("-80");
    assertThat(minusOne.signum()).isEqualTo(-1);
  }

  @Test
  void derIntegerIsReadAndNonMinimalDerRejected() {
    assertThat(SerialNumber.fromDer(new byte[] {0x02, 0x02, 0x00, (byte) 0x80}))
        .isEqualTo(SerialNumber.of(128));
    assertThat(SerialNumber.fromDer(new byte[] {0x02, 0x01, (byte) 0xff}))
        .isEqualTo(SerialNumber.of(-1));
    assertThatThrownBy(() -> SerialNumber.fromDer(new byte[] {0x02, 0x02, 0x00, 0x01}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-minimal");
    assertThatThrownBy(() -> SerialNumber.fromDer(new byte[] {0x04, 0x01, 0x01}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a DER INTEGER");
    assertThatThrownBy(() -> SerialNumber.fromDer(new byte[] {0x02, 0x05, 0x01}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length");
  }

  @Test
  void contentOctetsAreNormalisedToTheMinimalEncoding() {
    assertThat(SerialNumber.ofContentOctets(new byte[] {0, 0, 0x7f}))
        .isEqualTo(SerialNumber.of(0x7f));
    assertThat(SerialNumber.ofContentOctets(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0x80}))
        .isEqualTo(SerialNumber.of(-128));
    assertThat(SerialNumber.ofContentOctets(new byte[] {0, (byte) 0x80}).length()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "0x", "xyz", "12g4", "1-2", "\"", "12\u0661"})
  void garbageIsRejectedWithAMessageThatQuotesTheInput(String text) {
    assertThatThrownBy(() -> SerialNumber.parseHex(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void absurdlyLongSerialsAreRejectedButLeadingZerosAreFree() {
    assertThatThrownBy(() -> SerialNumber.parseHex("1" + "0".repeat(80)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    assertThat(SerialNumber.parseHex("0".repeat(10_000) + "1")).isEqualTo(SerialNumber.of(1));
  }

  @Test
  void hexRoundTripsAndOrderingFollowsTheNumericValue() {
    Random random = new Random(1);
    for (int i = 0; i < 5_000; i++) {
      BigInteger a = new BigInteger(1 + random.nextInt(168), random);
      BigInteger b = new BigInteger(1 + random.nextInt(168), random);
      if (random.nextBoolean()) {
        a = a.negate();
      }
      SerialNumber sa = SerialNumber.of(a);
      SerialNumber sb = SerialNumber.of(b);
      assertThat(SerialNumber.parseHex(sa.toHex())).isEqualTo(sa);
      assertThat(SerialNumber.parseHex(sa.toHex().toUpperCase())).isEqualTo(sa);
      assertThat(sa.toHex()).matches("-?([0-9a-f]{2})+");
      assertThat(Integer.signum(sa.compareTo(sb))).isEqualTo(Integer.signum(a.compareTo(b)));
      assertThat(sa.equals(sb)).isEqualTo(a.equals(b));
      assertThat(SerialNumber.ofContentOctets(a.toByteArray()).hashCode())
          .isEqualTo(sa.hashCode());
    }
  }

  @Test
  void contentLongReadsEightOctetsBigEndianWithZerosPastTheEnd() {
    SerialNumber s = SerialNumber.parseHex("00f1e2d3c4b5a6978879");
    // content octets: 00 f1 e2 d3 c4 b5 a6 97 88 79 (a sign octet, then nine value octets)
    assertThat(s.contentLong(0)).isEqualTo(0x00f1e2d3c4b5a697L);
    assertThat(s.contentLong(1)).isEqualTo(0xf1e2d3c4b5a69788L);
    assertThat(s.contentLong(2)).isEqualTo(0xe2d3c4b5a6978879L);
    assertThat(s.contentLong(3)).isEqualTo(0xd3c4b5a697887900L);
    assertThat(s.contentLong(9)).isEqualTo(0x7900000000000000L);
    assertThat(SerialNumber.of(-1).contentLong(0)).isEqualTo(0xff00000000000000L);
    assertThatThrownBy(() -> s.contentLong(10)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> s.contentLong(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
