package dev.certstatus.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.testkit.TestClock;
import dev.certstatus.core.CertStatus;
import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Decision;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.Role;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.core.UnknownReason;
import dev.certstatus.core.Validity;
import dev.certstatus.memory.InMemoryRevocationList;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IssuedSerialProviderTest {

  private static final Instant NOW = Instant.parse("2026-06-01T08:00:00Z");
  private static IssuerId ca;
  private static IssuerId otherCa;

  private final TestClock clock = TestClock.at(NOW);

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    ca = IssuerId.of(new X500Principal("CN=Issuing CA"), g.generateKeyPair().getPublic());
    otherCa = IssuerId.of(new X500Principal("CN=Other CA"), g.generateKeyPair().getPublic());
  }

  private IssuedSerialProvider provider() {
    return IssuedSerialProvider.builder("issued", ca).clock(clock).build();
  }

  private static IssuedSerialSnapshot snapshot(String label, int from, int to, Instant asOf,
      Duration maxAge) {
    SerialSet set = SerialSet.of(IntStream.range(from, to).mapToObj(SerialNumber::of));
    return IssuedSerialSnapshot.of(set, DataVersion.of(label, asOf, asOf.plus(maxAge)));
  }

  private static StatusQuery query(IssuerId issuer, long serial) {
    return StatusQuery.of(issuer, SerialNumber.of(serial), NOW);
  }

  @Test
  void answersIssuedAndNotIssuedFromTheSnapshotWithItsVersion() {
    IssuedSerialProvider p = provider();
    IssuedSerialSnapshot s = snapshot("scan 1", 1, 1000, NOW, Duration.ofHours(8));
    assertThat(p.swap(s)).isEqualTo(IssuedSerialProvider.SwapResult.SWAPPED);

    Finding issued = p.find(Role.ISSUANCE, query(ca, 500));
    assertThat(issued).isInstanceOf(Finding.Issued.class);
    assertThat(issued.version()).isEqualTo(s.version());
    assertThat(issued.providerId()).isEqualTo("issued");
    Finding notIssued = p.find(Role.ISSUANCE, query(ca, 1000));
    assertThat(notIssued).isInstanceOf(Finding.NotIssued.class);
    assertThat(notIssued.version().asOf()).contains(NOW);
    // Findings without details are built once per snapshot: the lookup allocates none.
    assertThat(p.find(Role.ISSUANCE, query(ca, 7))).isSameAs(issued);
    assertThat(p.find(Role.ISSUANCE, query(ca, 5000))).isSameAs(notIssued);
  }

  @Test
  void otherIssuersAreNotCovered() {
    IssuedSerialProvider p = provider();
    assertThat(p.find(Role.ISSUANCE, query(otherCa, 5))).isInstanceOf(Finding.NotCovered.class);
    p.swap(snapshot("scan", 1, 10, NOW, Duration.ofHours(1)));
    Finding f = p.find(Role.ISSUANCE, query(otherCa, 5));
    assertThat(f).isInstanceOf(Finding.NotCovered.class);
    assertThat(f.role()).isEqualTo(Role.ISSUANCE);
  }

  @Test
  void beforeTheFirstSnapshotItIsUnavailable() {
    IssuedSerialProvider p = provider();
    Finding f = p.find(Role.ISSUANCE, query(ca, 5));
    assertThat(f).isInstanceOf(Finding.Unavailable.class);
    assertThat(((Finding.Unavailable) f).cause()).contains("no issued-serial data");
    assertThat(p.generation()).isZero();
    assertThat(p.state().version()).isEmpty();
    assertThat(p.snapshot()).isEmpty();
  }

  @Test
  void pastFreshUntilItIsUnavailableAndAFreshSnapshotCuresIt() {
    IssuedSerialProvider p = provider();
    p.swap(snapshot("scan 1", 1, 100, NOW, Duration.ofHours(1)));
    clock.advance(Duration.ofHours(1));
    assertThat(p.find(Role.ISSUANCE, query(ca, 5))).as("fresh up to freshUntil itself")
        .isInstanceOf(Finding.Issued.class);
    clock.advance(Duration.ofMillis(1));
    Finding stale = p.find(Role.ISSUANCE, query(ca, 5));
    assertThat(stale).isInstanceOf(Finding.Unavailable.class);
    assertThat(((Finding.Unavailable) stale).cause()).contains("stale").contains("scan 1");
    assertThat(p.state().isFresh(clock.instant())).isFalse();

    p.swap(snapshot("scan 2", 1, 100, clock.instant(), Duration.ofHours(1)));
    assertThat(p.find(Role.ISSUANCE, query(ca, 5))).isInstanceOf(Finding.Issued.class);
  }

  @Test
  void everySwapBumpsTheGeneration() {
    IssuedSerialProvider p = provider();
    p.swap(snapshot("a", 1, 100, NOW, Duration.ofHours(1)));
    long g1 = p.generation();
    p.swap(snapshot("b", 1, 120, NOW, Duration.ofHours(1)));
    assertThat(g1).isEqualTo(1);
    assertThat(p.generation()).isEqualTo(2);
    assertThat(p.state().generation()).isEqualTo(2);
    assertThat(p.state().version().map(DataVersion::label)).contains("b");
  }

  @Test
  void aShrinkingSnapshotIsHeldBackUntilTheNextConfirmsIt() {
    IssuedSerialProvider p = provider();
    p.swap(snapshot("full", 0, 1000, NOW, Duration.ofHours(1)));

    assertThat(p.swap(snapshot("half-written", 0, 300, NOW, Duration.ofHours(1))))
        .isEqualTo(IssuedSerialProvider.SwapResult.HELD_BACK);
    assertThat(p.find(Role.ISSUANCE, query(ca, 700))).as("still served from the full set")
        .isInstanceOf(Finding.Issued.class);
    assertThat(p.heldBack()).isPresent();
    assertThat(p.state().failedReloads()).isEqualTo(1);
    assertThat(p.state().lastFailure()).hasValueSatisfying(
        m -> assertThat(m).contains("held back").contains("300").contains("1000"));
    assertThat(p.generation()).isEqualTo(1);

    // The next scan is complete again: served, and the held-back one is dropped.
    assertThat(p.swap(snapshot("full again", 0, 1001, NOW, Duration.ofHours(1))))
        .isEqualTo(IssuedSerialProvider.SwapResult.SWAPPED);
    assertThat(p.heldBack()).isEmpty();

    // A real shrink, seen twice in a row, is served on the second sight.
    assertThat(p.swap(snapshot("purged", 0, 400, NOW, Duration.ofHours(1))))
        .isEqualTo(IssuedSerialProvider.SwapResult.HELD_BACK);
    assertThat(p.swap(snapshot("purged again", 0, 400, NOW, Duration.ofHours(1))))
        .isEqualTo(IssuedSerialProvider.SwapResult.SWAPPED);
    assertThat(p.find(Role.ISSUANCE, query(ca, 700))).isInstanceOf(Finding.NotIssued.class);
  }

  @Test
  void twoDifferentPartialSetsInARowConfirmNothing() {
    IssuedSerialProvider p = provider();
    p.swap(snapshot("full", 0, 1000, NOW, Duration.ofHours(1)));
    // The export script caught half-way twice, at different points: two partial sets.
    assertThat(p.swap(snapshot("a third written", 0, 300, NOW, Duration.ofHours(1))))
        .isEqualTo(IssuedSerialProvider.SwapResult.HELD_BACK);
    assertThat(p.wouldHoldBack(snapshot("half written", 0, 500, NOW, Duration.ofHours(1))))
        .isTrue();
    assertThat(p.swap(snapshot("half written", 0, 500, NOW, Duration.ofHours(1))))
        .isEqualTo(IssuedSerialProvider.SwapResult.HELD_BACK);
    assertThat(p.find(Role.ISSUANCE, query(ca, 700))).as("still served from the full set")
        .isInstanceOf(Finding.Issued.class);
    assertThat(p.heldBack().map(IssuedSerialSnapshot::size)).contains(500);
    assertThat(p.wouldHoldBack(snapshot("half written again", 0, 500, NOW,
        Duration.ofHours(1)))).as("the same size twice confirms the shrink").isFalse();
  }

  @Test
  void aSmallShrinkOrAnOverrideIsServedAtOnce() {
    IssuedSerialProvider p = provider();
    p.swap(snapshot("full", 0, 1000, NOW, Duration.ofHours(1)));
    assertThat(p.swap(snapshot("a few expired", 0, 850, NOW, Duration.ofHours(1))))
        .isEqualTo(IssuedSerialProvider.SwapResult.SWAPPED);
    p.forceSwap(snapshot("operator says so", 0, 10, NOW, Duration.ofHours(1)));
    assertThat(p.snapshot().map(IssuedSerialSnapshot::size)).contains(10);

    IssuedSerialProvider noGuard = IssuedSerialProvider.builder("issued", ca).clock(clock)
        .maxShrink(1).build();
    noGuard.swap(snapshot("full", 0, 1000, NOW, Duration.ofHours(1)));
    assertThat(noGuard.swap(snapshot("empty", 0, 0, NOW, Duration.ofHours(1))))
        .isEqualTo(IssuedSerialProvider.SwapResult.SWAPPED);
  }

  @Test
  void aFailedReloadKeepsTheDataAndIsReported() {
    IssuedSerialProvider p = provider();
    p.swap(snapshot("scan", 1, 10, NOW, Duration.ofHours(1)));
    p.reloadFailed("directory /srv/issued is not readable");
    assertThat(p.find(Role.ISSUANCE, query(ca, 5))).isInstanceOf(Finding.Issued.class);
    assertThat(p.state().failedReloads()).isEqualTo(1);
    assertThat(p.state().lastFailure()).contains("directory /srv/issued is not readable");
  }

  @Test
  void detailsOfAnEntryReachTheFinding() {
    IssuedSerialProvider p = provider();
    Validity v = new Validity(NOW.minusSeconds(10), NOW.plusSeconds(10));
    IssuedSerialSet set = IssuedSerialSet.builder().add(SerialNumber.of(1), v)
        .add(SerialNumber.of(2)).build();
    p.swap(new IssuedSerialSnapshot(set, DataVersion.of("db", NOW, null)));
    Finding f = p.find(Role.ISSUANCE, query(ca, 1));
    assertThat(f).isInstanceOf(Finding.Issued.class);
    assertThat(((Finding.Issued) f).validity()).contains(v);
    assertThat(((Finding.Issued) f).validity()).isPresent();
    assertThat(((Finding.Issued) p.find(Role.ISSUANCE, query(ca, 2))).validity()).isEmpty();
  }

  @Test
  void aSetWithDetailColumnsAndOneWithoutAnswerTheSameMembership() {
    Validity v = new Validity(NOW.minusSeconds(10), NOW.plusSeconds(10));
    IssuedSerialSet.Builder withColumns = IssuedSerialSet.builder().add(SerialNumber.of(1), v);
    IssuedSerialSet.Builder plain = IssuedSerialSet.builder();
    for (int i = 2; i < 3000; i += 3) {
      withColumns.add(SerialNumber.of(i));
      plain.add(SerialNumber.of(i));
    }
    IssuedSerialProvider detailed = provider();
    detailed.swap(new IssuedSerialSnapshot(withColumns.build(), DataVersion.of("db", NOW, null)));
    IssuedSerialProvider bare = provider();
    bare.swap(new IssuedSerialSnapshot(plain.build(), DataVersion.of("list", NOW, null)));

    for (int i = 2; i < 3100; i++) {
      Class<?> expected = i % 3 == 2 && i < 3000 ? Finding.Issued.class : Finding.NotIssued.class;
      assertThat(detailed.find(Role.ISSUANCE, query(ca, i))).as("serial %d", i)
          .isInstanceOf(expected);
      assertThat(bare.find(Role.ISSUANCE, query(ca, i))).as("serial %d", i)
          .isInstanceOf(expected);
    }
    assertThat(((Finding.Issued) detailed.find(Role.ISSUANCE, query(ca, 1))).validity())
        .contains(v);
    assertThat(bare.find(Role.ISSUANCE, query(ca, 1))).isInstanceOf(Finding.NotIssued.class);
    assertThat(bare.find(Role.ISSUANCE, query(ca, 5))).isSameAs(
        bare.find(Role.ISSUANCE, query(ca, 8)));
  }

  @Test
  void inAChainItGivesGoodForIssuedAndUnknownForNeverIssued() {
    IssuedSerialProvider p = provider();
    p.swap(snapshot("scan", 1, 1000, NOW, Duration.ofHours(1)));
    InMemoryRevocationList crl = new InMemoryRevocationList("crl", ca)
        .revoke(SerialNumber.of(13), NOW.minusSeconds(60), RevocationReason.KEY_COMPROMISE);
    DecisionChain chain = DecisionChain.builder(ca).provider(p).provider(crl).build();

    assertThat(chain.decide(query(ca, 12)).status()).isEqualTo(CertStatus.GOOD);
    assertThat(chain.decide(query(ca, 13)).status()).isEqualTo(CertStatus.REVOKED);
    Decision forged = chain.decide(query(ca, 5000));
    assertThat(forged.status()).isEqualTo(CertStatus.UNKNOWN);
    assertThat(forged.unknownReason()).contains(UnknownReason.NOT_ISSUED);
    clock.advance(Duration.ofHours(2));
    assertThat(chain.decide(query(ca, 12)).unknownReason())
        .contains(UnknownReason.ISSUANCE_UNAVAILABLE);
  }

  @Test
  void lookupsDuringSwapsSeeOneWholeSnapshot() throws Exception {
    // Snapshot A holds the even serials 0..1998, B the odd ones: a lookup that mixed them would
    // answer Issued for both 0 and 1 within one snapshot's version.
    IssuedSerialProvider p = IssuedSerialProvider.builder("issued", ca).clock(clock).maxShrink(1)
        .build();
    IssuedSerialSnapshot a = IssuedSerialSnapshot.of(
        SerialSet.of(IntStream.range(0, 1000).mapToObj(i -> SerialNumber.of(2L * i))),
        DataVersion.of("even", NOW, null));
    IssuedSerialSnapshot b = IssuedSerialSnapshot.of(
        SerialSet.of(IntStream.range(0, 1000).mapToObj(i -> SerialNumber.of(2L * i + 1))),
        DataVersion.of("odd", NOW, null));
    p.swap(a);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> wrong = new AtomicReference<>();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread reader = new Thread(() -> {
        while (!stop.get()) {
          Finding f = p.find(Role.ISSUANCE, query(ca, 4));
          boolean even = f.version().label().equals("even");
          if ((f instanceof Finding.Issued) != even) {
            wrong.set(f + " for serial 4");
          }
        }
      });
      reader.start();
      readers.add(reader);
    }
    for (int i = 0; i < 2000; i++) {
      p.swap(i % 2 == 0 ? b : a);
    }
    stop.set(true);
    for (Thread t : readers) {
      t.join();
    }
    assertThat(wrong.get()).isNull();
  }

  @Test
  void theBuilderNamesBadValues() {
    assertThatThrownBy(() -> IssuedSerialProvider.builder("issued", ca).maxShrink(1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    assertThatThrownBy(() -> IssuedSerialProvider.builder(" ", ca))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    assertThat(provider().roles()).containsExactly(Role.ISSUANCE);
  }
}
