package dev.certstatus.pkix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.IssuerRouter;
import dev.certstatus.crl.CrlRevocationProvider;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.RevocationReason;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.security.cert.CRLReason;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateRevokedException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RevocationChecker} inside the JDK's PKIX validator, on a test-kit PKI. */
class RevocationCheckerTest {

  static final Instant T0 = TestPki.DEFAULT_NOW;
  static final Instant NOW = T0.plus(Duration.ofHours(1));
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  TestCa root;
  TestCa sub;
  IssuedCert leaf;
  Set<TrustAnchor> anchors;

  @BeforeEach
  void pki() {
    TestPki pki = TestPki.withSeed(99);
    root = pki.rootCa("CN=Checker Root").build();
    sub = root.intermediateCa("CN=Checker Sub").build();
    leaf = sub.issue("CN=leaf").build();
    anchors = Set.of(new TrustAnchor(root.certificate(), null));
  }

  List<X509CRL> crls() {
    return List.of(root.crl().thisUpdate(T0).build(), sub.crl().thisUpdate(T0).build());
  }

  RevocationChecker checker(List<X509CRL> crls) {
    return RevocationChecker.fromCrls(anchors, List.of(sub.certificate()), crls, CLOCK);
  }

  void validate(PKIXRevocationChecker checker, boolean revocationEnabled) throws Exception {
    CertPath path = CertificateFactory.getInstance("X.509")
        .generateCertPath(List.of(leaf.certificate(), sub.certificate()));
    PKIXParameters params = new PKIXParameters(anchors);
    params.setDate(Date.from(NOW));
    params.setRevocationEnabled(revocationEnabled);
    if (revocationEnabled) {
      params.setCertPathCheckers(List.of(checker));
    } else {
      params.addCertPathChecker(checker);
    }
    CertPathValidator.getInstance("PKIX").validate(path, params);
  }

  @Test
  void aPathWhoseCasPublishFreshCrlsValidatesWithRevocationEnabledOrDisabled() throws Exception {
    validate(checker(crls()), false);
    validate(checker(crls()), true);
  }

  @Test
  void aRevokedEndEntityFailsAsRevokedAtIndexZeroWithTheCrlDetails() {
    Instant compromised = T0.minus(Duration.ofDays(3));
    sub.revoke(leaf.serial(), T0.minus(Duration.ofDays(1)), RevocationReason.KEY_COMPROMISE,
        Optional.of(compromised));

    CertPathValidatorException e = catchThrowableOfType(CertPathValidatorException.class,
        () -> validate(checker(crls()), false));

    assertThat(e.getReason()).isEqualTo(BasicReason.REVOKED);
    assertThat(e.getIndex()).isZero();
    assertThat(e.getCause()).isInstanceOf(CertificateRevokedException.class);
    CertificateRevokedException cre = (CertificateRevokedException) e.getCause();
    assertThat(cre.getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
    assertThat(cre.getRevocationDate()).isEqualTo(Date.from(T0.minus(Duration.ofDays(1))));
    assertThat(cre.getInvalidityDate()).isEqualTo(Date.from(compromised));
    assertThat(cre.getAuthorityName()).isEqualTo(sub.subject());
  }

  @Test
  void aRevokedIntermediateFailsAtIndexOne() {
    root.revoke(sub.serial(), T0, RevocationReason.CA_COMPROMISE);

    CertPathValidatorException e = catchThrowableOfType(CertPathValidatorException.class,
        () -> validate(checker(crls()), true));

    assertThat(e.getReason()).isEqualTo(BasicReason.REVOKED);
    assertThat(e.getIndex()).isEqualTo(1);
  }

  @Test
  void aMissingCrlIsUndeterminedUnlessSoftFailCollectsIt() throws Exception {
    List<X509CRL> rootOnly = List.of(root.crl().thisUpdate(T0).build());

    CertPathValidatorException e = catchThrowableOfType(CertPathValidatorException.class,
        () -> validate(checker(rootOnly), false));
    assertThat(e.getReason()).isEqualTo(BasicReason.UNDETERMINED_REVOCATION_STATUS);
    assertThat(e.getIndex()).isZero();
    assertThat(e.getMessage()).contains("NO_REVOCATION_SOURCE");

    RevocationChecker soft = checker(rootOnly);
    soft.setOptions(Set.of(PKIXRevocationChecker.Option.SOFT_FAIL));
    soft.init(false);
    soft.check(sub.certificate(), Set.of());
    soft.check(leaf.certificate(), Set.of());
    assertThat(soft.getSoftFailExceptions()).hasSize(1);
    assertThat(soft.getSoftFailExceptions().get(0).getReason())
        .isEqualTo(BasicReason.UNDETERMINED_REVOCATION_STATUS);
    validate(soft, false);

    soft.init(false);
    assertThat(soft.getSoftFailExceptions()).isEmpty();
  }

  @Test
  void softFailNeverLetsARevocationThrough() {
    sub.revoke(leaf.serial(), T0, RevocationReason.SUPERSEDED);
    RevocationChecker soft = checker(crls());
    soft.setOptions(Set.of(PKIXRevocationChecker.Option.SOFT_FAIL));

    assertThatThrownBy(() -> validate(soft, false)).isInstanceOf(
        CertPathValidatorException.class).satisfies(t -> assertThat(
            ((CertPathValidatorException) t).getReason()).isEqualTo(BasicReason.REVOKED));
  }

  @Test
  void onlyEndEntitySkipsTheCas() throws Exception {
    root.revoke(sub.serial(), T0, RevocationReason.CA_COMPROMISE);
    RevocationChecker checker = checker(crls());
    checker.setOptions(Set.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY));

    validate(checker, false);
  }

  @Test
  void forwardCheckingIsRefusedWithAReason() {
    RevocationChecker checker = checker(crls());

    assertThat(checker.isForwardCheckingSupported()).isFalse();
    assertThatThrownBy(() -> checker.init(true)).isInstanceOf(
        CertPathValidatorException.class).hasMessageContaining("does not support forward");
  }

  @Test
  void aCloneHasItsOwnOptionsAndSoftFailures() throws Exception {
    RevocationChecker original = checker(List.of(root.crl().thisUpdate(T0).build()));
    original.setOptions(Set.of(PKIXRevocationChecker.Option.SOFT_FAIL));
    original.init(false);
    original.check(sub.certificate(), Set.of());

    RevocationChecker copy = original.clone();
    copy.setOptions(EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY));
    original.check(leaf.certificate(), Set.of());

    assertThat(original.getOptions()).containsExactly(PKIXRevocationChecker.Option.SOFT_FAIL);
    assertThat(original.getSoftFailExceptions()).hasSize(1);
    assertThat(copy.getSoftFailExceptions()).isEmpty();
    assertThatThrownBy(() -> copy.check(leaf.certificate(), Set.of()))
        .as("the copy continues the path where the original was when cloned, without SOFT_FAIL")
        .isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void aFirstCertificateNotIssuedByAnAnchorIsUndetermined() throws Exception {
    RevocationChecker checker = checker(crls());
    checker.init(false);

    assertThatThrownBy(() -> checker.check(leaf.certificate(), Set.of()))
        .hasMessageContaining("none of the checker's trust anchors");
  }

  @Test
  void buildsFromACertStore() throws Exception {
    sub.revoke(leaf.serial(), T0, RevocationReason.SUPERSEDED);
    List<Object> content = new ArrayList<>(crls());
    content.add(sub.certificate());
    CertStore store = CertStore.getInstance("Collection",
        new CollectionCertStoreParameters(content));

    RevocationChecker checker = RevocationChecker.fromCertStore(anchors, store, CLOCK);

    assertThatThrownBy(() -> validate(checker, false)).isInstanceOf(
        CertPathValidatorException.class).hasMessageContaining("REVOKED");
  }

  @Test
  void aCheckerOverExplicitDecisionChains() throws Exception {
    // Usage example for the README: one revocation-only chain per CA, routed by issuer.
    X509CRL rootCrl = root.crl().thisUpdate(T0).build();
    X509CRL subCrl = sub.crl().thisUpdate(T0).build();
    CrlRevocationProvider rootCrls = CrlRevocationProvider.builder("root-crl", root.certificate())
        .crl("root.crl", rootCrl).clock(CLOCK).build();
    CrlRevocationProvider subCrls = CrlRevocationProvider.builder("sub-crl", sub.certificate())
        .crl("sub.crl", subCrl).grace(Duration.ofHours(1)).clock(CLOCK).build();
    IssuerRouter router = IssuerRouter.of(
        DecisionChain.builder(IssuerId.of(root.certificate())).provider(rootCrls)
            .revocationOnly().build(),
        DecisionChain.builder(IssuerId.of(sub.certificate())).provider(subCrls)
            .revocationOnly().build());
    RevocationChecker checker = RevocationChecker.of(router, anchors, CLOCK);

    PKIXParameters params = new PKIXParameters(anchors);
    params.setRevocationEnabled(false);
    params.setDate(Date.from(NOW));
    params.addCertPathChecker(checker);
    CertPath path = CertificateFactory.getInstance("X.509")
        .generateCertPath(List.of(leaf.certificate(), sub.certificate()));
    CertPathValidator.getInstance("PKIX").validate(path, params);
  }
}
