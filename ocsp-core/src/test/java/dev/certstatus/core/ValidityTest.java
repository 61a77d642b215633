package dev.certstatus.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ValidityTest {

  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");

  @Test
  void boundsAreInclusive() {
    Validity v = new Validity(FROM, TO);
    assertThat(v.contains(FROM)).isTrue();
    assertThat(v.contains(TO)).isTrue();
    assertThat(v.contains(FROM.minusMillis(1))).isFalse();
    assertThat(v.contains(TO.plusMillis(1))).isFalse();
    assertThat(v.startRecorded()).isTrue();
    assertThatThrownBy(() -> new Validity(TO, FROM)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before notBefore");
  }

  @Test
  void aValidityWithoutARecordedStartIsNeverNotYetValid() {
    Validity v = Validity.until(TO);
    assertThat(v.startRecorded()).isFalse();
    assertThat(v.notBefore()).isEqualTo(Validity.START_NOT_RECORDED);
    assertThat(v.contains(Instant.parse("1971-01-01T00:00:00Z"))).isTrue();
    assertThat(v.contains(TO.plusMillis(1))).isFalse();
    Instant old = Instant.parse("1969-12-31T00:00:00Z");
    assertThat(Validity.until(old)).isEqualTo(new Validity(old, old));
  }
}
