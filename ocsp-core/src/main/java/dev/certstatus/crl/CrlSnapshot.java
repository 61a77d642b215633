package dev.certstatus.crl;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.ReasonFlags;

/**
 * The CRLs a provider answers from at one moment: each complete CRL with the delta CRL merged
 * into it where RFC 5280 5.2.4 allows. Immutable; a reload builds a new one and swaps it in.
 */
final class CrlSnapshot {

  static final CrlSnapshot EMPTY = new CrlSnapshot(List.of(), List.of(), DataVersion.NONE);

  /** A complete CRL, possibly updated by a delta CRL, with its merged entries. */
  static final class Group {
    final VerifiedCrl base;
    final Optional<VerifiedCrl> delta;
    final Map<X500Principal, RevokedIndex> entries;
    final Instant freshUntil;
    final long freshUntilMillis;
    final DataVersion version;
    /** The entries of the provider's CA (the certificate issuer) on this CRL; null if none. */
    final RevokedIndex certIssuerEntries;
    /** Without the certificate: the reasons this CRL covers for the CA's certificates. */
    final int reasonsWithoutCert;
    /** Without the certificate: whether an entry of this CRL identifies the CA's certificate. */
    final boolean entriesCountWithoutCert;
    /** Built on first use: a lookup on the GOOD path then allocates nothing. */
    private volatile Finding.NotRevoked notRevoked;

    /**
     * Resolves here, once per snapshot, what depends only on the CRL and the provider's CA
     * (name comparisons, the per-issuer map lookup), so that a lookup does none of it.
     */
    Group(VerifiedCrl base, Optional<VerifiedCrl> delta, Duration grace, X500Principal certIssuer,
        boolean ignoreNames) {
      this.base = base;
      this.delta = delta;
      this.entries = merge(base, delta);
      this.certIssuerEntries = entries.get(certIssuer);
      CrlScope scope = base.scope;
      this.reasonsWithoutCert = scope.coveredReasons(base.issuer, certIssuer, ignoreNames);
      // Serials are unique per CA, so without the certificate an entry still identifies it.
      this.entriesCountWithoutCert = !scope.onlyAttributeCerts
          && (scope.indirect || base.issuer.equals(certIssuer));
      Instant until = base.nextUpdate.orElse(base.thisUpdate);
      if (delta.isPresent()) {
        Instant d = delta.get().nextUpdate.orElse(delta.get().thisUpdate);
        until = d.isBefore(until) ? d : until;
      }
      this.freshUntil = until.plus(grace);
      this.freshUntilMillis = freshUntil.toEpochMilli();
      String label = delta.map(d -> d.label() + " (delta on " + base.label() + ")")
          .orElse(base.label());
      this.version = DataVersion.of(label,
          delta.map(d -> d.thisUpdate).orElse(base.thisUpdate), freshUntil);
    }

    /** CRL times are whole seconds, so milliseconds decide freshness exactly. */
    boolean isFresh(long nowMillis) {
      return nowMillis <= freshUntilMillis;
    }

    Finding.NotRevoked notRevoked(String providerId) {
      return NotRevokedCache.get(notRevoked, providerId, version, n -> notRevoked = n);
    }
  }

  private final List<Group> groups;
  private final List<VerifiedCrl> crls;
  private final DataVersion version;
  private volatile Finding.NotRevoked notRevoked;

  private CrlSnapshot(List<Group> groups, List<VerifiedCrl> crls, DataVersion version) {
    this.groups = groups;
    this.crls = crls;
    this.version = version;
  }

  /**
   * Builds a snapshot from CRLs that each won their scope (no two complete CRLs, and no two
   * delta CRLs, share issuer and scope). Delta CRLs without a usable complete CRL are left out.
   *
   * @param crls the CRLs
   * @param grace how long past nextUpdate a CRL stays fresh
   * @param certIssuer the name of the CA whose certificates the snapshot answers for
   * @param ignoreNames without the certificate, take CRLs of named distribution points as
   *     covering every certificate of the CA
   */
  static CrlSnapshot of(Collection<VerifiedCrl> crls, Duration grace, X500Principal certIssuer,
      boolean ignoreNames) {
    List<Group> groups = new ArrayList<>();
    for (VerifiedCrl full : crls) {
      if (full.isDelta()) {
        continue;
      }
      VerifiedCrl bestDelta = null;
      for (VerifiedCrl d : crls) {
        if (d.isDelta() && deltaApplies(full, d)
            && (bestDelta == null || d.compareAge(bestDelta) > 0)) {
          bestDelta = d;
        }
      }
      groups.add(new Group(full, Optional.ofNullable(bestDelta), grace, certIssuer,
          ignoreNames));
    }
    groups.sort(Comparator.comparing(g -> g.base.source));
    DataVersion version;
    if (groups.isEmpty()) {
      version = DataVersion.NONE;
    } else if (groups.size() == 1) {
      version = groups.get(0).version;
    } else {
      Instant asOf = groups.get(0).version.asOf().orElseThrow();
      Instant until = groups.get(0).freshUntil;
      List<String> labels = new ArrayList<>();
      for (Group g : groups) {
        labels.add(g.version.label());
        asOf = g.version.asOf().orElseThrow().isBefore(asOf) ? g.version.asOf().get() : asOf;
        until = g.freshUntil.isBefore(until) ? g.freshUntil : until;
      }
      version = DataVersion.of(String.join("; ", labels), asOf, until);
    }
    return new CrlSnapshot(List.copyOf(groups), List.copyOf(crls), version);
  }

  /**
   * RFC 5280 5.2.4: same issuer, same scope, signed with the same key; the complete CRL at least
   * as new as the delta's base; the delta newer than the complete CRL.
   */
  static boolean deltaApplies(VerifiedCrl full, VerifiedCrl delta) {
    return full.issuer.equals(delta.issuer)
        && full.scope.sameAs(delta.scope)
        && full.signerKey.equals(delta.signerKey)
        && full.number.isPresent()
        && full.number.get().compareTo(delta.deltaBase.orElseThrow()) >= 0
        && delta.number.orElseThrow().compareTo(full.number.get()) > 0;
  }

  /**
   * The entries of a complete CRL updated by a delta: a delta entry adds or replaces one,
   * removeFromCRL releases a hold. removeFromCRL never removes a permanent revocation (the reader
   * already dropped it from complete CRLs, where it means nothing).
   */
  private static Map<X500Principal, RevokedIndex> merge(VerifiedCrl base,
      Optional<VerifiedCrl> delta) {
    if (delta.isEmpty()) {
      return base.entries;
    }
    Set<X500Principal> issuers = new HashSet<>(base.entries.keySet());
    delta.ifPresent(d -> issuers.addAll(d.entries.keySet()));
    Map<X500Principal, RevokedIndex> result = new HashMap<>();
    for (X500Principal issuer : issuers) {
      Map<SerialNumber, RevokedEntry> merged =
          base.entries.getOrDefault(issuer, RevokedIndex.EMPTY).toMap();
      delta.get().entries.getOrDefault(issuer, RevokedIndex.EMPTY).toMap().forEach((s, e) -> {
        RevokedEntry old = merged.get(s);
        if (!e.isRemoveFromCrl()) {
          merged.put(s, e);
        } else if (old != null && old.isHold()) {
          merged.remove(s);
        }
      });
      result.put(issuer, RevokedIndex.of(merged));
    }
    return Map.copyOf(result);
  }

  boolean isEmpty() {
    return groups.isEmpty();
  }

  List<VerifiedCrl> crls() {
    return crls;
  }

  DataVersion version() {
    return version;
  }

  int entryCount() {
    int n = 0;
    for (Group g : groups) {
      for (RevokedIndex i : g.entries.values()) {
        n += i.size();
      }
    }
    return n;
  }

  /**
   * Answers one query from the CRLs, following RFC 5280 6.3.3: a listed serial is revoked; an
   * unlisted one is not revoked only when fresh CRLs that apply to it cover every reason.
   *
   * @param providerId the provider's id for the finding
   * @param query the query, for a certificate of the CA the snapshot was built for
   * @param nowMillis the current time in epoch milliseconds, for freshness
   */
  Finding find(String providerId, StatusQuery query, long nowMillis) {
    Optional<X509Certificate> cert = query.certificate();
    SerialNumber serial = query.serial();
    RevokedEntry best = null;
    Group bestGroup = null;
    int freshReasons = 0;
    Group covering = null;
    int coveringCount = 0;
    String stale = null;
    for (Group g : groups) {
      int reasons = cert.isPresent()
          ? g.base.scope.coveredReasons(g.base.issuer, cert.get())
          : g.reasonsWithoutCert;
      boolean entriesCount = cert.isPresent() ? reasons != 0 : g.entriesCountWithoutCert;
      boolean fresh = g.isFresh(nowMillis);
      if (entriesCount) {
        RevokedIndex index = g.certIssuerEntries;
        RevokedEntry e = index == null ? null : index.get(serial);
        if (e != null) {
          if (e.isHold() && !fresh) {
            // A stale CRL cannot assert a hold: it may have been released since.
            stale = staleText(g);
            covering = g;
            coveringCount++;
          } else if (best == null || earlier(e, best)) {
            best = e;
            bestGroup = g;
          }
          continue;
        }
      }
      if (reasons != 0) {
        covering = g;
        coveringCount++;
        if (fresh) {
          freshReasons |= reasons;
        } else {
          stale = staleText(g);
        }
      }
    }
    if (best != null) {
      return new Finding.Revoked(providerId, bestGroup.version, best.time(), best.reason(),
          best.invalidityDate());
    }
    if (freshReasons == CrlScope.ALL_REASONS) {
      return coveringCount == 1 ? covering.notRevoked(providerId)
          : NotRevokedCache.get(notRevoked, providerId, version, n -> notRevoked = n);
    }
    if (covering != null) {
      String cause = stale != null ? stale
          : "the CRLs that apply cover only the reasons " + reasonNames(freshReasons)
              + ", not " + reasonNames(CrlScope.ALL_REASONS & ~freshReasons)
              + " (RFC 5280 6.3.3: status undetermined)";
      return new Finding.Unavailable(providerId,
          coveringCount == 1 ? covering.version : version, dev.certstatus.core.Role.REVOCATION,
          cause);
    }
    return new Finding.NotCovered(providerId, version, dev.certstatus.core.Role.REVOCATION);
  }

  private static String staleText(Group g) {
    return g.version.label() + " is stale: fresh until " + g.freshUntil;
  }

  /** Earliest time first; at the same time a permanent revocation before a hold. */
  private static boolean earlier(RevokedEntry a, RevokedEntry b) {
    int byTime = a.time().compareTo(b.time());
    return byTime != 0 ? byTime < 0 : !a.isHold() && b.isHold();
  }

  private static final int[] FLAGS = {ReasonFlags.keyCompromise, ReasonFlags.cACompromise,
      ReasonFlags.affiliationChanged, ReasonFlags.superseded, ReasonFlags.cessationOfOperation,
      ReasonFlags.certificateHold, ReasonFlags.privilegeWithdrawn, ReasonFlags.aACompromise};
  private static final RevocationReason[] REASONS = {RevocationReason.KEY_COMPROMISE,
      RevocationReason.CA_COMPROMISE, RevocationReason.AFFILIATION_CHANGED,
      RevocationReason.SUPERSEDED, RevocationReason.CESSATION_OF_OPERATION,
      RevocationReason.CERTIFICATE_HOLD, RevocationReason.PRIVILEGE_WITHDRAWN,
      RevocationReason.AA_COMPROMISE};

  static String reasonNames(int mask) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < FLAGS.length; i++) {
      if ((mask & FLAGS[i]) != 0) {
        names.add(REASONS[i].rfcName());
      }
    }
    return names.isEmpty() ? "(none)" : String.join(", ", names);
  }
}
