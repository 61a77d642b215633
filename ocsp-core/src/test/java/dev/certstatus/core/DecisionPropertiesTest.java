package dev.certstatus.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of DESIGN.md section 4 over many random chains (seeded, so a failure names a
 * reproducible seed): the answer does not depend on provider order, and turning any finding into
 * Unavailable never turns a non-GOOD answer into GOOD.
 */
class DecisionPropertiesTest {

  static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");
  static final int CHAINS = 3_000;

  /** A random chain: its providers' findings, and how the chain is built. */
  record RandomChain(List<Map<Role, Finding>> providers, int mode) {

    DecisionChain build(List<Map<Role, Finding>> order) {
      DecisionChain.Builder b = DecisionChain.builder(TestIssuers.CA);
      for (Map<Role, Finding> p : order) {
        b.provider(new FixedProvider(p.values().iterator().next().providerId(), p));
      }
      switch (mode) {
        case 1 -> b.revocationOnly();
        case 2 -> b.withoutRevocationSources();
        case 3 -> b.nonIssuedPolicy(NonIssuedPolicy.revoked(Duration.ofHours(1)));
        case 4 -> b.validityPolicy(ValidityPolicy.IGNORE);
        default -> { }
      }
      return b.build();
    }

    Decision decide(List<Map<Role, Finding>> order) {
      return build(order).decide(StatusQuery.of(TestIssuers.CA, SerialNumber.of(42), AT));
    }
  }

  static RandomChain randomChain(Random r) {
    int n = 1 + r.nextInt(6);
    List<Map<Role, Finding>> providers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "p" + i;
      Map<Role, Finding> m = new EnumMap<>(Role.class);
      int roles = r.nextInt(3);
      if (roles != 1) {
        m.put(Role.REVOCATION, randomRevocation(r, id));
      }
      if (roles != 0) {
        m.put(Role.ISSUANCE, randomIssuance(r, id));
      }
      providers.add(m);
    }
    return new RandomChain(providers, r.nextInt(5));
  }

  static Instant around(Random r) {
    // Mostly near the query instant, so that "before", "at" and "after" all occur.
    return AT.plusSeconds(r.nextInt(5) - 2L + (r.nextBoolean() ? 0 : (r.nextInt(200) - 100) * 3600L));
  }

  static DataVersion version(Random r) {
    return DataVersion.of("v" + r.nextInt(3), AT.minus(Duration.ofMinutes(r.nextInt(120))), null);
  }

  static Finding randomRevocation(Random r, String id) {
    DataVersion v = version(r);
    switch (r.nextInt(4)) {
      case 0:
        RevocationReason[] reasons = {RevocationReason.KEY_COMPROMISE,
            RevocationReason.CERTIFICATE_HOLD, RevocationReason.SUPERSEDED,
            RevocationReason.UNSPECIFIED};
        Optional<RevocationReason> reason = r.nextInt(5) == 0 ? Optional.empty()
            : Optional.of(reasons[r.nextInt(reasons.length)]);
        return new Finding.Revoked(id, v, around(r), reason,
            r.nextBoolean() ? Optional.empty() : Optional.of(around(r)));
      case 1:
        return new Finding.NotRevoked(id, v);
      case 2:
        return new Finding.Unavailable(id, v, Role.REVOCATION, "random outage");
      default:
        return new Finding.NotCovered(id, v, Role.REVOCATION);
    }
  }

  static Finding randomIssuance(Random r, String id) {
    DataVersion v = version(r);
    switch (r.nextInt(4)) {
      case 0:
        Optional<Validity> validity = Optional.empty();
        if (r.nextBoolean()) {
          Instant a = around(r);
          Instant b = around(r);
          validity = Optional.of(a.isBefore(b) ? new Validity(a, b) : new Validity(b, a));
        }
        return new Finding.Issued(id, v, validity, Optional.empty());
      case 1:
        return new Finding.NotIssued(id, v);
      case 2:
        return new Finding.Unavailable(id, v, Role.ISSUANCE, "random outage");
      default:
        return new Finding.NotCovered(id, v, Role.ISSUANCE);
    }
  }

  @Test
  void anyOrderOfTheSameProvidersGivesTheSameDecision() {
    Random r = new Random(20261125);
    for (int i = 0; i < CHAINS; i++) {
      RandomChain chain = randomChain(r);
      Decision reference = chain.decide(chain.providers());
      for (int k = 0; k < 4; k++) {
        List<Map<Role, Finding>> shuffled = new ArrayList<>(chain.providers());
        Collections.shuffle(shuffled, r);
        Decision d = chain.decide(shuffled);
        assertThat(d.status()).as("chain %d %s", i, chain).isEqualTo(reference.status());
        assertThat(d.unknownReason()).as("chain %d %s", i, chain)
            .isEqualTo(reference.unknownReason());
        assertThat(d.revocation()).as("chain %d %s", i, chain).isEqualTo(reference.revocation());
        assertThat(d.rule()).as("chain %d %s", i, chain).isEqualTo(reference.rule());
        assertThat(d.findings()).as("chain %d %s", i, chain).isEqualTo(reference.findings());
      }
    }
  }

  @Test
  void turningAnyFindingIntoUnavailableNeverMakesAnAnswerGood() {
    Random r = new Random(5280);
    int nonGood = 0;
    for (int i = 0; i < CHAINS; i++) {
      RandomChain chain = randomChain(r);
      Decision before = chain.decide(chain.providers());
      if (before.status() == CertStatus.GOOD) {
        continue;
      }
      nonGood++;
      for (int p = 0; p < chain.providers().size(); p++) {
        for (Role role : chain.providers().get(p).keySet()) {
          List<Map<Role, Finding>> changed = new ArrayList<>(chain.providers());
          Map<Role, Finding> m = new EnumMap<>(changed.get(p));
          Finding old = m.get(role);
          m.put(role, new Finding.Unavailable(old.providerId(), old.version(), role, "outage"));
          changed.set(p, m);
          assertThat(chain.decide(changed).status())
              .as("chain %d %s with %s of %s unavailable", i, chain, role, old.providerId())
              .isNotEqualTo(CertStatus.GOOD);
        }
      }
    }
    assertThat(nonGood).as("the random chains exercise non-GOOD answers").isGreaterThan(CHAINS / 3);
  }

  @Test
  void goodAlwaysRestsOnIssuanceAndFreshRevocationData() {
    Random r = new Random(6960);
    int good = 0;
    for (int i = 0; i < CHAINS; i++) {
      RandomChain chain = randomChain(r);
      Decision d = chain.decide(chain.providers());
      if (d.status() != CertStatus.GOOD) {
        continue;
      }
      good++;
      List<Finding> f = d.findings();
      if (chain.mode() != 1) {
        assertThat(f).as("chain %d", i).anyMatch(x -> x instanceof Finding.Issued);
      }
      assertThat(f).as("chain %d", i).noneMatch(x -> x instanceof Finding.Revoked
          && !((Finding.Revoked) x).revocationTime().isAfter(AT));
      assertThat(f).as("chain %d", i).noneMatch(x -> x instanceof Finding.Unavailable
          && x.role() == Role.REVOCATION);
      if (chain.mode() != 4) {
        assertThat(f).as("chain %d", i).noneMatch(x -> x instanceof Finding.Issued
            && ((Finding.Issued) x).validity().map(v -> !v.contains(AT)).orElse(false));
      }
    }
    assertThat(good).as("the random chains exercise GOOD answers").isGreaterThan(50);
  }
}
