package dev.certstatus.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.SerialNumber;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RevocationMapTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private record Entry(Instant time, Optional<RevocationReason> reason,
      Optional<Instant> invalidity) {}

  @Test
  void everyEntryComesBackAsItWasAdded() {
    Random r = new Random(11);
    RevocationReason[] reasons = {RevocationReason.KEY_COMPROMISE, RevocationReason.SUPERSEDED,
        RevocationReason.CERTIFICATE_HOLD, RevocationReason.UNSPECIFIED,
        RevocationReason.AA_COMPROMISE};
    Map<SerialNumber, Entry> expected = new HashMap<>();
    RevocationMap.Builder b = RevocationMap.builder();
    for (int i = 0; i < 50_000; i++) {
      SerialNumber s = SerialNumber.of(new BigInteger(1 + r.nextInt(159), r));
      if (expected.containsKey(s)) {
        continue;
      }
      Entry e = new Entry(T0.minusSeconds(r.nextInt(10_000_000)).plusNanos(r.nextInt(3) * 1000L),
          r.nextBoolean() ? Optional.of(reasons[r.nextInt(reasons.length)]) : Optional.empty(),
          r.nextInt(4) == 0 ? Optional.of(T0.minusSeconds(20_000_000)) : Optional.empty());
      expected.put(s, e);
      b.add(s, e.time(), e.reason(), e.invalidity());
    }
    RevocationMap map = b.build();
    assertThat(map.size()).isEqualTo(expected.size());
    DataVersion v = DataVersion.of("CRL #7", T0, T0.plusSeconds(3600));
    expected.forEach((s, e) -> {
      int i = map.indexOf(s);
      assertThat(i).isNotNegative();
      assertThat(map.revocationTime(i)).isEqualTo(e.time());
      assertThat(map.reason(i)).isEqualTo(e.reason());
      assertThat(map.invalidityDate(i)).isEqualTo(e.invalidity());
      Finding.Revoked f = map.revoked(i, "crl", v);
      assertThat(f).isEqualTo(new Finding.Revoked("crl", v, e.time(), e.reason(), e.invalidity()));
    });
    assertThat(map.indexOf(SerialNumber.parseHex("ffffffffffffffffffffffffffffffffffffffffff")))
        .isEqualTo(-1);
  }

  @Test
  void aSerialListedTwiceKeepsTheRevocationRuleOneWouldPick() {
    SerialNumber s = SerialNumber.of(77);
    SerialNumber u = SerialNumber.of(78);
    RevocationMap map = RevocationMap.builder()
        .add(s, T0.plusSeconds(10), Optional.of(RevocationReason.KEY_COMPROMISE), Optional.empty())
        .add(s, T0, Optional.of(RevocationReason.CERTIFICATE_HOLD), Optional.empty())
        .add(s, T0, Optional.of(RevocationReason.SUPERSEDED), Optional.empty())
        .add(s, T0, Optional.of(RevocationReason.CA_COMPROMISE), Optional.empty())
        .add(u, T0, Optional.of(RevocationReason.CERTIFICATE_HOLD), Optional.empty())
        .add(u, T0, Optional.empty(), Optional.of(T0.minusSeconds(5)))
        .build();
    assertThat(map.size()).isEqualTo(2);
    int i = map.indexOf(s);
    assertThat(map.revocationTime(i)).isEqualTo(T0);
    assertThat(map.reason(i)).contains(RevocationReason.CA_COMPROMISE);
    int j = map.indexOf(u);
    assertThat(map.reason(j)).as("not on hold beats hold").isEmpty();
    assertThat(map.invalidityDate(j)).contains(T0.minusSeconds(5));
  }

  @Test
  void removeFromCrlIsNotARevocation() {
    assertThatThrownBy(() -> RevocationMap.builder().add(SerialNumber.of(5), T0,
        Optional.of(RevocationReason.REMOVE_FROM_CRL), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("removeFromCRL")
        .hasMessageContaining("05");
  }

  @Test
  void anEmptyMapRevokesNothing() {
    RevocationMap map = RevocationMap.builder().build();
    assertThat(map.size()).isZero();
    assertThat(map.indexOf(SerialNumber.of(1))).isEqualTo(-1);
    assertThat(map.memoryBytes()).isPositive();
  }
}
