package dev.certstatus.pkix;

import dev.certstatus.core.CertStatus;
import dev.certstatus.core.Decider;
import dev.certstatus.core.Decision;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.RevocationDetails;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.core.UnknownReason;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CRL;
import java.security.cert.CRLReason;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertStore;
import java.security.cert.CertStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateRevokedException;
import java.security.cert.Extension;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERGeneralizedTime;

/**
 * A {@link PKIXRevocationChecker} that asks a {@link Decider} (a {@link DecisionChain}, usually in
 * revocation-only mode, or an {@code IssuerRouter} for several CAs) about every certificate of a
 * path. REVOKED fails validation with {@link BasicReason#REVOKED} and a
 * {@link CertificateRevokedException} cause; UNKNOWN fails it with
 * {@link BasicReason#UNDETERMINED_REVOCATION_STATUS}, unless {@link Option#SOFT_FAIL} allows it.
 *
 * <p>Use it through {@link java.security.cert.PKIXParameters#addCertPathChecker} (revocation
 * enabled or not: as a {@code PKIXRevocationChecker} it replaces the JDK's own):
 *
 * <pre>{@code
 * RevocationChecker checker = RevocationChecker.fromCrls(anchors, certificates, crls, clock);
 * PKIXParameters params = new PKIXParameters(anchors);
 * params.setRevocationEnabled(false);
 * params.addCertPathChecker(checker);
 * CertPathValidator.getInstance("PKIX").validate(path, params);
 * }</pre>
 *
 * <p>Checks paths in reverse only (trust anchor first), as the JDK's validator does. Supported
 * options: {@link Option#ONLY_END_ENTITY} (skips certificates whose basicConstraints make them
 * CAs, as the JDK does) and {@link Option#SOFT_FAIL} (an UNKNOWN caused by missing or
 * unavailable data is collected in {@link #getSoftFailExceptions()} instead of failing; REVOKED
 * and other UNKNOWN reasons still fail). {@code PREFER_CRLS} and {@code NO_FALLBACK} have no
 * effect: the decider's sources decide. The instant decided for comes from the injected clock,
 * since a checker never sees {@code PKIXParameters.getDate()}. Like every PKIX checker, an
 * instance keeps per-path state and is not for concurrent use; the validator clones it.
 */
public final class RevocationChecker extends PKIXRevocationChecker {

  private static final Set<UnknownReason> SOFT_FAILABLE = EnumSet.of(
      UnknownReason.UNKNOWN_ISSUER, UnknownReason.NO_REVOCATION_SOURCE,
      UnknownReason.REVOCATION_UNAVAILABLE, UnknownReason.ISSUANCE_UNAVAILABLE);

  private final Decider decider;
  private final List<TrustAnchor> anchors;
  private final Clock clock;

  // Per-path state, reset by init.
  private X500Principal workingName;
  private PublicKey workingKey;
  private ArrayList<CertPathValidatorException> softFailures = new ArrayList<>();

  private RevocationChecker(Decider decider, Collection<TrustAnchor> anchors, Clock clock) {
    this.decider = Objects.requireNonNull(decider, "decider");
    this.anchors = List.copyOf(Objects.requireNonNull(anchors, "anchors"));
    if (this.anchors.isEmpty()) {
      throw new IllegalArgumentException("a RevocationChecker needs at least one trust anchor, to"
          + " know the issuer of a path's first certificate");
    }
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A checker that asks a decider.
   *
   * @param decider answers for the CAs of the paths to check
   * @param anchors the trust anchors of those paths (the validator's)
   * @param clock gives the instant to decide for
   * @return the checker
   */
  public static RevocationChecker of(Decider decider, Collection<TrustAnchor> anchors,
      Clock clock) {
    return new RevocationChecker(decider, anchors, clock);
  }

  /**
   * A checker that decides from CRLs alone (RFC 5280 6.3), for every CA of a path: each CA gets a
   * revocation-only {@link DecisionChain} over the CRLs that may cover it. CRLs signed by a key
   * other than the CA's are used when the signer's certificate is among {@code certificates} and
   * its own path to one of the anchors validates, with revocation checked the same way.
   *
   * @param anchors the trust anchors
   * @param certificates the CA certificates of the paths, CRL signers and CRL issuers
   * @param crls the CRLs, complete and delta
   * @param clock gives the instant to decide for
   * @return the checker
   */
  public static RevocationChecker fromCrls(Collection<TrustAnchor> anchors,
      Collection<? extends Certificate> certificates, Collection<? extends CRL> crls,
      Clock clock) {
    List<X509Certificate> certs = new ArrayList<>();
    for (Certificate c : certificates) {
      if (c instanceof X509Certificate) {
        certs.add((X509Certificate) c);
      }
    }
    List<X509CRL> x509crls = new ArrayList<>();
    for (CRL c : crls) {
      if (c instanceof X509CRL) {
        x509crls.add((X509CRL) c);
      }
    }
    return new RevocationChecker(new CrlDecider(anchors, certs, x509crls, clock), anchors,
        clock);
  }

  /**
   * As {@link #fromCrls}, with every certificate and CRL of a {@link CertStore}.
   *
   * @param anchors the trust anchors
   * @param store holds the CA certificates, CRL signers and CRLs
   * @param clock gives the instant to decide for
   * @return the checker
   * @throws CertStoreException if the store cannot be read
   */
  public static RevocationChecker fromCertStore(Collection<TrustAnchor> anchors, CertStore store,
      Clock clock) throws CertStoreException {
    return fromCrls(anchors, store.getCertificates(null), store.getCRLs(null), clock);
  }

  /**
   * Starts a path. Only reverse order is supported.
   *
   * @param forward must be false
   * @throws CertPathValidatorException if forward checking is asked for
   */
  @Override
  public void init(boolean forward) throws CertPathValidatorException {
    if (forward) {
      throw new CertPathValidatorException("RevocationChecker does not support forward checking"
          + " (end entity first); use it with a validator that checks from the trust anchor down,"
          + " such as CertPathValidator.getInstance(\"PKIX\")");
    }
    workingName = null;
    workingKey = null;
    softFailures = new ArrayList<>();
  }

  /** @return false: the checker needs each certificate's issuer, so it runs anchor first */
  @Override
  public boolean isForwardCheckingSupported() {
    return false;
  }

  /** @return no extensions: the checker resolves no critical extension */
  @Override
  public Set<String> getSupportedExtensions() {
    return Set.of();
  }

  /**
   * Checks one certificate, the next of the path from the trust anchor down.
   *
   * @param cert an X.509 certificate
   * @param unresolvedCritExts left as is
   * @throws CertPathValidatorException REVOKED, or UNDETERMINED_REVOCATION_STATUS
   */
  @Override
  public void check(Certificate cert, Collection<String> unresolvedCritExts)
      throws CertPathValidatorException {
    if (!(cert instanceof X509Certificate)) {
      throw new CertPathValidatorException("not an X.509 certificate: " + cert.getType(), null,
          null, -1, BasicReason.UNSPECIFIED);
    }
    X509Certificate c = (X509Certificate) cert;
    if (workingName == null) {
      startFromAnchor(c);
    }
    IssuerId issuer = IssuerId.of(workingName, workingKey);
    workingName = c.getSubjectX500Principal();
    workingKey = c.getPublicKey();
    if (decider instanceof CrlDecider) {
      ((CrlDecider) decider).knowIssuer(c);
    }
    if (getOptions().contains(Option.ONLY_END_ENTITY) && c.getBasicConstraints() != -1) {
      return;
    }
    Decision d = decider.decide(StatusQuery.of(issuer, c, clock.instant()));
    if (d.status() == CertStatus.GOOD) {
      return;
    }
    String who = "certificate '" + c.getSubjectX500Principal().getName() + "' (serial "
        + d.query().serial().toHex() + ")";
    if (d.status() == CertStatus.REVOKED) {
      RevocationDetails r = d.revocation().orElseThrow();
      Map<String, Extension> exts = new HashMap<>();
      r.invalidityDate().ifPresent(t -> exts.put(InvalidityDate.OID, new InvalidityDate(
          Date.from(t))));
      CRLReason reason = CRLReason.values()[r.reason()
          .map(dev.certstatus.core.RevocationReason::code).orElse(0)];
      CertificateRevokedException cre = new CertificateRevokedException(Date.from(r.time()),
          reason, issuer.name(), exts);
      throw new CertPathValidatorException(who + " is " + d.summary(), cre, null, -1,
          BasicReason.REVOKED);
    }
    CertPathValidatorException e = new CertPathValidatorException("revocation status of " + who
        + " is " + d.summary() + "\n" + d.explain(), null, null, -1,
        BasicReason.UNDETERMINED_REVOCATION_STATUS);
    if (getOptions().contains(Option.SOFT_FAIL)
        && SOFT_FAILABLE.contains(d.unknownReason().orElseThrow())) {
      softFailures.add(e);
      return;
    }
    throw e;
  }

  private void startFromAnchor(X509Certificate first) throws CertPathValidatorException {
    X500Principal issuer = first.getIssuerX500Principal();
    for (TrustAnchor a : anchors) {
      X500Principal name = a.getTrustedCert() != null
          ? a.getTrustedCert().getSubjectX500Principal() : a.getCA();
      PublicKey key = a.getTrustedCert() != null ? a.getTrustedCert().getPublicKey()
          : a.getCAPublicKey();
      if (name.equals(issuer) && signedBy(first, key)) {
        workingName = name;
        workingKey = key;
        if (a.getTrustedCert() != null && decider instanceof CrlDecider) {
          ((CrlDecider) decider).knowIssuer(a.getTrustedCert());
        }
        return;
      }
    }
    throw new CertPathValidatorException("the issuer '" + issuer.getName() + "' of the path's"
        + " first certificate is none of the checker's trust anchors", null, null, -1,
        BasicReason.UNDETERMINED_REVOCATION_STATUS);
  }

  private static boolean signedBy(X509Certificate c, PublicKey key) {
    try {
      c.verify(key);
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The UNKNOWN answers that {@link Option#SOFT_FAIL} let pass since the last {@link #init}.
   * A validator works on a clone of the checker it was given, so read this from the instance
   * the validator used (for example one kept by a {@code PKIXCertPathChecker} wrapper), or
   * check paths with the checker directly.
   *
   * @return the exceptions, oldest first
   */
  @Override
  public List<CertPathValidatorException> getSoftFailExceptions() {
    return List.copyOf(softFailures);
  }

  /** @return a copy with its own options, path state and soft-fail list; the decider is shared */
  @Override
  public RevocationChecker clone() {
    RevocationChecker copy = (RevocationChecker) super.clone();
    copy.softFailures = new ArrayList<>(softFailures);
    return copy;
  }

  @Override
  public String toString() {
    return "RevocationChecker[" + decider + ", options " + getOptions() + "]";
  }

  /** The invalidityDate CRL entry extension, as {@link CertificateRevokedException} reads it. */
  private static final class InvalidityDate implements Extension {
    static final String OID = "2.5.29.24";
    private final byte[] value;

    InvalidityDate(Date date) {
      try {
        this.value = new DERGeneralizedTime(date).getEncoded(ASN1Encoding.DER);
      } catch (IOException e) {
        throw new IllegalStateException("cannot encode a GeneralizedTime", e);
      }
    }

    @Override
    public String getId() {
      return OID;
    }

    @Override
    public boolean isCritical() {
      return false;
    }

    @Override
    public byte[] getValue() {
      return value.clone();
    }

    @Override
    public void encode(java.io.OutputStream out) throws IOException {
      out.write(new org.bouncycastle.asn1.x509.Extension(
          org.bouncycastle.asn1.x509.Extension.invalidityDate, false, value)
          .getEncoded(ASN1Encoding.DER));
    }
  }
}
