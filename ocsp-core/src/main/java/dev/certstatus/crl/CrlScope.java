package dev.certstatus.crl;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.ReasonFlags;

/**
 * The scope of a CRL (its issuingDistributionPoint, RFC 5280 5.2.5) and the matching of a
 * certificate's distribution points against it (RFC 5280 6.3.3 (b) to (e)).
 */
final class CrlScope {

  /** Every reason a CRL can cover, as BouncyCastle {@link ReasonFlags} bits. */
  static final int ALL_REASONS = ReasonFlags.keyCompromise | ReasonFlags.cACompromise
      | ReasonFlags.affiliationChanged | ReasonFlags.superseded
      | ReasonFlags.cessationOfOperation | ReasonFlags.certificateHold
      | ReasonFlags.privilegeWithdrawn | ReasonFlags.aACompromise;

  /** A CRL without issuingDistributionPoint: complete for every certificate of its issuer. */
  static final CrlScope FULL = new CrlScope(null, false, false, false, false, ALL_REASONS,
      new byte[0]);

  private final List<GeneralName> names;
  final boolean onlyUserCerts;
  final boolean onlyCaCerts;
  final boolean onlyAttributeCerts;
  final boolean indirect;
  final int reasons;
  private final byte[] encoded;

  private CrlScope(List<GeneralName> names, boolean onlyUserCerts, boolean onlyCaCerts,
      boolean onlyAttributeCerts, boolean indirect, int reasons, byte[] encoded) {
    this.names = names;
    this.onlyUserCerts = onlyUserCerts;
    this.onlyCaCerts = onlyCaCerts;
    this.onlyAttributeCerts = onlyAttributeCerts;
    this.indirect = indirect;
    this.reasons = reasons;
    this.encoded = encoded;
  }

  static CrlScope of(IssuingDistributionPoint idp, X500Name crlIssuer) throws IOException {
    List<GeneralName> names = idp.getDistributionPoint() == null ? null
        : fullNames(idp.getDistributionPoint(), crlIssuer);
    int reasons = idp.getOnlySomeReasons() == null ? ALL_REASONS
        : idp.getOnlySomeReasons().intValue() & ALL_REASONS;
    return new CrlScope(names, idp.onlyContainsUserCerts(), idp.onlyContainsCACerts(),
        idp.onlyContainsAttributeCerts(), idp.isIndirectCRL(), reasons,
        idp.getEncoded(ASN1Encoding.DER));
  }

  /** Same issuingDistributionPoint, as RFC 5280 5.2.4 requires of a delta and its base. */
  boolean sameAs(CrlScope other) {
    return Arrays.equals(encoded, other.encoded);
  }

  byte[] encoded() {
    return encoded.clone();
  }

  /** @return true if the CRL claims to cover every certificate of its issuer */
  boolean isFull() {
    return names == null && !onlyUserCerts && !onlyCaCerts && !onlyAttributeCerts
        && reasons == ALL_REASONS;
  }

  String describe() {
    if (encoded.length == 0) {
      return "full";
    }
    List<String> parts = new ArrayList<>();
    if (names != null) {
      parts.add("distribution point " + names);
    }
    if (onlyUserCerts) {
      parts.add("only user certificates");
    }
    if (onlyCaCerts) {
      parts.add("only CA certificates");
    }
    if (onlyAttributeCerts) {
      parts.add("only attribute certificates");
    }
    if (reasons != ALL_REASONS) {
      parts.add("only some reasons");
    }
    if (indirect) {
      parts.add("indirect");
    }
    return String.join(", ", parts);
  }

  /**
   * The reasons this CRL covers for a certificate, following RFC 5280 6.3.3 (b) and (d) for each
   * of the certificate's distribution points and for the implied one (the certificate issuer)
   * used for CRLs that no distribution point names.
   *
   * @param crlIssuer the CRL's issuer
   * @param certificate the certificate
   * @return the covered reasons as {@link ReasonFlags} bits; 0 when the CRL does not apply
   */
  int coveredReasons(X500Principal crlIssuer, X509Certificate certificate) {
    if (onlyAttributeCerts) {
      return 0;
    }
    boolean isCa = certificate.getBasicConstraints() >= 0;
    if ((onlyUserCerts && isCa) || (onlyCaCerts && !isCa)) {
      return 0;
    }
    X500Principal certIssuer = certificate.getIssuerX500Principal();
    int mask = 0;
    for (CertDistributionPoint dp : CertDistributionPoint.of(certificate)) {
      if (dp.crlIssuers != null) {
        if (!indirect || !containsDirectoryName(dp.crlIssuers, crlIssuer)) {
          continue;
        }
      } else if (!crlIssuer.equals(certIssuer)) {
        continue;
      }
      if (names != null) {
        List<GeneralName> dpNames = dp.names != null ? dp.names : dp.crlIssuers;
        if (dpNames == null || !intersects(names, dpNames)) {
          continue;
        }
      }
      mask |= reasons & dp.reasons;
    }
    return mask;
  }

  /**
   * The reasons this CRL covers for an issuer's certificates when the certificate itself is not
   * known (OCSP): only CRLs whose scope does not depend on the certificate.
   *
   * @param crlIssuer the CRL's issuer
   * @param certIssuer the certificate's issuer
   * @param ignoreNames whether to take a CRL of a named distribution point as covering all
   * @return the covered reasons; 0 when the CRL does not apply
   */
  int coveredReasons(X500Principal crlIssuer, X500Principal certIssuer, boolean ignoreNames) {
    if (onlyAttributeCerts || onlyUserCerts || onlyCaCerts) {
      return 0;
    }
    if (!crlIssuer.equals(certIssuer) && !indirect) {
      return 0;
    }
    if (names != null && !ignoreNames
        && !containsDirectoryName(names, certIssuer)) {
      return 0;
    }
    return reasons;
  }

  private static boolean intersects(List<GeneralName> a, List<GeneralName> b) {
    for (GeneralName x : a) {
      for (GeneralName y : b) {
        if (sameName(x, y)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean containsDirectoryName(List<GeneralName> names, X500Principal name) {
    for (GeneralName n : names) {
      if (n.getTagNo() == GeneralName.directoryName && name.equals(principal(n))) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameName(GeneralName x, GeneralName y) {
    if (x.getTagNo() != y.getTagNo()) {
      return false;
    }
    if (x.getTagNo() == GeneralName.directoryName) {
      X500Principal px = principal(x);
      return px != null && px.equals(principal(y));
    }
    return x.equals(y);
  }

  /** A directoryName as an X500Principal, whose equals follows RFC 5280 7.1 name matching. */
  static X500Principal principal(GeneralName name) {
    try {
      return new X500Principal(X500Name.getInstance(name.getName()).getEncoded(ASN1Encoding.DER));
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The full names of a distribution point name, resolving nameRelativeToCRLIssuer. */
  static List<GeneralName> fullNames(DistributionPointName dpn, X500Name relativeTo) {
    if (dpn.getType() == DistributionPointName.FULL_NAME) {
      return List.of(GeneralNames.getInstance(dpn.getName()).getNames());
    }
    RDN relative = RDN.getInstance(dpn.getName());
    RDN[] base = relativeTo.getRDNs();
    RDN[] all = Arrays.copyOf(base, base.length + 1);
    all[base.length] = relative;
    return List.of(new GeneralName(new X500Name(all)));
  }

  /** One cRLDistributionPoints entry of a certificate, or the implied one. */
  static final class CertDistributionPoint {
    final List<GeneralName> names;
    final List<GeneralName> crlIssuers;
    final int reasons;

    private CertDistributionPoint(List<GeneralName> names, List<GeneralName> crlIssuers,
        int reasons) {
      this.names = names;
      this.crlIssuers = crlIssuers;
      this.reasons = reasons;
    }

    /**
     * The certificate's distribution points, then the one RFC 5280 6.3.3 implies for CRLs that
     * no distribution point names: the certificate issuer, all reasons, no cRLIssuer.
     */
    static List<CertDistributionPoint> of(X509Certificate certificate) {
      List<CertDistributionPoint> result = new ArrayList<>();
      X500Name issuer = X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded());
      byte[] ext = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
      if (ext != null) {
        try {
          CRLDistPoint dps = CRLDistPoint.getInstance(
              ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
          for (DistributionPoint dp : dps.getDistributionPoints()) {
            List<GeneralName> crlIssuers = dp.getCRLIssuer() == null ? null
                : List.of(dp.getCRLIssuer().getNames());
            // A relative name is relative to the cRLIssuer if present, else to the issuer.
            X500Name relativeTo = issuer;
            if (crlIssuers != null) {
              for (GeneralName g : crlIssuers) {
                if (g.getTagNo() == GeneralName.directoryName) {
                  relativeTo = X500Name.getInstance(g.getName());
                  break;
                }
              }
            }
            List<GeneralName> names = dp.getDistributionPoint() == null ? null
                : fullNames(dp.getDistributionPoint(), relativeTo);
            int reasons = dp.getReasons() == null ? ALL_REASONS
                : dp.getReasons().intValue() & ALL_REASONS;
            result.add(new CertDistributionPoint(names, crlIssuers, reasons));
          }
        } catch (IOException | IllegalArgumentException e) {
          // An unreadable extension names no distribution point; the implied one still applies.
        }
      }
      result.add(new CertDistributionPoint(List.of(new GeneralName(issuer)), null, ALL_REASONS));
      return result;
    }
  }
}
