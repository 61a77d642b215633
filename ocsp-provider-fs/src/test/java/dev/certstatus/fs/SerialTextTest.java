package dev.certstatus.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.core.SerialNumber;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SerialTextTest {

  @Test
  void theFastPathAgreesWithParseHexOnRandomHex() {
    Random random = new Random(17);
    String digits = "0123456789abcdefABCDEF";
    for (int i = 0; i < 20_000; i++) {
      int length = 1 + random.nextInt(64);
      StringBuilder hex = new StringBuilder();
      for (int j = 0; j < length; j++) {
        hex.append(digits.charAt(random.nextInt(digits.length())));
      }
      assertThat(outcome(() -> SerialText.parse(hex.toString()))).as(hex.toString())
          .isEqualTo(outcome(() -> SerialNumber.parseHex(hex.toString())));
    }
  }

  /** The serial, or the exception's type and message, so both paths compare as values. */
  private static Object outcome(java.util.function.Supplier<SerialNumber> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      return "rejected";
    }
  }

  @Test
  void aHighBitMagnitudeStaysPositive() {
    assertThat(SerialText.parse("FF").signum()).isEqualTo(1);
    assertThat(SerialText.parse("FF").toHex()).isEqualTo("ff");
    assertThat(SerialText.parse("0").signum()).isZero();
  }

  @Test
  void messyFormsFallBackToParseHex() {
    assertThat(SerialText.parse("'0a:1b'")).isEqualTo(SerialNumber.of(0x0a1b));
    assertThat(SerialText.parse("0x7F")).isEqualTo(SerialNumber.of(0x7f));
  }

  @Test
  void nonSerialsAreRejectedWithTheTextQuoted() {
    assertThatThrownBy(() -> SerialText.parse("report.txt"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("report.txt");
    assertThatThrownBy(() -> SerialText.parse(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SerialText.parse("ab".repeat(40)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
  }
}
