package dev.certstatus.crl;

import static dev.certstatus.crl.CrlRevocationProviderTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.certstatus.testkit.TestClock;
import dev.certstatus.core.Finding;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.ReasonFlags;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delta CRL merging (RFC 5280 5.2.4) and issuingDistributionPoint scope (RFC 5280 6.3.3). */
class CrlScopeAndDeltaTest extends CrlTestSupport {

  static final dev.certstatus.testkit.RevocationReason HOLD =
      dev.certstatus.testkit.RevocationReason.CERTIFICATE_HOLD;
  static final dev.certstatus.testkit.RevocationReason KEY_COMPROMISE =
      dev.certstatus.testkit.RevocationReason.KEY_COMPROMISE;

  TestPki pki;
  TestCa subCa;
  IssuedCert a;
  IssuedCert b;
  IssuedCert c;

  @BeforeEach
  void pki() {
    pki = TestPki.withSeed(5);
    ca = pki.rootCa("CN=Scope CA").build();
    subCa = ca.intermediateCa("CN=Scope Sub CA").build();
    a = ca.issue("CN=a").build();
    b = ca.issue("CN=b").build();
    c = ca.issue("CN=c").build();
    clock = TestClock.at(T0.plus(Duration.ofHours(2)));
  }

  @Test
  void aDeltaAddsRevocationsReplacesHoldsAndReleasesHoldsWithRemoveFromCrl() {
    ca.revoke(a.serial(), T0, HOLD);
    ca.revoke(b.serial(), T0, HOLD);
    X509CRL base = ca.crl().number(5).thisUpdate(T0).build();
    ca.release(a.serial(), T0.plusSeconds(60));
    ca.revoke(b.serial(), T0.plusSeconds(60), KEY_COMPROMISE);
    ca.revoke(c.serial(), T0.plusSeconds(60), KEY_COMPROMISE);
    X509CRL delta = ca.deltaCrl(5).number(6).thisUpdate(T0.plusSeconds(3600)).build();

    CrlRevocationProvider baseOnly = provider().crl("base.crl", base).build();
    CrlRevocationProvider merged = provider().crl("base.crl", base).crl("delta.crl", delta)
        .build();

    assertThat(find(baseOnly, a)).isInstanceOf(Finding.Revoked.class);
    assertThat(find(merged, a)).as("hold released").isInstanceOf(Finding.NotRevoked.class);
    Finding fb = find(merged, b);
    assertThat(((Finding.Revoked) fb).reason()).contains(RevocationReason.KEY_COMPROMISE);
    assertThat(find(merged, c)).isInstanceOf(Finding.Revoked.class);
    assertThat(fb.version().label())
        .isEqualTo("CRL #6 from delta.crl (delta on CRL #5 from base.crl)");
    assertThat(fb.version().asOf()).contains(T0.plusSeconds(3600));
  }

  @Test
  void aDeltaIsNotMergedWhenItsBaseIsNewerThanTheCompleteCrlOrItIsNotNewer() {
    X509CRL base3 = ca.crl().number(3).thisUpdate(T0).build();
    ca.revoke(c.serial(), T0, KEY_COMPROMISE);
    ca.crl().number(4).thisUpdate(T0).build();
    X509CRL deltaOn4 = ca.deltaCrl(4).number(9).thisUpdate(T0).build();
    X509CRL full10 = ca.crl().number(10).thisUpdate(T0).build();
    ca.revoke(b.serial(), T0, KEY_COMPROMISE);
    X509CRL staleDelta = ca.deltaCrl(4).number(9).thisUpdate(T0).build();

    CrlRevocationProvider tooOld = provider().crl("base3", base3).crl("delta", deltaOn4).build();
    assertThat(find(tooOld, c)).as("complete CRL #3 older than the delta's base #4")
        .isInstanceOf(Finding.NotRevoked.class);

    CrlRevocationProvider notNewer = provider().crl("full10", full10).crl("delta", staleDelta)
        .build();
    assertThat(find(notNewer, c)).isInstanceOf(Finding.Revoked.class);
    assertThat(find(notNewer, b)).as("delta #9 is not newer than complete CRL #10")
        .isInstanceOf(Finding.NotRevoked.class);
  }

  @Test
  void aDeltaOfAnotherScopeOrSignedWithAnotherKeyIsNotMerged() {
    IssuedCert signer = ca.crlSigner("CN=Scope CA").build();
    ca.crl().number(1).thisUpdate(T0).build();
    X509CRL base = ca.crl().number(2).thisUpdate(T0).build();
    ca.revoke(a.serial(), T0, KEY_COMPROMISE);
    X509CRL otherKey = ca.deltaCrl(2).number(3).thisUpdate(T0).signedBy(signer).build();
    X509CRL otherScope = ca.deltaCrl(2).number(4).thisUpdate(T0).onlyContainsUserCerts().build();
    X509CRL good = ca.deltaCrl(2).number(5).thisUpdate(T0).build();

    assertThat(find(provider().crlSigner(signer.certificate()).crl("base", base)
        .crl("delta", otherKey).build(), a)).isInstanceOf(Finding.NotRevoked.class);
    assertThat(find(provider().crl("base", base).crl("delta", otherScope).build(), a))
        .isInstanceOf(Finding.NotRevoked.class);
    assertThat(find(provider().crl("base", base).crl("delta", good).build(), a))
        .isInstanceOf(Finding.Revoked.class);
  }

  @Test
  void aDeltaAloneAnswersNothing() {
    ca.crl().number(1).thisUpdate(T0).build();
    X509CRL delta = ca.deltaCrl(1).number(2).thisUpdate(T0).build();

    CrlRevocationProvider p = provider().crl("delta.crl", delta).build();

    assertThat(cause(find(p, a))).contains("only delta CRLs are loaded");
  }

  @Test
  void removeFromCrlInACompleteCrlIsIgnoredAndInADeltaNeverUndoesAPermanentRevocation()
      throws Exception {
    ca.revoke(a.serial(), T0, dev.certstatus.testkit.RevocationReason.REMOVE_FROM_CRL);
    X509CRL full = ca.crl().number(1).thisUpdate(T0).build();
    assertThat(find(provider().crl("full", full).build(), a))
        .isInstanceOf(Finding.NotRevoked.class);

    X509CRL base = signedCrl(ca.keyPair(), ca.certificate(), 7, null, new Object[][] {
        {b.serial(), RevocationReason.KEY_COMPROMISE}});
    X509CRL delta = signedCrl(ca.keyPair(), ca.certificate(), 8, BigInteger.valueOf(7),
        new Object[][] {{b.serial(), RevocationReason.REMOVE_FROM_CRL}});
    CrlRevocationProvider p = provider().crl("base", base).crl("delta", delta).build();
    assertThat(find(p, b)).isInstanceOf(Finding.Revoked.class);
  }

  @Test
  void onlyContainsUserCertsCoversEndEntitiesButNotCasAndNeedsTheCertificateForAnAbsence() {
    ca.revoke(b.serial(), T0, KEY_COMPROMISE);
    X509CRL crl = ca.crl().thisUpdate(T0).onlyContainsUserCerts().build();
    CrlRevocationProvider p = provider().crl("users.crl", crl).build();

    assertThat(find(p, a)).isInstanceOf(Finding.NotRevoked.class);
    assertThat(find(p, subCa.certificate())).isInstanceOf(Finding.NotCovered.class);
    assertThat(findSerial(p, a.serial())).isInstanceOf(Finding.NotCovered.class);
    assertThat(findSerial(p, b.serial())).as("a listed serial still identifies the certificate")
        .isInstanceOf(Finding.Revoked.class);
  }

  @Test
  void onlyContainsCaCertsCoversCasOnlyAndAttributeCertificateCrlsAreNeverUsed() {
    CrlRevocationProvider cas = provider().crl("cas.crl",
        ca.crl().thisUpdate(T0).onlyContainsCaCerts().build()).build();
    assertThat(find(cas, subCa.certificate())).isInstanceOf(Finding.NotRevoked.class);
    assertThat(find(cas, a)).isInstanceOf(Finding.NotCovered.class);

    ca.revoke(a.serial(), T0, KEY_COMPROMISE);
    CrlRevocationProvider attrs = provider().crl("attributes.crl",
        ca.crl().thisUpdate(T0).onlyContainsAttributeCerts().build()).build();
    assertThat(find(attrs, a)).isInstanceOf(Finding.NotCovered.class);
    assertThat(findSerial(attrs, a.serial())).isInstanceOf(Finding.NotCovered.class);
  }

  @Test
  void anAbsenceFromCrlsThatCoverOnlySomeReasonsIsUnavailableUntilAllReasonsAreCovered() {
    Set<dev.certstatus.testkit.RevocationReason> compromise = Set.of(KEY_COMPROMISE,
        dev.certstatus.testkit.RevocationReason.CA_COMPROMISE);
    ca.revoke(b.serial(), T0, KEY_COMPROMISE);
    X509CRL compromiseCrl = ca.crl().thisUpdate(T0).onlySomeReasons(compromise).build();
    X509CRL others = ca.crl().thisUpdate(T0).onlySomeReasons(Set.of(
        dev.certstatus.testkit.RevocationReason.AFFILIATION_CHANGED,
        dev.certstatus.testkit.RevocationReason.SUPERSEDED,
        dev.certstatus.testkit.RevocationReason.CESSATION_OF_OPERATION, HOLD,
        dev.certstatus.testkit.RevocationReason.PRIVILEGE_WITHDRAWN,
        dev.certstatus.testkit.RevocationReason.AA_COMPROMISE)).build();

    CrlRevocationProvider partial = provider().crl("compromise.crl", compromiseCrl).build();
    assertThat(cause(find(partial, a))).contains("cover only the reasons keyCompromise,"
        + " cACompromise").contains("not affiliationChanged");
    assertThat(find(partial, b)).isInstanceOf(Finding.Revoked.class);

    CrlRevocationProvider both = provider().crl("compromise.crl", compromiseCrl)
        .crl("others.crl", others).build();
    assertThat(find(both, a)).isInstanceOf(Finding.NotRevoked.class);
    assertThat(find(both, b)).isInstanceOf(Finding.Revoked.class);
  }

  @Test
  void aCrlOfANamedDistributionPointCoversOnlyCertificatesPointingThereUnlessConfigured() {
    IssuedCert pointed = ca.issue("CN=pointed").crlDistributionPoint("http://crl.example/1.crl")
        .build();
    IssuedCert elsewhere = ca.issue("CN=elsewhere")
        .crlDistributionPoint("http://crl.example/2.crl").build();
    X509CRL crl = ca.crl().thisUpdate(T0).distributionPoint("http://crl.example/1.crl").build();

    CrlRevocationProvider p = provider().crl("1.crl", crl).build();
    assertThat(find(p, pointed)).isInstanceOf(Finding.NotRevoked.class);
    assertThat(find(p, elsewhere)).isInstanceOf(Finding.NotCovered.class);
    assertThat(findSerial(p, pointed.serial())).isInstanceOf(Finding.NotCovered.class);

    CrlRevocationProvider all = provider().crl("1.crl", crl).ignoreDistributionPointNames()
        .build();
    assertThat(findSerial(all, pointed.serial())).isInstanceOf(Finding.NotRevoked.class);
  }

  @Test
  void theCasEntriesAndCoverageAreResolvedAgainForEverySnapshot() {
    X509CRL named = ca.crl().number(1).thisUpdate(T0).distributionPoint("http://crl.example/1.crl")
        .build();
    AtomicReference<byte[]> current = new AtomicReference<>(
        CrlRevocationProviderTest.encoded(named));
    CrlRevocationProvider p = provider().crl("feed", current::get).build();
    assertThat(findSerial(p, a.serial())).as("a named distribution point's CRL alone")
        .isInstanceOf(Finding.NotCovered.class);
    assertThat(findSerial(p, b.serial())).isInstanceOf(Finding.NotCovered.class);

    ca.revoke(b.serial(), T0, KEY_COMPROMISE);
    current.set(CrlRevocationProviderTest.encoded(ca.crl().number(2).thisUpdate(T0).build()));
    assertThat(p.reload()).isTrue();
    assertThat(findSerial(p, a.serial())).as("now under a full CRL too")
        .isInstanceOf(Finding.NotRevoked.class);
    assertThat(findSerial(p, b.serial())).isInstanceOf(Finding.Revoked.class);
  }

  @Test
  void theReasonsOfTheCertificatesDistributionPointLimitWhatACrlCovers() throws Exception {
    String uri = "http://crl.example/compromise.crl";
    IssuedCert onlyCompromise = ca.issue("CN=only compromise").extraExtension(
        Extension.cRLDistributionPoints.getId(), false, distributionPoints(
            new DistributionPoint(uriName(uri), new ReasonFlags(ReasonFlags.keyCompromise),
                null))).build();
    X509CRL crl = ca.crl().thisUpdate(T0).distributionPoint(uri).build();

    CrlRevocationProvider p = provider().crl("compromise.crl", crl).build();

    assertThat(cause(find(p, onlyCompromise))).contains("cover only the reasons keyCompromise,");
  }

  @Test
  void anIndirectCrlCoversACertificateWhoseDistributionPointNamesItsIssuer() throws Exception {
    TestCa other = pki.rootCa("CN=Indirect CRL Issuer").build();
    IssuedCert signer = other.crlSigner("CN=Indirect CRL Issuer").build();
    GeneralNames crlIssuer = new GeneralNames(new GeneralName(X500Name.getInstance(
        signer.certificate().getSubjectX500Principal().getEncoded())));
    IssuedCert pointing = ca.issue("CN=pointing").extraExtension(
        Extension.cRLDistributionPoints.getId(), false, distributionPoints(
            new DistributionPoint(null, null, crlIssuer))).build();
    X509CRL crl = ca.crl().thisUpdate(T0).signedBy(signer).indirectCrl().build();

    CrlRevocationProvider p = provider().trustedCrlIssuer(signer.certificate())
        .crl("indirect.crl", crl).build();

    assertThat(find(p, pointing)).isInstanceOf(Finding.NotRevoked.class);
    assertThat(find(p, a)).as("a's distribution point is its issuer, not the CRL issuer")
        .isInstanceOf(Finding.NotCovered.class);
  }

  private static byte[] distributionPoints(DistributionPoint dp) throws Exception {
    return new CRLDistPoint(new DistributionPoint[] {dp}).getEncoded();
  }

  private static DistributionPointName uriName(String uri) {
    return new DistributionPointName(new GeneralNames(
        new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
  }

  @Test
  void anIndirectCrlRevokesByCertificateIssuerInheritedFromEntryToEntry() throws Exception {
    TestCa crlIssuer = pki.rootCa("CN=Indirect CRL Issuer").build();
    IssuedCert signer = crlIssuer.crlSigner("CN=Indirect CRL Issuer").build();
    X500Name other = new X500Name("CN=Some Other CA");
    X500Name mine = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    // Entries: a (other CA's), b (inherits other), c (this CA's), then a's serial again
    // inherits this CA.
    X509v2CRLBuilder builder = new X509v2CRLBuilder(
        X500Name.getInstance(signer.certificate().getSubjectX500Principal().getEncoded()),
        Date.from(T0));
    builder.setNextUpdate(Date.from(T0.plus(Duration.ofDays(1))));
    builder.addCRLEntry(a.serial(), Date.from(T0), entry(other, 1));
    builder.addCRLEntry(b.serial(), Date.from(T0), entry(null, 1));
    builder.addCRLEntry(c.serial(), Date.from(T0), entry(mine, 1));
    builder.addCRLEntry(BigInteger.valueOf(77), Date.from(T0), entry(null, 1));
    builder.addExtension(Extension.issuingDistributionPoint, true,
        new IssuingDistributionPoint(null, false, false, null, true, false));
    X509CRL crl = new JcaX509CRLConverter().getCRL(builder.build(
        new JcaContentSignerBuilder("SHA256withECDSA").build(signer.privateKey())));

    CrlRevocationProvider p = provider().trustedCrlIssuer(signer.certificate())
        .crl("indirect.crl", crl).build();

    assertThat(findSerial(p, a.serial())).as("an entry for another issuer")
        .isInstanceOf(Finding.NotRevoked.class);
    assertThat(findSerial(p, b.serial())).isInstanceOf(Finding.NotRevoked.class);
    assertThat(findSerial(p, c.serial())).isInstanceOf(Finding.Revoked.class);
    assertThat(findSerial(p, BigInteger.valueOf(77))).as("inherited from the entry before")
        .isInstanceOf(Finding.Revoked.class);
  }

  private static org.bouncycastle.asn1.x509.Extensions entry(X500Name certificateIssuer,
      int reason) throws Exception {
    ExtensionsGenerator g = new ExtensionsGenerator();
    g.addExtension(Extension.reasonCode, false,
        org.bouncycastle.asn1.x509.CRLReason.lookup(reason));
    if (certificateIssuer != null) {
      g.addExtension(Extension.certificateIssuer, true,
          new GeneralNames(new GeneralName(certificateIssuer)));
    }
    return g.generate();
  }

  /** A CRL built directly, for entries the test kit deliberately does not produce. */
  private static X509CRL signedCrl(KeyPair key, X509Certificate issuer, long number,
      BigInteger deltaBase, Object[][] entries) throws Exception {
    X509v2CRLBuilder builder = new X509v2CRLBuilder(
        X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), Date.from(T0));
    builder.setNextUpdate(Date.from(T0.plus(Duration.ofDays(1))));
    for (Object[] e : entries) {
      ExtensionsGenerator g = new ExtensionsGenerator();
      g.addExtension(Extension.reasonCode, false, org.bouncycastle.asn1.x509.CRLReason.lookup(
          ((RevocationReason) e[1]).code()));
      builder.addCRLEntry((BigInteger) e[0], Date.from(T0), g.generate());
    }
    builder.addExtension(Extension.cRLNumber, false,
        new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.valueOf(number)));
    if (deltaBase != null) {
      builder.addExtension(Extension.deltaCRLIndicator, true,
          new org.bouncycastle.asn1.x509.CRLNumber(deltaBase));
    }
    String alg = key.getPublic().getAlgorithm().equals("EC") ? "SHA256withECDSA"
        : "SHA256withRSA";
    return new JcaX509CRLConverter().getCRL(builder.build(
        new JcaContentSignerBuilder(alg).build(key.getPrivate())));
  }

}
