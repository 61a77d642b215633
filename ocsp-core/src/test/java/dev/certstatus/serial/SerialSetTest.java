package dev.certstatus.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.core.SerialNumber;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SerialSetTest {

  /** Random serials of mixed lengths (1 to 21 content octets and a few up to 32), both signs. */
  static BigInteger randomSerial(Random r) {
    int kind = r.nextInt(20);
    int bits;
    if (kind < 8) {
      bits = 128; // the common 16-byte random serial
    } else if (kind < 16) {
      bits = 1 + r.nextInt(160); // 1 to 20 value octets, so up to 21 content octets
    } else if (kind < 18) {
      bits = 1 + r.nextInt(255); // up to 32 content octets
    } else {
      bits = 1 + r.nextInt(24); // small, dense values
    }
    BigInteger v = new BigInteger(bits, r);
    if (r.nextInt(16) == 0) {
      v = v.negate().subtract(BigInteger.ONE); // negative, including -1
    }
    if (v.bitLength() > 255) {
      v = v.shiftRight(1);
    }
    return v;
  }

  static Stream<Object[]> seedsAndSizes() {
    List<Object[]> cases = new ArrayList<>();
    int[] sizes = {0, 1, 2, 3, 7, 64, 1000, 10_000, 100_000};
    for (int i = 0; i < sizes.length; i++) {
      for (int seed = 1; seed <= (sizes[i] >= 10_000 ? 3 : 12); seed++) {
        cases.add(new Object[] {seed * 7919L + i, sizes[i]});
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "seed {0}, {1} serials")
  @MethodSource("seedsAndSizes")
  void agreesWithHashSetOnRandomSerials(long seed, int size) {
    Random r = new Random(seed);
    List<BigInteger> input = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      input.add(randomSerial(r));
    }
    // duplicates and no order
    for (int i = 0; i < size / 10; i++) {
      input.add(input.get(r.nextInt(input.size())));
    }
    Collections.shuffle(input, r);
    Set<BigInteger> expected = new HashSet<>(input);
    SerialSet set = SerialSet.of(input.stream().map(SerialNumber::of));

    assertThat(set.size()).isEqualTo(expected.size());
    assertAgrees(set, expected, input, r);
  }

  /** Checks every way of asking against the expected set; collects mismatches, then asserts. */
  static void assertAgrees(SerialSet set, Set<BigInteger> expected, List<BigInteger> members,
      Random r) {
    List<String> wrong = new ArrayList<>();
    BitSet seen = new BitSet();
    for (BigInteger v : expected) {
      SerialNumber s = SerialNumber.of(v);
      int index = set.indexOf(s);
      if (index < 0 || index >= set.size() || seen.get(index)) {
        wrong.add("index " + index + " of member " + s);
        continue;
      }
      seen.set(index);
      byte[] content = v.toByteArray();
      byte[] padded = new byte[content.length + 3];
      Arrays.fill(padded, 0, 3, v.signum() < 0 ? (byte) -1 : 0);
      System.arraycopy(content, 0, padded, 3, content.length);
      if (set.indexOf(v) != index
          || set.indexOfContentOctets(content, 0, content.length) != index
          || set.indexOfContentOctets(padded, 0, padded.length) != index) {
        wrong.add("member " + s + " not found by value or by content octets");
      }
    }
    // Near misses: neighbours, other lengths of the same digits, random values.
    List<BigInteger> probes = new ArrayList<>();
    for (BigInteger v : members.subList(0, Math.min(members.size(), 3000))) {
      probes.add(v.add(BigInteger.ONE));
      probes.add(v.subtract(BigInteger.ONE));
      probes.add(v.shiftLeft(8));
      probes.add(v.shiftRight(8));
      probes.add(v.negate());
      probes.add(v.xor(BigInteger.ONE.shiftLeft(Math.max(0, v.bitLength() - 1))));
    }
    for (int i = 0; i < 3000; i++) {
      probes.add(randomSerial(r));
    }
    for (BigInteger p : probes) {
      if (p.bitLength() > 255) {
        continue;
      }
      boolean in = expected.contains(p);
      byte[] c = p.toByteArray();
      if (set.contains(SerialNumber.of(p)) != in || set.contains(p) != in
          || set.containsContentOctets(c, 0, c.length) != in) {
        wrong.add("probe " + p.toString(16) + " should " + (in ? "" : "not ") + "be found");
      }
    }
    // Iteration gives every serial once, at its index.
    Set<BigInteger> iterated = new HashSet<>();
    set.forEachIndexed((s, i) -> {
      if (set.indexOf(s) != i) {
        wrong.add("iteration gave " + s + " at " + i);
      }
      iterated.add(s.toBigInteger());
    });
    assertThat(wrong).isEmpty();
    assertThat(seen.cardinality()).isEqualTo(expected.size());
    assertThat(iterated).isEqualTo(expected);
  }

  @Test
  void emptySetHoldsNothing() {
    SerialSet set = SerialSet.of(List.of());
    assertThat(set.size()).isZero();
    assertThat(set.isEmpty()).isTrue();
    assertThat(set.contains(SerialNumber.of(0))).isFalse();
    assertThat(set.contains(BigInteger.TEN)).isFalse();
    assertThat(set.containsContentOctets(new byte[] {1}, 0, 1)).isFalse();
    assertThat(set.containsContentOctets(new byte[0], 0, 0)).isFalse();
    assertThat(SerialSet.empty().size()).isZero();
    assertThat(set.memoryBytes()).isPositive();
  }

  @Test
  void oneEntryIsFoundAndItsNeighboursAreNot() {
    SerialSet set = SerialSet.of(SerialNumber.parseHex("0x0123456789abcdef0123456789abcdef"));
    assertThat(set.size()).isEqualTo(1);
    assertThat(set.contains(SerialNumber.parseHex("0123456789ABCDEF0123456789ABCDEF"))).isTrue();
    assertThat(set.contains(SerialNumber.parseHex("0123456789ABCDEF0123456789ABCDEE"))).isFalse();
    assertThat(set.contains(SerialNumber.parseHex("0123456789ABCDEF0123456789ABCDF0"))).isFalse();
    assertThat(set.contains(SerialNumber.parseHex("23456789ABCDEF0123456789ABCDEF"))).isFalse();
  }

  @Test
  void duplicatesCollapseToOne() {
    SerialNumber s = SerialNumber.of(42);
    SerialSet set = SerialSet.of(Collections.nCopies(100_000, s));
    assertThat(set.size()).isEqualTo(1);
    assertThat(set.contains(s)).isTrue();
    assertThat(set.indexOf(s)).isZero();
    assertThat(set.contains(SerialNumber.of(43))).isFalse();
    assertThat(set.memoryBytes()).isLessThan(1000);
  }

  @Test
  void zeroAndNegativeSerialsAreDistinctMembers() {
    SerialSet set = SerialSet.of(SerialNumber.of(0), SerialNumber.of(-1), SerialNumber.of(-128),
        SerialNumber.of(-129), SerialNumber.of(255));
    assertThat(set.size()).isEqualTo(5);
    assertThat(set.contains(BigInteger.ZERO)).isTrue();
    assertThat(set.contains(SerialNumber.parseHex("-1"))).isTrue();
    assertThat(set.contains(BigInteger.valueOf(-128))).isTrue();
    assertThat(set.contains(BigInteger.valueOf(-129))).isTrue();
    assertThat(set.contains(BigInteger.valueOf(1))).isFalse();
    assertThat(set.contains(BigInteger.valueOf(128))).isFalse();
    assertThat(set.contains(BigInteger.valueOf(-255))).isFalse();
    assertThat(set.containsContentOctets(new byte[] {(byte) 0xff}, 0, 1)).isTrue(); // -1
    assertThat(set.containsContentOctets(new byte[] {0, (byte) 0xff}, 0, 2)).isTrue(); // 255
    assertThat(set.containsContentOctets(new byte[] {(byte) 0xff, (byte) 0xff}, 0, 2))
        .as("ff ff is -1 in a non-minimal encoding").isTrue();
    assertThat(set.containsContentOctets(new byte[] {0}, 0, 1)).isTrue();
  }

  @Test
  void serialsThatDifferOnlyByLeadingZeroOctetsAreTheSameOrDifferentByValue() {
    // 0x00ff and 0xff are the same serial (255); 0x0100ff and 0xff00 and 0x01ff are not.
    SerialSet set = SerialSet.of(SerialNumber.parseHex("00ff"), SerialNumber.parseHex("0100ff"));
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.contains(SerialNumber.parseHex("ff"))).isTrue();
    assertThat(set.contains(SerialNumber.parseHex("000000ff"))).isTrue();
    assertThat(set.contains(SerialNumber.parseHex("ff00"))).isFalse();
    assertThat(set.contains(SerialNumber.parseHex("01ff"))).isFalse();
    assertThat(set.contains(SerialNumber.parseHex("00ff00"))).isFalse();
    assertThat(set.containsContentOctets(new byte[] {0, 0, 0, 1, 0, (byte) 0xff}, 0, 6)).isTrue();
    // the same magnitude with and without a sign octet: 0x80 is 128, ff80 would be -128
    SerialSet signs = SerialSet.of(SerialNumber.of(128));
    assertThat(signs.contains(BigInteger.valueOf(-128))).isFalse();
    assertThat(signs.containsContentOctets(new byte[] {(byte) 0x80}, 0, 1)).isFalse();
    assertThat(signs.containsContentOctets(new byte[] {0, (byte) 0x80}, 0, 2)).isTrue();
  }

  @Test
  void maximumLengthSerialsAreHeld() {
    BigInteger max20 = BigInteger.ONE.shiftLeft(160).subtract(BigInteger.ONE); // 21 content octets
    BigInteger max32 = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE); // 32 content octets
    BigInteger min32 = BigInteger.ONE.shiftLeft(255).negate(); // 32 content octets, negative
    SerialSet set = SerialSet.of(SerialNumber.of(max20), SerialNumber.of(max32),
        SerialNumber.of(min32));
    assertThat(set.contains(max20)).isTrue();
    assertThat(set.contains(max32)).isTrue();
    assertThat(set.contains(min32)).isTrue();
    assertThat(set.contains(max32.subtract(BigInteger.ONE))).isFalse();
    assertThat(set.contains(BigInteger.ONE.shiftLeft(300))).as("longer than any serial")
        .isFalse();
    byte[] tooLong = new byte[40];
    tooLong[0] = 1;
    assertThat(set.containsContentOctets(tooLong, 0, tooLong.length)).isFalse();
  }

  @Test
  void clusteredSerialsAreFoundWhereTheHomeSlotsCrowd() {
    // Sequential serials under a fixed 8-byte prefix, next to random ones: the cluster shares
    // a few home slots, so lookups fall back to the bounded binary search.
    Random r = new Random(99);
    List<BigInteger> input = new ArrayList<>();
    BigInteger prefix = new BigInteger(64, r).setBit(63).shiftLeft(64);
    for (int i = 0; i < 20_000; i++) {
      input.add(prefix.add(BigInteger.valueOf(i)));
    }
    for (int i = 0; i < 20_000; i++) {
      input.add(new BigInteger(128, r).setBit(127));
    }
    for (long i = 1; i <= 10_000; i++) {
      input.add(BigInteger.valueOf(i * i)); // dense small values, growing gaps
    }
    Set<BigInteger> expected = new HashSet<>(input);
    SerialSet set = SerialSet.of(input.stream().map(SerialNumber::of));
    assertThat(set.size()).isEqualTo(expected.size());
    assertAgrees(set, expected, input, r);
    assertThat(set.contains(prefix.add(BigInteger.valueOf(20_000)))).isFalse();
    assertThat(set.contains(prefix.subtract(BigInteger.ONE))).isFalse();
  }

  @Test
  void sequentialSerialsFromOneAreAllFound() {
    SerialSet.Builder b = SerialSet.builder();
    for (int i = 1; i <= 300_000; i++) {
      b.add(SerialNumber.of(i));
    }
    SerialSet set = b.build();
    assertThat(set.size()).isEqualTo(300_000);
    for (int i = -5; i <= 300_005; i++) {
      assertThat(set.contains(BigInteger.valueOf(i))).as("%d", i)
          .isEqualTo(i >= 1 && i <= 300_000);
    }
  }

  @Test
  void builderTakesContentOctetsAndNormalisesThem() {
    SerialSet set = SerialSet.builder()
        .addContentOctets(new byte[] {9, 0, 0, 0x7f, 9}, 1, 3) // 00 00 7f = 127
        .addContentOctets(new byte[] {(byte) 0xff, (byte) 0x80}, 0, 2) // ff 80 = -128
        .build();
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.contains(SerialNumber.of(127))).isTrue();
    assertThat(set.contains(SerialNumber.of(-128))).isTrue();
    assertThatThrownBy(() -> SerialSet.builder().addContentOctets(new byte[0], 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    assertThatCode(() -> SerialSet.builder().addContentOctets(new byte[33], 0, 33)
        .addContentOctets(new byte[] {1, 2}, 0, 2).build())
        .as("33 zero octets are just zero").doesNotThrowAnyException();
    byte[] long33 = new byte[33];
    long33[0] = 1;
    assertThatThrownBy(() -> SerialSet.builder().addContentOctets(long33, 0, 33))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("33");
  }

  @Test
  void aBuilderBuildsOnce() {
    SerialSet.Builder b = SerialSet.builder().add(SerialNumber.of(1));
    b.build();
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.add(SerialNumber.of(2))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void footprintOfRandom16ByteSerialsIsAbout20BytesEach() {
    Random r = new Random(5);
    SerialSet.Builder b = SerialSet.builder();
    for (int i = 0; i < 200_000; i++) {
      b.add(SerialNumber.of(new BigInteger(128, r)));
    }
    SerialSet set = b.build();
    double perSerial = (double) set.memoryBytes() / set.size();
    assertThat(perSerial).isBetween(16.0, 24.0);
  }
}
