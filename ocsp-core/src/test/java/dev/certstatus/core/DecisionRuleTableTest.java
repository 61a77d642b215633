package dev.certstatus.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every combination of findings from one to three providers, in every chain mode, against the
 * rules of DESIGN.md section 4 as written there. A provider has the revocation role, the
 * issuance role, or both; each role answers with each kind of finding.
 */
class DecisionRuleTableTest {

  static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");

  /** What a provider's revocation role says. */
  enum Rev { REVOKED_BEFORE, REVOKED_AFTER, NOT_REVOKED, UNAVAILABLE, NOT_COVERED }

  /** What a provider's issuance role says. */
  enum Iss { ISSUED, ISSUED_EXPIRED, NOT_ISSUED, UNAVAILABLE, NOT_COVERED }

  /** How the chain is built. */
  enum Mode { DEFAULT, REVOCATION_ONLY, WITHOUT_REVOCATION_SOURCES, NON_ISSUED_REVOKED,
    NON_ISSUED_REVOKED_LAGGING }

  /** One provider: a revocation answer, an issuance answer, or both (null = role absent). */
  record Shape(Rev rev, Iss iss) {}

  record Expected(CertStatus status, Optional<UnknownReason> reason, Rule rule,
      boolean nonIssued) {}

  static List<Shape> allShapes() {
    List<Shape> shapes = new ArrayList<>();
    for (Rev r : Rev.values()) {
      shapes.add(new Shape(r, null));
    }
    for (Iss i : Iss.values()) {
      shapes.add(new Shape(null, i));
    }
    for (Rev r : Rev.values()) {
      for (Iss i : Iss.values()) {
        shapes.add(new Shape(r, i));
      }
    }
    return shapes;
  }

  /** The rules, transcribed from the table in DESIGN.md section 4. */
  static Expected expected(List<Shape> shapes, Mode mode) {
    List<Rev> revs = new ArrayList<>();
    List<Iss> isss = new ArrayList<>();
    for (Shape s : shapes) {
      if (s.rev != null) {
        revs.add(s.rev);
      }
      if (s.iss != null) {
        isss.add(s.iss);
      }
    }
    if (revs.contains(Rev.REVOKED_BEFORE)) {
      return new Expected(CertStatus.REVOKED, Optional.empty(), Rule.REVOKED, false);
    }
    boolean revocationCovered = revs.stream().anyMatch(r -> r != Rev.NOT_COVERED);
    if (!revocationCovered && mode != Mode.WITHOUT_REVOCATION_SOURCES) {
      return unknown(UnknownReason.NO_REVOCATION_SOURCE, Rule.NO_REVOCATION_SOURCE);
    }
    if (revs.contains(Rev.UNAVAILABLE)) {
      return unknown(UnknownReason.REVOCATION_UNAVAILABLE, Rule.REVOCATION_UNAVAILABLE);
    }
    // DESIGN.md's rules 4 and 5 in the order the chain applies them: an unavailable issuance
    // source first, so that an outage can never hide the record that makes an answer UNKNOWN.
    if (isss.contains(Iss.UNAVAILABLE)) {
      return unknown(UnknownReason.ISSUANCE_UNAVAILABLE, Rule.ISSUANCE_UNAVAILABLE);
    }
    if (isss.contains(Iss.ISSUED) || isss.contains(Iss.ISSUED_EXPIRED)) {
      return isss.contains(Iss.ISSUED_EXPIRED)
          ? unknown(UnknownReason.EXPIRED, Rule.ISSUED)
          : new Expected(CertStatus.GOOD, Optional.empty(), Rule.ISSUED, false);
    }
    if (isss.contains(Iss.NOT_ISSUED)) {
      return mode == Mode.NON_ISSUED_REVOKED
          ? new Expected(CertStatus.REVOKED, Optional.empty(), Rule.NOT_ISSUED, true)
          : unknown(UnknownReason.NOT_ISSUED, Rule.NOT_ISSUED);
    }
    return mode == Mode.REVOCATION_ONLY
        ? new Expected(CertStatus.GOOD, Optional.empty(), Rule.NO_ISSUANCE_SOURCE, false)
        : unknown(UnknownReason.NO_ISSUANCE_SOURCE, Rule.NO_ISSUANCE_SOURCE);
  }

  static Expected unknown(UnknownReason reason, Rule rule) {
    return new Expected(CertStatus.UNKNOWN, Optional.of(reason), rule, false);
  }

  static FixedProvider provider(String id, Shape shape) {
    Map<Role, Finding> m = new EnumMap<>(Role.class);
    DataVersion v = DataVersion.of("test data", AT.minus(Duration.ofHours(1)), null);
    if (shape.rev != null) {
      m.put(Role.REVOCATION, switch (shape.rev) {
        case REVOKED_BEFORE -> new Finding.Revoked(id, v, AT.minus(Duration.ofDays(1)),
            Optional.of(RevocationReason.KEY_COMPROMISE), Optional.empty());
        case REVOKED_AFTER -> new Finding.Revoked(id, v, AT.plusSeconds(1),
            Optional.of(RevocationReason.KEY_COMPROMISE), Optional.empty());
        case NOT_REVOKED -> new Finding.NotRevoked(id, v);
        case UNAVAILABLE -> new Finding.Unavailable(id, v, Role.REVOCATION, "test outage");
        case NOT_COVERED -> new Finding.NotCovered(id, v, Role.REVOCATION);
      });
    }
    if (shape.iss != null) {
      m.put(Role.ISSUANCE, switch (shape.iss) {
        case ISSUED -> new Finding.Issued(id, v,
            Optional.of(new Validity(AT.minus(Duration.ofDays(30)), AT.plus(Duration.ofDays(30)))),
            Optional.empty());
        case ISSUED_EXPIRED -> new Finding.Issued(id, v,
            Optional.of(new Validity(AT.minus(Duration.ofDays(30)), AT.minusSeconds(1))),
            Optional.empty());
        case NOT_ISSUED -> new Finding.NotIssued(id, v);
        case UNAVAILABLE -> new Finding.Unavailable(id, v, Role.ISSUANCE, "test outage");
        case NOT_COVERED -> new Finding.NotCovered(id, v, Role.ISSUANCE);
      });
    }
    return new FixedProvider(id, m);
  }

  static DecisionChain chain(List<Shape> shapes, Mode mode) {
    DecisionChain.Builder b = DecisionChain.builder(TestIssuers.CA);
    for (int i = 0; i < shapes.size(); i++) {
      b.provider(provider("p" + i, shapes.get(i)));
    }
    switch (mode) {
      case REVOCATION_ONLY -> b.revocationOnly();
      case WITHOUT_REVOCATION_SOURCES -> b.withoutRevocationSources();
      // the issuance data is an hour old: fresh enough for two hours, too old for ten minutes
      case NON_ISSUED_REVOKED -> b.nonIssuedPolicy(NonIssuedPolicy.revoked(Duration.ofHours(2)));
      case NON_ISSUED_REVOKED_LAGGING ->
          b.nonIssuedPolicy(NonIssuedPolicy.revoked(Duration.ofMinutes(10)));
      default -> { }
    }
    return b.build();
  }

  /** Every multiset of {@code n} shapes (order is covered by the permutation property test). */
  static List<List<Shape>> combinations(int n) {
    List<List<Shape>> out = new ArrayList<>();
    collect(allShapes(), n, 0, new ArrayList<>(), out);
    return out;
  }

  private static void collect(List<Shape> shapes, int n, int from, List<Shape> current,
      List<List<Shape>> out) {
    if (current.size() == n) {
      out.add(List.copyOf(current));
      return;
    }
    for (int i = from; i < shapes.size(); i++) {
      current.add(shapes.get(i));
      collect(shapes, n, i, current, out);
      current.remove(current.size() - 1);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void everyCombinationOfOneToThreeProvidersFollowsTheRules(Mode mode) {
    StatusQuery q = StatusQuery.of(TestIssuers.CA, SerialNumber.of(1234), AT);
    int checked = 0;
    List<String> mismatches = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      for (List<Shape> shapes : combinations(n)) {
        Decision d = chain(shapes, mode).decide(q);
        Expected e = expected(shapes, mode);
        Expected actual = new Expected(d.status(), d.unknownReason(), d.rule(),
            d.isNonIssuedRevocation());
        if (!actual.equals(e)) {
          mismatches.add(shapes + " " + mode + ": expected " + e + " but was " + actual);
        }
        checkInvariants(d, shapes, mode, mismatches);
        checked++;
      }
    }
    assertThat(mismatches).isEmpty();
    // 35 provider shapes: 35 + 630 + 7770 multisets of one, two and three providers
    assertThat(checked).isEqualTo(8435);
  }

  /** DESIGN.md section 4's consequences, checked on every decision of the table. */
  private static void checkInvariants(Decision d, List<Shape> shapes, Mode mode,
      List<String> problems) {
    assertThat(d.findings()).hasSize(
        (int) shapes.stream().mapToLong(s -> (s.rev != null ? 1 : 0) + (s.iss != null ? 1 : 0))
            .sum());
    if (d.status() != CertStatus.GOOD) {
      return;
    }
    boolean anyIssued = d.findings().stream().anyMatch(f -> f instanceof Finding.Issued);
    boolean anyRevokedBefore = d.findings().stream().anyMatch(f -> f instanceof Finding.Revoked
        && !((Finding.Revoked) f).revocationTime().isAfter(AT));
    boolean revocationUnavailable = d.findings().stream().anyMatch(
        f -> f instanceof Finding.Unavailable && f.role() == Role.REVOCATION);
    if (!anyIssued && mode != Mode.REVOCATION_ONLY) {
      problems.add("GOOD without any Issued finding: " + shapes + " " + mode);
    }
    if (anyRevokedBefore || revocationUnavailable) {
      problems.add("GOOD despite a revocation or an unavailable CRL: " + shapes + " " + mode);
    }
  }

  // A literal table, independent of the transcription above, for the cases that matter most.

  @Test
  void issuedAndNotRevokedIsGood() {
    assertThat(decide(Mode.DEFAULT, new Shape(Rev.NOT_REVOKED, null), new Shape(null, Iss.ISSUED))
        .status()).isEqualTo(CertStatus.GOOD);
  }

  @Test
  void aForgedCertificateThatNoCrlListsIsNotGood() {
    Decision d = decide(Mode.DEFAULT, new Shape(Rev.NOT_REVOKED, null),
        new Shape(null, Iss.NOT_ISSUED));
    assertThat(d.status()).isEqualTo(CertStatus.UNKNOWN);
    assertThat(d.unknownReason()).contains(UnknownReason.NOT_ISSUED);
    assertThat(d.rule().number()).isEqualTo(6);
  }

  @Test
  void revokedWinsOverEverythingElse() {
    Decision d = decide(Mode.DEFAULT, new Shape(Rev.UNAVAILABLE, Iss.UNAVAILABLE),
        new Shape(Rev.REVOKED_BEFORE, Iss.NOT_ISSUED));
    assertThat(d.status()).isEqualTo(CertStatus.REVOKED);
    assertThat(d.revocation().orElseThrow().reason()).contains(RevocationReason.KEY_COMPROMISE);
    assertThat(d.rule()).isEqualTo(Rule.REVOKED);
  }

  @Test
  void anUnavailableCrlMakesAnIssuedCertificateUnknown() {
    Decision d = decide(Mode.DEFAULT, new Shape(Rev.NOT_REVOKED, null),
        new Shape(Rev.UNAVAILABLE, null), new Shape(null, Iss.ISSUED));
    assertThat(d.unknownReason()).contains(UnknownReason.REVOCATION_UNAVAILABLE);
  }

  @Test
  void withoutAnyRevocationSourceTheAnswerIsUnknownUnlessBuiltThatWay() {
    assertThat(decide(Mode.DEFAULT, new Shape(null, Iss.ISSUED)).unknownReason())
        .contains(UnknownReason.NO_REVOCATION_SOURCE);
    assertThat(decide(Mode.DEFAULT, new Shape(Rev.NOT_COVERED, Iss.ISSUED)).unknownReason())
        .contains(UnknownReason.NO_REVOCATION_SOURCE);
    assertThat(decide(Mode.WITHOUT_REVOCATION_SOURCES, new Shape(null, Iss.ISSUED)).status())
        .isEqualTo(CertStatus.GOOD);
  }

  @Test
  void revocationOnlyModeAnswersGoodWithoutIssuanceDataButNeverAgainstIt() {
    assertThat(decide(Mode.DEFAULT, new Shape(Rev.NOT_REVOKED, null)).unknownReason())
        .contains(UnknownReason.NO_ISSUANCE_SOURCE);
    Decision good = decide(Mode.REVOCATION_ONLY, new Shape(Rev.NOT_REVOKED, null));
    assertThat(good.status()).isEqualTo(CertStatus.GOOD);
    assertThat(good.rule().number()).isEqualTo(7);
    assertThat(decide(Mode.REVOCATION_ONLY, new Shape(Rev.NOT_REVOKED, Iss.NOT_ISSUED))
        .unknownReason()).contains(UnknownReason.NOT_ISSUED);
  }

  @Test
  void oneIssuedAmongSeveralSerialDirectoriesIsEnough() {
    assertThat(decide(Mode.DEFAULT, new Shape(Rev.NOT_REVOKED, null),
        new Shape(null, Iss.NOT_ISSUED), new Shape(null, Iss.ISSUED)).status())
        .isEqualTo(CertStatus.GOOD);
  }

  @Test
  void anUnavailableIssuanceSourceMakesTheAnswerUnknownEvenBesideAnIssuedOne() {
    assertThat(decide(Mode.DEFAULT, new Shape(Rev.NOT_REVOKED, null),
        new Shape(null, Iss.NOT_ISSUED), new Shape(null, Iss.UNAVAILABLE)).unknownReason())
        .contains(UnknownReason.ISSUANCE_UNAVAILABLE);
    // The unavailable source might hold an expired record or another certificate's hash for
    // this serial: answering GOOD from the other source alone would let an outage hide it.
    Decision d = decide(Mode.DEFAULT, new Shape(Rev.NOT_REVOKED, null),
        new Shape(null, Iss.ISSUED), new Shape(null, Iss.UNAVAILABLE));
    assertThat(d.unknownReason()).contains(UnknownReason.ISSUANCE_UNAVAILABLE);
    assertThat(d.rule().number()).isEqualTo(4);
  }

  @Test
  void nonIssuedRevokedAnswerNeedsRecentIssuanceData() {
    Decision revoked = decide(Mode.NON_ISSUED_REVOKED, new Shape(Rev.NOT_REVOKED, Iss.NOT_ISSUED));
    assertThat(revoked.status()).isEqualTo(CertStatus.REVOKED);
    assertThat(revoked.revocation().orElseThrow()).isEqualTo(RevocationDetails.NON_ISSUED);
    assertThat(revoked.revocation().get().time()).isEqualTo(Instant.parse("1970-01-01T00:00:00Z"));
    assertThat(revoked.revocation().get().reason()).contains(RevocationReason.CERTIFICATE_HOLD);
    assertThat(decide(Mode.NON_ISSUED_REVOKED_LAGGING, new Shape(Rev.NOT_REVOKED, Iss.NOT_ISSUED))
        .unknownReason()).contains(UnknownReason.NOT_ISSUED);
  }

  private static Decision decide(Mode mode, Shape... shapes) {
    return chain(List.of(shapes), mode)
        .decide(StatusQuery.of(TestIssuers.CA, SerialNumber.of(1234), AT));
  }
}
