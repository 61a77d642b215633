package dev.certstatus.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.core.CertificateHash;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.Validity;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IssuedSerialSetTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void detailsFollowTheirSerialsWhateverTheInputOrder() {
    Random r = new Random(3);
    IssuedSerialSet.Builder b = IssuedSerialSet.builder();
    Map<SerialNumber, Validity> validities = new HashMap<>();
    Map<SerialNumber, CertificateHash> hashes = new HashMap<>();
    Set<SerialNumber> added = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      SerialNumber s = SerialNumber.of(new BigInteger(1 + r.nextInt(160), r));
      if (!added.add(s)) {
        continue;
      }
      Optional<Validity> v = Optional.empty();
      Optional<CertificateHash> h = Optional.empty();
      if (r.nextInt(3) > 0) {
        Instant nb = T0.plusSeconds(r.nextInt(1_000_000)).plusNanos(r.nextInt(2) * 500);
        v = Optional.of(new Validity(nb, nb.plusSeconds(86_400L * (1 + r.nextInt(400)))));
        validities.put(s, v.get());
      }
      if (r.nextInt(3) > 0) {
        h = Optional.of(CertificateHash.of("SHA-256",
            s.toHex().getBytes(StandardCharsets.US_ASCII)));
        hashes.put(s, h.get());
      }
      b.add(s, v, h);
    }
    IssuedSerialSet set = b.build();

    assertThat(set.size()).isEqualTo(added.size());
    set.serials().forEachIndexed((s, i) -> {
      assertThat(set.validity(i)).as("validity of %s", s)
          .isEqualTo(Optional.ofNullable(validities.get(s)));
      assertThat(set.certificateHash(i)).as("hash of %s", s)
          .isEqualTo(Optional.ofNullable(hashes.get(s)));
      assertThat(set.hasDetails(i)).isEqualTo(validities.containsKey(s) || hashes.containsKey(s));
    });
    assertThat(set.memoryBytes()).isGreaterThan(set.serials().memoryBytes());
  }

  @Test
  void theFirstEntryOfADuplicatedSerialStays() {
    Validity first = new Validity(T0, T0.plusSeconds(100));
    Validity second = new Validity(T0.plusSeconds(5), T0.plusSeconds(200));
    IssuedSerialSet set = IssuedSerialSet.builder()
        .add(SerialNumber.of(7), first)
        .add(SerialNumber.of(8))
        .add(SerialNumber.of(7), second)
        .build();
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.validity(set.serials().indexOf(SerialNumber.of(7)))).contains(first);
    assertThat(set.validity(set.serials().indexOf(SerialNumber.of(8)))).isEmpty();
  }

  @Test
  void aSetWithoutDetailsAnswersEmpty() {
    IssuedSerialSet set = IssuedSerialSet.of(SerialSet.of(SerialNumber.of(1)));
    assertThat(set.hasDetails(0)).isFalse();
    assertThat(set.validity(0)).isEmpty();
    assertThat(set.certificateHash(0)).isEmpty();
    assertThatThrownBy(() -> set.validity(1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void fingerprintsOfTwoAlgorithmsAreRefusedNamingTheSerial() {
    IssuedSerialSet.Builder b = IssuedSerialSet.builder().add(SerialNumber.of(1),
        Optional.empty(), Optional.of(CertificateHash.of("SHA-256", new byte[] {1})));
    assertThatThrownBy(() -> b.add(SerialNumber.of(2), Optional.empty(),
        Optional.of(CertificateHash.of("SHA-1", new byte[] {1}))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("02").hasMessageContaining("SHA-1").hasMessageContaining("SHA-256");
  }
}
