package dev.certstatus.pkix;

import dev.certstatus.core.CertStatus;
import dev.certstatus.core.Decider;
import dev.certstatus.core.Decision;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.Rule;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.core.UnknownReason;
import dev.certstatus.crl.CrlRevocationProvider;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.ASN1OctetString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides from a collection of CRLs for any CA it meets: per CA, a revocation-only
 * {@link DecisionChain} over one {@link CrlRevocationProvider} holding the CRLs that may cover it
 * (the CA's own, and indirect ones). Signers other than the CA itself are permitted only once
 * their own path to a trust anchor validates, with revocation checked by this decider
 * (RFC 5280 6.3.3 (f)). Chains are built on first use and kept.
 */
final class CrlDecider implements Decider {

  private static final Logger LOG = LoggerFactory.getLogger(CrlDecider.class);

  private final List<TrustAnchor> anchors;
  private final List<X509Certificate> certificates;
  private final List<X509CRL> crls;
  private final Clock clock;
  private final Map<IssuerId, Object> issuers = new LinkedHashMap<>();
  private final Map<IssuerId, Optional<DecisionChain>> chains = new HashMap<>();
  private final Set<IssuerId> building = new HashSet<>();
  private final Set<X509Certificate> validatingSigners = new HashSet<>();

  CrlDecider(Collection<TrustAnchor> anchors, List<X509Certificate> certificates,
      List<X509CRL> crls, Clock clock) {
    this.anchors = List.copyOf(anchors);
    this.certificates = List.copyOf(certificates);
    this.crls = List.copyOf(crls);
    this.clock = clock;
    for (TrustAnchor a : anchors) {
      if (a.getTrustedCert() != null) {
        issuers.putIfAbsent(IssuerId.of(a.getTrustedCert()), a.getTrustedCert());
      } else {
        issuers.putIfAbsent(IssuerId.of(a.getCA(), a.getCAPublicKey()), a);
      }
    }
    for (X509Certificate c : certificates) {
      issuers.putIfAbsent(IssuerId.of(c), c);
    }
  }

  /** Remembers a path certificate that validation has reached, as a possible issuer. */
  synchronized void knowIssuer(X509Certificate certificate) {
    issuers.putIfAbsent(IssuerId.of(certificate), certificate);
  }

  @Override
  public Decision decide(StatusQuery query) {
    Optional<DecisionChain> chain = chainFor(query.issuer());
    if (chain.isEmpty()) {
      return new Decision(query, CertStatus.UNKNOWN, Optional.empty(),
          Optional.of(UnknownReason.NO_REVOCATION_SOURCE), Rule.NO_REVOCATION_SOURCE, List.of());
    }
    return chain.get().decide(query);
  }

  private synchronized Optional<DecisionChain> chainFor(IssuerId issuer) {
    Optional<DecisionChain> chain = chains.get(issuer);
    if (chain != null) {
      return chain;
    }
    if (building.contains(issuer)) {
      // Validating a CRL signer needs this CA's status answers while its chain is being built:
      // answer from the CRLs that the CA signed itself.
      return build(issuer, false);
    }
    building.add(issuer);
    try {
      chain = build(issuer, true);
      // A chain built while a signer's path is being validated may lack that signer (it is
      // not trusted yet): keep only chains built with every signer question settled.
      if (validatingSigners.isEmpty()) {
        chains.put(issuer, chain);
      }
      return chain;
    } finally {
      building.remove(issuer);
    }
  }

  private Optional<DecisionChain> build(IssuerId issuer, boolean withDelegates) {
    Object ca = issuers.get(issuer);
    if (ca == null) {
      return Optional.empty();
    }
    X500Principal name = issuer.name();
    CrlRevocationProvider.Builder b = ca instanceof X509Certificate
        ? CrlRevocationProvider.builder("crls", (X509Certificate) ca)
        : CrlRevocationProvider.builder("crls", (TrustAnchor) ca);
    b.clock(clock);
    Set<X500Principal> crlIssuers = new HashSet<>();
    for (X509CRL crl : crls) {
      if (crl.getIssuerX500Principal().equals(name) || isIndirect(crl)) {
        crlIssuers.add(crl.getIssuerX500Principal());
      }
    }
    Set<X500Principal> delegated = new HashSet<>();
    for (X509Certificate signer : certificates) {
      if (crlIssuers.contains(signer.getSubjectX500Principal())
          && !IssuerId.of(signer).equals(issuer) && canSignCrls(signer)
          && (withDelegates ? pathValidates(signer) : validatingSigners.contains(signer))) {
        // While a signer's own path is validated, the CRLs it signs may speak for it: a CRL
        // issuer's certificate can point at the very CRL it signs (PKITS 4.14.30).
        b.trustedCrlIssuer(signer);
        delegated.add(signer.getSubjectX500Principal());
      }
    }
    int n = 0;
    for (X509CRL crl : crls) {
      X500Principal crlIssuer = crl.getIssuerX500Principal();
      // Another issuer's indirect CRL only where one of its signers is trusted: the rest could
      // never verify.
      if (crlIssuer.equals(name) || (isIndirect(crl) && delegated.contains(crlIssuer))) {
        b.crl(crlIssuer.getName() + " #" + (n++), crl);
      }
    }
    if (n == 0) {
      return Optional.empty();
    }
    return Optional.of(DecisionChain.builder(issuer).provider(b.build()).revocationOnly()
        .build());
  }

  private static boolean canSignCrls(X509Certificate c) {
    boolean[] ku = c.getKeyUsage();
    return ku == null || (ku.length > 6 && ku[6]);
  }

  private static boolean isIndirect(X509CRL crl) {
    byte[] ext = crl.getExtensionValue(Extension.issuingDistributionPoint.getId());
    if (ext == null) {
      return false;
    }
    try {
      return IssuingDistributionPoint.getInstance(ASN1OctetString.getInstance(ext).getOctets())
          .isIndirectCRL();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** RFC 5280 6.3.3 (f): the CRL issuer's path leads to one of the same trust anchors. */
  private boolean pathValidates(X509Certificate signer) {
    for (TrustAnchor a : anchors) {
      if (signer.equals(a.getTrustedCert())) {
        return true;
      }
    }
    if (!validatingSigners.add(signer)) {
      return false;
    }
    try {
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(signer);
      PKIXBuilderParameters params = new PKIXBuilderParameters(new HashSet<>(anchors), target);
      List<X509Certificate> store = new ArrayList<>(certificates);
      params.addCertStore(CertStore.getInstance("Collection",
          new CollectionCertStoreParameters(store)));
      params.setDate(Date.from(clock.instant()));
      params.setRevocationEnabled(false);
      params.addCertPathChecker(RevocationChecker.of(this, anchors, clock));
      CertPathBuilder.getInstance("PKIX").build(params);
      return true;
    } catch (CertPathBuilderException e) {
      LOG.debug("CRL signer '{}' (serial {}) is not used: {}",
          signer.getSubjectX500Principal().getName(), signer.getSerialNumber().toString(16),
          e.getMessage());
      return false;
    } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK's PKIX CertPathBuilder is unavailable", e);
    } finally {
      validatingSigners.remove(signer);
    }
  }

  @Override
  public String toString() {
    return "CrlDecider[" + crls.size() + " CRLs, " + certificates.size() + " certificates]";
  }
}
