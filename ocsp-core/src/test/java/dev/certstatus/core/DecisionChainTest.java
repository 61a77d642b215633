package dev.certstatus.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.memory.InMemoryIssuedSerials;
import dev.certstatus.memory.InMemoryRevocationList;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecisionChainTest {

  static final TestPki PKI = TestPki.withSeed(3);
  static final TestCa CA = PKI.rootCa("CN=Chain Test CA").ec().build();
  static final IssuerId ISSUER = IssuerId.of(CA.certificate());
  static final Instant T = Instant.parse("2026-06-01T12:00:00Z");
  static final SerialNumber SERIAL = SerialNumber.of(0x1001);

  static DecisionChain.Builder chain(RevocationProvider... providers) {
    DecisionChain.Builder b = DecisionChain.builder(ISSUER);
    for (RevocationProvider p : providers) {
      b.provider(p);
    }
    return b;
  }

  static InMemoryIssuedSerials issued(SerialNumber... serials) {
    InMemoryIssuedSerials s = new InMemoryIssuedSerials("issued", ISSUER);
    for (SerialNumber n : serials) {
      s.add(n);
    }
    return s;
  }

  static InMemoryRevocationList crl() {
    return new InMemoryRevocationList("crl", ISSUER);
  }

  static Decision decide(Decider d, SerialNumber serial, Instant at) {
    return d.decide(StatusQuery.of(ISSUER, serial, at));
  }

  /** A provider that fails in every way a broken implementation can. */
  record Broken(String id, Set<Role> roles, Runnable behaviour, Finding answer)
      implements RevocationProvider {
    @Override
    public Finding find(Role role, StatusQuery query) {
      behaviour.run();
      return answer;
    }
  }

  @Test
  void aProviderThatThrowsCountsAsUnavailable() {
    Broken throwing = new Broken("flaky-crl", Set.of(Role.REVOCATION),
        () -> {
          throw new IllegalStateException("disk on fire");
        }, null);
    Decision d = decide(chain(throwing, issued(SERIAL)).build(), SERIAL, T);
    assertThat(d.status()).isEqualTo(CertStatus.UNKNOWN);
    assertThat(d.unknownReason()).contains(UnknownReason.REVOCATION_UNAVAILABLE);
    assertThat(d.findings()).filteredOn(f -> f.providerId().equals("flaky-crl")).singleElement()
        .isInstanceOfSatisfying(Finding.Unavailable.class,
            u -> assertThat(u.cause()).contains("disk on fire"));
  }

  @Test
  void aProviderThatAnswersNothingOrTheWrongRoleCountsAsUnavailable() {
    Broken silent = new Broken("silent", Set.of(Role.ISSUANCE), () -> { }, null);
    Broken confused = new Broken("confused", Set.of(Role.ISSUANCE), () -> { },
        new Finding.NotRevoked("confused", DataVersion.NONE));
    Broken impostor = new Broken("impostor", Set.of(Role.ISSUANCE), () -> { },
        new Finding.Issued("someone-else", DataVersion.NONE, Optional.empty(), Optional.empty()));
    for (Broken b : List.of(silent, confused, impostor)) {
      Decision d = decide(chain(crl(), b).build(), SERIAL, T);
      assertThat(d.unknownReason()).as(b.id()).contains(UnknownReason.ISSUANCE_UNAVAILABLE);
    }
  }

  @Test
  void aRevocationAfterTheQueryInstantIsNotYetARevocation() {
    InMemoryRevocationList crl = crl().revoke(SERIAL, T.plusSeconds(1),
        RevocationReason.KEY_COMPROMISE);
    DecisionChain c = chain(crl, issued(SERIAL)).build();
    assertThat(decide(c, SERIAL, T).status()).isEqualTo(CertStatus.GOOD);
    Decision at = decide(c, SERIAL, T.plusSeconds(1));
    assertThat(at.status()).isEqualTo(CertStatus.REVOKED);
    assertThat(at.revocation().orElseThrow().time()).isEqualTo(T.plusSeconds(1));
  }

  @Test
  void validityBoundsAreInclusive() {
    Instant nb = T.minus(Duration.ofDays(1));
    Instant na = T.plus(Duration.ofDays(1));
    InMemoryIssuedSerials issued = new InMemoryIssuedSerials("issued", ISSUER)
        .add(SERIAL, new Validity(nb, na));
    DecisionChain c = chain(crl(), issued).build();
    assertThat(decide(c, SERIAL, nb).status()).isEqualTo(CertStatus.GOOD);
    assertThat(decide(c, SERIAL, na).status()).isEqualTo(CertStatus.GOOD);
    assertThat(decide(c, SERIAL, nb.minusNanos(1)).unknownReason())
        .contains(UnknownReason.NOT_YET_VALID);
    assertThat(decide(c, SERIAL, na.plusNanos(1)).unknownReason())
        .contains(UnknownReason.EXPIRED);

    DecisionChain ignoring = chain(crl(), issued).validityPolicy(ValidityPolicy.IGNORE).build();
    assertThat(decide(ignoring, SERIAL, na.plusSeconds(1)).status()).isEqualTo(CertStatus.GOOD);
  }

  @Test
  void theSuppliedCertificatesValidityCountsWhenTheSourcesHaveNone() {
    IssuedCert leaf = CA.issue("CN=leaf").serial(0x2002)
        .validity(T.minus(Duration.ofDays(10)), T.minus(Duration.ofDays(1))).build();
    SerialNumber serial = SerialNumber.of(leaf.serial());
    DecisionChain c = chain(crl(), issued(serial)).build();
    assertThat(decide(c, serial, T).status()).as("OCSP: no certificate, no validity known")
        .isEqualTo(CertStatus.GOOD);
    Decision withCert = c.decide(StatusQuery.of(ISSUER, leaf.certificate(), T));
    assertThat(withCert.unknownReason()).contains(UnknownReason.EXPIRED);

    DecisionChain revocationOnly = chain(crl()).revocationOnly().build();
    assertThat(revocationOnly.decide(StatusQuery.of(ISSUER, leaf.certificate(), T))
        .unknownReason()).contains(UnknownReason.EXPIRED);
  }

  @Test
  void aDifferentCertificateUnderAnIssuedSerialIsAMismatch() {
    IssuedCert real = CA.issue("CN=real").serial(0x3003)
        .validity(T.minus(Duration.ofDays(1)), T.plus(Duration.ofDays(1))).build();
    IssuedCert forged = CA.forge("CN=forged").serial(0x3003)
        .validity(T.minus(Duration.ofDays(1)), T.plus(Duration.ofDays(1))).build();
    InMemoryIssuedSerials issued = new InMemoryIssuedSerials("issued", ISSUER)
        .add(real.certificate());
    DecisionChain c = chain(crl(), issued).build();
    assertThat(c.decide(StatusQuery.of(ISSUER, real.certificate(), T)).status())
        .isEqualTo(CertStatus.GOOD);
    Decision d = c.decide(StatusQuery.of(ISSUER, forged.certificate(), T));
    assertThat(d.unknownReason()).contains(UnknownReason.CERTIFICATE_MISMATCH);
  }

  @Test
  void severalRevocationsGiveTheEarliestThenNonHoldThenLowestCodeThenProviderId() {
    Instant early = T.minus(Duration.ofDays(3));
    Instant late = T.minus(Duration.ofDays(1));
    RevocationProvider a = new InMemoryRevocationList("a", ISSUER)
        .revoke(SERIAL, late, RevocationReason.KEY_COMPROMISE);
    RevocationProvider b = new InMemoryRevocationList("b", ISSUER)
        .revoke(SERIAL, early, RevocationReason.CERTIFICATE_HOLD);
    RevocationProvider c = new InMemoryRevocationList("c", ISSUER)
        .revoke(SERIAL, early, RevocationReason.SUPERSEDED);
    RevocationProvider d = new InMemoryRevocationList("d", ISSUER)
        .revoke(SERIAL, early, RevocationReason.AFFILIATION_CHANGED);
    assertThat(decide(chain(a, b).build(), SERIAL, T).revocation().orElseThrow().time())
        .isEqualTo(early);
    assertThat(decide(chain(b, c).build(), SERIAL, T).revocation().orElseThrow().reason())
        .as("non-hold before hold").contains(RevocationReason.SUPERSEDED);
    assertThat(decide(chain(c, d, b).build(), SERIAL, T).revocation().orElseThrow().reason())
        .as("lowest code").contains(RevocationReason.AFFILIATION_CHANGED);
    RevocationProvider x = new InMemoryRevocationList("x", ISSUER).revoke(SERIAL, early,
        Optional.of(RevocationReason.SUPERSEDED), Optional.of(early.minusSeconds(60)));
    assertThat(decide(chain(x, c).build(), SERIAL, T).revocation().orElseThrow()
        .invalidityDate()).as("same time and reason: provider c before x").isEmpty();
  }

  @Test
  void nonIssuedRevokedAnswerOnlyWhileIssuanceDataIsCompleteRecentlyEnough() {
    Duration lag = Duration.ofMinutes(30);
    NotIssuedSource recent = new NotIssuedSource("export", T.minus(lag));
    DecisionChain c = chain(crl(), recent).nonIssuedPolicy(NonIssuedPolicy.revoked(lag)).build();
    Decision d = decide(c, SERIAL, T);
    assertThat(d.status()).isEqualTo(CertStatus.REVOKED);
    assertThat(d.isNonIssuedRevocation()).isTrue();
    assertThat(d.revocation().orElseThrow().time()).isEqualTo(Instant.EPOCH);
    assertThat(d.revocation().get().reason()).contains(RevocationReason.CERTIFICATE_HOLD);

    Decision stale = decide(c, SERIAL, T.plusSeconds(1));
    assertThat(stale.status()).isEqualTo(CertStatus.UNKNOWN);
    assertThat(stale.unknownReason()).contains(UnknownReason.NOT_ISSUED);

    DecisionChain unversioned = chain(crl(), issued())
        .nonIssuedPolicy(NonIssuedPolicy.revoked(Duration.ofDays(365))).build();
    assertThat(decide(unversioned, SERIAL, T).unknownReason())
        .as("data without an as-of time is never known to be complete")
        .contains(UnknownReason.NOT_ISSUED);
  }

  @Test
  void decisionsForTheSameReasonShareTheirOptionalAndStillCompareByValue() {
    DecisionChain c = chain(crl(), issued(SERIAL)).build();
    Decision first = decide(c, SerialNumber.of(1), T);
    Decision second = decide(c, SerialNumber.of(2), T);
    assertThat(first.unknownReason()).isEqualTo(Optional.of(UnknownReason.NOT_ISSUED))
        .isSameAs(second.unknownReason());
    assertThat(first).isEqualTo(new Decision(first.query(), CertStatus.UNKNOWN, Optional.empty(),
        Optional.of(UnknownReason.NOT_ISSUED), first.rule(), first.findings()));
    for (UnknownReason r : UnknownReason.values()) {
      assertThat(Decision.reason(r)).contains(r).isSameAs(Decision.reason(r));
    }

    Duration lag = Duration.ofMinutes(30);
    DecisionChain revoking = chain(crl(), new NotIssuedSource("export", T))
        .nonIssuedPolicy(NonIssuedPolicy.revoked(lag)).build();
    Decision nonIssued = decide(revoking, SerialNumber.of(1), T);
    assertThat(nonIssued.revocation()).contains(RevocationDetails.NON_ISSUED)
        .isSameAs(decide(revoking, SerialNumber.of(2), T).revocation());
  }

  /** An issuance source whose data is complete as of a given time and has no serials. */
  record NotIssuedSource(String id, Instant asOf) implements RevocationProvider {
    @Override
    public Set<Role> roles() {
      return Set.of(Role.ISSUANCE);
    }

    @Override
    public Finding find(Role role, StatusQuery query) {
      return new Finding.NotIssued(id, DataVersion.of("export", asOf, null));
    }
  }

  @Test
  void aQueryForAnotherIssuerIsUnknownIssuer() {
    IssuerId other = IssuerId.of(PKI.rootCa("CN=Other").ec().build().certificate());
    DecisionChain c = chain(crl(), issued(SERIAL)).build();
    Decision d = c.decide(StatusQuery.of(other, SERIAL, T));
    assertThat(d.unknownReason()).contains(UnknownReason.UNKNOWN_ISSUER);
    assertThat(d.rule().number()).isZero();
    assertThat(IssuerRouter.of(c).decide(StatusQuery.of(other, SERIAL, T)).rule())
        .isEqualTo(Rule.UNKNOWN_ISSUER);
    assertThat(IssuerRouter.of(c).decide(StatusQuery.of(ISSUER, SERIAL, T)).status())
        .isEqualTo(CertStatus.GOOD);
  }

  @Test
  void listenersSeeEveryDecisionAndCannotChangeIt() {
    List<Decision> seen = new ArrayList<>();
    List<SerialNumber> nonIssued = new ArrayList<>();
    DecisionChain c = chain(crl(), issued(SERIAL))
        .listener(seen::add)
        .listener(d -> {
          throw new IllegalStateException("metrics backend down");
        })
        .listener(d -> d.unknownReason().filter(r -> r == UnknownReason.NOT_ISSUED)
            .ifPresent(r -> nonIssued.add(d.query().serial())))
        .build();
    assertThat(decide(c, SERIAL, T).status()).isEqualTo(CertStatus.GOOD);
    assertThat(decide(c, SerialNumber.of(666), T).status()).isEqualTo(CertStatus.UNKNOWN);
    assertThat(seen).hasSize(2);
    assertThat(nonIssued).containsExactly(SerialNumber.of(666));

    List<Decision> routed = new ArrayList<>();
    IssuerRouter router = IssuerRouter.builder().chain(c).listener(routed::add).build();
    IssuerId other = IssuerId.of(PKI.rootCa("CN=Nobody").ec().build().certificate());
    router.decide(StatusQuery.of(other, SERIAL, T));
    router.decide(StatusQuery.of(ISSUER, SERIAL, T));
    assertThat(routed).extracting(Decision::rule)
        .containsExactly(Rule.UNKNOWN_ISSUER, Rule.ISSUED);
  }

  @Test
  void theBuilderRejectsChainsThatCannotBeRight() {
    assertThatThrownBy(() -> chain().build()).hasMessageContaining("no providers");
    assertThatThrownBy(() -> chain(crl(), crl())).hasMessageContaining("'crl'");
    assertThatThrownBy(() -> chain(crl()).revocationOnly().withoutRevocationSources().build())
        .hasMessageContaining("GOOD for any serial");
    assertThatThrownBy(() -> chain(new Broken("none", Set.of(), () -> { }, null)))
        .hasMessageContaining("no roles");
    assertThatThrownBy(() -> NonIssuedPolicy.revoked(Duration.ofSeconds(-1)))
        .hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> IssuerRouter.of(chain(crl()).build(), chain(crl()).build()))
        .hasMessageContaining("two chains serve");
  }

  @Test
  void providerOrderDoesNotChangeTheFindingsOrder() {
    InMemoryRevocationList crl = crl().revoke(SERIAL, T, RevocationReason.SUPERSEDED);
    InMemoryIssuedSerials issued = issued(SERIAL);
    assertThat(decide(chain(crl, issued).build(), SERIAL, T))
        .isEqualTo(decide(chain(issued, crl).build(), SERIAL, T));
  }

  @Test
  void anExplanationNamesTheRuleAndEveryFindingWithItsData() {
    NotIssuedSource export = new NotIssuedSource("serial-dir", T.minusSeconds(60));
    Decision d = decide(chain(crl(), export).build(), SerialNumber.parseHex("0badc0de"), T);
    String text = d.explain();
    assertThat(text).contains("0badc0de", "UNKNOWN (NOT_ISSUED)", "rule 6",
        "serial-dir [issuance] never issued", "crl [revocation] not revoked",
        "as of " + T.minusSeconds(60));
  }

  @Test
  void inMemorySourcesBumpTheirGenerationOnEveryChange() {
    InMemoryRevocationList crl = crl();
    InMemoryIssuedSerials issued = issued();
    DecisionChain c = chain(crl, issued).build();
    long g0 = c.dataGeneration();
    issued.add(SERIAL);
    long g1 = c.dataGeneration();
    crl.revoke(SERIAL, T, RevocationReason.KEY_COMPROMISE);
    long g2 = c.dataGeneration();
    crl.release(SERIAL);
    assertThat(List.of(g0, g1, g2, c.dataGeneration())).isSorted().doesNotHaveDuplicates();
    assertThat(decide(c, SERIAL, T).status()).isEqualTo(CertStatus.GOOD);
  }

  @Test
  void aQueryCarryingAnotherSerialsCertificateIsRejected() {
    IssuedCert leaf = CA.issue("CN=x").serial(5).build();
    assertThatThrownBy(() -> new StatusQuery(ISSUER, SerialNumber.of(6), T,
        Optional.of(leaf.certificate()))).hasMessageContaining("not the queried serial");
  }

  @Test
  void decisionsCarryTheFindingsOfProvidersWithBothRoles() {
    Map<Role, Finding> both = Map.of(
        Role.REVOCATION, new Finding.NotRevoked("db", DataVersion.of("sync 7", T, null)),
        Role.ISSUANCE, new Finding.Issued("db", DataVersion.of("sync 7", T, null),
            Optional.empty(), Optional.empty()));
    Decision d = decide(chain(new FixedProvider("db", both)).build(), SERIAL, T);
    assertThat(d.status()).isEqualTo(CertStatus.GOOD);
    assertThat(d.findings()).extracting(Finding::role)
        .containsExactly(Role.REVOCATION, Role.ISSUANCE);
  }
}
