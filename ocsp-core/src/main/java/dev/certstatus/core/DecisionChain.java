package dev.certstatus.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the status of a CA's certificates from the findings of its providers, by the rules of
 * DESIGN.md section 4 (with "an issuance source is unavailable" checked before "issued", see
 * {@link Rule#ISSUANCE_UNAVAILABLE}). The answer depends only on the findings, never on the order in which the
 * providers were added, on timing or on the thread: providers are kept sorted by id.
 *
 * <p>Immutable and thread-safe once built:
 *
 * <pre>{@code
 * DecisionChain chain = DecisionChain.builder(IssuerId.of(caCert))
 *     .provider(issuedSerials)
 *     .provider(crl)
 *     .build();
 * Decision d = chain.decide(StatusQuery.of(chain.issuer(), serial, Instant.now()));
 * }</pre>
 */
public final class DecisionChain implements Decider {

  private static final Logger LOG = LoggerFactory.getLogger(DecisionChain.class);

  private static final Comparator<Finding.Revoked> REVOCATION_ORDER = Comparator
      .comparing(Finding.Revoked::revocationTime)
      .thenComparing(Finding.Revoked::isHold)
      .thenComparingInt(r -> r.reason().map(RevocationReason::code).orElse(0))
      .thenComparing(Finding.Revoked::providerId);

  private final IssuerId issuer;
  private final RevocationProvider[] providers;
  private final Role[][] roles;
  private final int findingCount;
  private final RevocationProvider[] askProviders;
  private final Role[] askRoles;
  private final NonIssuedPolicy nonIssuedPolicy;
  private final ValidityPolicy validityPolicy;
  private final boolean revocationOnly;
  private final boolean withoutRevocationSources;
  private final DecisionListener[] listeners;

  private DecisionChain(Builder b) {
    this.issuer = b.issuer;
    this.providers = b.providers.stream()
        .sorted(Comparator.comparing(RevocationProvider::id))
        .toArray(RevocationProvider[]::new);
    this.roles = new Role[providers.length][];
    int count = 0;
    for (int i = 0; i < providers.length; i++) {
      roles[i] = EnumSet.copyOf(providers[i].roles()).toArray(new Role[0]);
      count += roles[i].length;
    }
    this.findingCount = count;
    // One entry per finding, in provider-id then role order: what decide asks, flattened.
    this.askProviders = new RevocationProvider[count];
    this.askRoles = new Role[count];
    int n = 0;
    for (int i = 0; i < providers.length; i++) {
      for (Role role : roles[i]) {
        askProviders[n] = providers[i];
        askRoles[n++] = role;
      }
    }
    this.nonIssuedPolicy = b.nonIssuedPolicy;
    this.validityPolicy = b.validityPolicy;
    this.revocationOnly = b.revocationOnly;
    this.withoutRevocationSources = b.withoutRevocationSources;
    this.listeners = b.listeners.toArray(new DecisionListener[0]);
  }

  /**
   * @param issuer the CA whose certificates the chain decides
   * @return a builder
   */
  public static Builder builder(IssuerId issuer) {
    return new Builder(issuer);
  }

  /** @return the CA this chain serves */
  public IssuerId issuer() {
    return issuer;
  }

  /** @return the providers, ordered by id */
  public List<RevocationProvider> providers() {
    return List.of(providers);
  }

  /** @return true if built in revocation-only mode (rule 7 answers GOOD) */
  public boolean isRevocationOnly() {
    return revocationOnly;
  }

  /** @return the non-issued policy */
  public NonIssuedPolicy nonIssuedPolicy() {
    return nonIssuedPolicy;
  }

  /**
   * A number that changes whenever any provider's data changes: the sum of their generations,
   * which only grow.
   *
   * @return the combined generation
   */
  public long dataGeneration() {
    long sum = 0;
    for (RevocationProvider p : providers) {
      sum += p.generation();
    }
    return sum;
  }

  /**
   * Decides one query: asks every provider for every role it has, then applies the rules.
   *
   * @param query the query
   * @return the decision; UNKNOWN(UNKNOWN_ISSUER) if the query names another issuer
   */
  @Override
  public Decision decide(StatusQuery query) {
    Objects.requireNonNull(query, "query");
    Decision decision;
    if (!issuer.equals(query.issuer())) {
      decision = Decision.unknown(query, UnknownReason.UNKNOWN_ISSUER, Rule.UNKNOWN_ISSUER,
          List.of());
    } else {
      decision = apply(query, askAll(query));
    }
    Listeners.notify(listeners, decision);
    return decision;
  }

  /**
   * Every provider's finding for every role it has. {@code List.of} keeps one or two findings (a
   * CRL and an issued-serial set, the common chain) in fields, so the list is the decision's only
   * allocation besides the decision itself; more findings go through an array.
   */
  private List<Finding> askAll(StatusQuery query) {
    switch (findingCount) {
      case 1:
        return List.of(ask(askProviders[0], askRoles[0], query));
      case 2:
        return List.of(ask(askProviders[0], askRoles[0], query),
            ask(askProviders[1], askRoles[1], query));
      default:
        Finding[] findings = new Finding[findingCount];
        for (int i = 0; i < findingCount; i++) {
          findings[i] = ask(askProviders[i], askRoles[i], query);
        }
        return List.of(findings);
    }
  }

  private static Finding ask(RevocationProvider provider, Role role, StatusQuery query) {
    Finding f;
    try {
      f = provider.find(role, query);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      Listeners.warn(LOG, "provider-threw:" + provider.id(),
          "provider {} threw {} for {} lookup; answering Unavailable", provider.id(), e, role);
      return new Finding.Unavailable(provider.id(), DataVersion.NONE, role,
          "provider failed: " + e);
    }
    String wrong = null;
    if (f == null) {
      wrong = "returned no finding";
    } else if (f.role() != role) {
      wrong = "returned a " + f.role() + " finding for a " + role + " lookup";
    } else if (!provider.id().equals(f.providerId())) {
      wrong = "returned a finding under id '" + f.providerId() + "'";
    }
    if (wrong != null) {
      Listeners.warn(LOG, "provider-broken:" + provider.id(), "provider {} {}; answering"
          + " Unavailable", provider.id(), wrong);
      return new Finding.Unavailable(provider.id(), DataVersion.NONE, role,
          "provider " + wrong);
    }
    return f;
  }

  /** The rules of DESIGN.md section 4, applied to the findings in provider-id order. */
  private Decision apply(StatusQuery q, List<Finding> findings) {
    Instant at = q.at();

    // Rule 1: revoked at or before the instant; the earliest, non-hold first, lowest code, id.
    Finding.Revoked revoked = null;
    boolean revocationCovered = false;
    boolean revocationUnavailable = false;
    boolean issuanceUnavailable = false;
    boolean issuanceCovered = false;
    boolean issued = false;
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      if (f instanceof Finding.Revoked) {
        Finding.Revoked r = (Finding.Revoked) f;
        revocationCovered = true;
        if (!r.revocationTime().isAfter(at)
            && (revoked == null || REVOCATION_ORDER.compare(r, revoked) < 0)) {
          revoked = r;
        }
      } else if (f instanceof Finding.NotRevoked) {
        revocationCovered = true;
      } else if (f instanceof Finding.Issued) {
        issued = true;
        issuanceCovered = true;
      } else if (f instanceof Finding.NotIssued) {
        issuanceCovered = true;
      } else if (f instanceof Finding.Unavailable) {
        if (f.role() == Role.REVOCATION) {
          revocationCovered = true;
          revocationUnavailable = true;
        } else {
          issuanceCovered = true;
          issuanceUnavailable = true;
        }
      }
    }
    if (revoked != null) {
      return Decision.revoked(q, RevocationDetails.of(revoked), Rule.REVOKED, findings);
    }
    // Rule 2.
    if (!revocationCovered && !withoutRevocationSources) {
      return Decision.unknown(q, UnknownReason.NO_REVOCATION_SOURCE, Rule.NO_REVOCATION_SOURCE,
          findings);
    }
    // Rule 3.
    if (revocationUnavailable) {
      return Decision.unknown(q, UnknownReason.REVOCATION_UNAVAILABLE,
          Rule.REVOCATION_UNAVAILABLE, findings);
    }
    // Rule 4 (DESIGN.md's rule 5, moved before "issued" so that an outage is never GOOD).
    if (issuanceUnavailable) {
      return Decision.unknown(q, UnknownReason.ISSUANCE_UNAVAILABLE, Rule.ISSUANCE_UNAVAILABLE,
          findings);
    }
    // Rule 5.
    if (issued) {
      Optional<UnknownReason> problem = issuedProblem(q, findings);
      return problem.isPresent()
          ? Decision.unknown(q, problem.get(), Rule.ISSUED, findings)
          : Decision.good(q, Rule.ISSUED, findings);
    }
    // Rule 6: every covering issuance source said NotIssued.
    if (issuanceCovered) {
      if (nonIssuedPolicy instanceof NonIssuedPolicy.Revoked
          && issuanceCompleteRecently(at, findings,
              ((NonIssuedPolicy.Revoked) nonIssuedPolicy))) {
        return Decision.revoked(q, RevocationDetails.NON_ISSUED, Rule.NOT_ISSUED, findings);
      }
      return Decision.unknown(q, UnknownReason.NOT_ISSUED, Rule.NOT_ISSUED, findings);
    }
    // Rule 7.
    if (revocationOnly) {
      Optional<UnknownReason> outside = outsideValidity(q.certificate().map(DecisionChain::validity),
          at);
      return outside.isPresent()
          ? Decision.unknown(q, outside.get(), Rule.NO_ISSUANCE_SOURCE, findings)
          : Decision.good(q, Rule.NO_ISSUANCE_SOURCE, findings);
    }
    return Decision.unknown(q, UnknownReason.NO_ISSUANCE_SOURCE, Rule.NO_ISSUANCE_SOURCE,
        findings);
  }

  /** Rule 5's conditions: a certificate that does not match, or an instant outside validity. */
  private Optional<UnknownReason> issuedProblem(StatusQuery q, List<Finding> findings) {
    byte[] encoded = q.certificate().map(DecisionChain::encoded).orElse(null);
    boolean notYetValid = false;
    boolean expired = false;
    if (q.certificate().isPresent()) {
      Validity v = validity(q.certificate().get());
      notYetValid = q.at().isBefore(v.notBefore());
      expired = q.at().isAfter(v.notAfter());
    }
    for (int n = 0; n < findings.size(); n++) {
      Finding f = findings.get(n);
      if (f instanceof Finding.Issued) {
        Finding.Issued i = (Finding.Issued) f;
        if (encoded != null && i.certificateHash().isPresent()
            && !i.certificateHash().get().matches(encoded)) {
          return Decision.reason(UnknownReason.CERTIFICATE_MISMATCH);
        }
        if (i.validity().isPresent()) {
          notYetValid |= q.at().isBefore(i.validity().get().notBefore());
          expired |= q.at().isAfter(i.validity().get().notAfter());
        }
      }
    }
    if (validityPolicy == ValidityPolicy.ENFORCE) {
      if (notYetValid) {
        return Decision.reason(UnknownReason.NOT_YET_VALID);
      }
      if (expired) {
        return Decision.reason(UnknownReason.EXPIRED);
      }
    }
    return Optional.empty();
  }

  private Optional<UnknownReason> outsideValidity(Optional<Validity> validity, Instant at) {
    if (validityPolicy == ValidityPolicy.IGNORE || validity.isEmpty()) {
      return Optional.empty();
    }
    if (at.isBefore(validity.get().notBefore())) {
      return Decision.reason(UnknownReason.NOT_YET_VALID);
    }
    if (at.isAfter(validity.get().notAfter())) {
      return Decision.reason(UnknownReason.EXPIRED);
    }
    return Optional.empty();
  }

  private static boolean issuanceCompleteRecently(Instant at, List<Finding> findings,
      NonIssuedPolicy.Revoked policy) {
    Instant oldestAcceptable = at.minus(policy.maxLag());
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      if (f instanceof Finding.NotIssued) {
        Optional<Instant> asOf = f.version().asOf();
        if (asOf.isEmpty() || asOf.get().isBefore(oldestAcceptable)) {
          return false;
        }
      }
    }
    return true;
  }

  private static Validity validity(java.security.cert.X509Certificate c) {
    return new Validity(c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
  }

  private static byte[] encoded(java.security.cert.X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      // A certificate object that cannot encode itself cannot be matched: compare nothing
      // equal to it, so a recorded hash answers CERTIFICATE_MISMATCH rather than GOOD.
      return new byte[0];
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("DecisionChain[").append(issuer.name().getName())
        .append(", providers=");
    for (int i = 0; i < providers.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(providers[i].id()).append(Arrays.toString(roles[i]));
    }
    sb.append(", nonIssued=").append(nonIssuedPolicy).append(", validity=").append(validityPolicy);
    if (revocationOnly) {
      sb.append(", revocation-only");
    }
    if (withoutRevocationSources) {
      sb.append(", without revocation sources");
    }
    return sb.append(']').toString();
  }

  /** Builds a {@link DecisionChain}; each call checks its argument. */
  public static final class Builder {
    private final IssuerId issuer;
    private final List<RevocationProvider> providers = new ArrayList<>();
    private final List<DecisionListener> listeners = new ArrayList<>();
    private NonIssuedPolicy nonIssuedPolicy = NonIssuedPolicy.unknown();
    private ValidityPolicy validityPolicy = ValidityPolicy.ENFORCE;
    private boolean revocationOnly;
    private boolean withoutRevocationSources;

    private Builder(IssuerId issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /**
     * Adds a provider; the roles it has decide where its findings count.
     *
     * @param provider the provider, with an id unique in this chain
     * @return this builder
     */
    public Builder provider(RevocationProvider provider) {
      Objects.requireNonNull(provider, "provider");
      String id = provider.id();
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("provider " + provider + " has no id");
      }
      for (RevocationProvider p : providers) {
        if (p.id().equals(id)) {
          throw new IllegalArgumentException("two providers have the id '" + id + "'");
        }
      }
      Set<Role> r = provider.roles();
      if (r == null || r.isEmpty()) {
        throw new IllegalArgumentException("provider '" + id + "' has no roles");
      }
      providers.add(provider);
      return this;
    }

    /**
     * @param policy what to answer for a serial the CA never issued (default: UNKNOWN)
     * @return this builder
     */
    public Builder nonIssuedPolicy(NonIssuedPolicy policy) {
      this.nonIssuedPolicy = Objects.requireNonNull(policy, "nonIssuedPolicy");
      return this;
    }

    /**
     * @param policy whether GOOD requires the instant inside the validity (default: ENFORCE)
     * @return this builder
     */
    public Builder validityPolicy(ValidityPolicy policy) {
      this.validityPolicy = Objects.requireNonNull(policy, "validityPolicy");
      return this;
    }

    /**
     * Revocation-only mode: when no issuance source covers the issuer, "not on a fresh covering
     * CRL" means GOOD (rule 7). This is the RFC 5280 semantics a relying party uses, since it
     * cannot know what a CA issued, and the behaviour of responders that answer GOOD for
     * serials the CA never issued. The chain logs a warning when built this way.
     *
     * @return this builder
     */
    public Builder revocationOnly() {
      this.revocationOnly = true;
      return this;
    }

    /**
     * Lets the chain answer without any revocation source (rule 2 does not apply): for issuers
     * whose certificates are never revoked, such as short-lived certificates.
     *
     * @return this builder
     */
    public Builder withoutRevocationSources() {
      this.withoutRevocationSources = true;
      return this;
    }

    /**
     * @param listener called for every decision
     * @return this builder
     */
    public Builder listener(DecisionListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * @return the chain
     * @throws IllegalStateException if it has no providers, or is both revocation-only and
     *     without revocation sources (it would answer GOOD for anything)
     */
    public DecisionChain build() {
      if (providers.isEmpty()) {
        throw new IllegalStateException("the chain for " + issuer + " has no providers; it would"
            + " answer UNKNOWN for every certificate");
      }
      if (revocationOnly && withoutRevocationSources) {
        throw new IllegalStateException("the chain for " + issuer + " is both revocation-only and"
            + " without revocation sources; it would answer GOOD for any serial");
      }
      DecisionChain chain = new DecisionChain(this);
      if (revocationOnly) {
        LOG.warn("the chain for {} is revocation-only: a serial that is not on a covering CRL is"
            + " GOOD even if the CA never issued it", issuer);
      }
      return chain;
    }
  }
}
