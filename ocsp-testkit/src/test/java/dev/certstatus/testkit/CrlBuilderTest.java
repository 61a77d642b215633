package dev.certstatus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.ReasonFlags;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CrlBuilderTest {
    private static final Instant T0 = TestPki.DEFAULT_NOW;

    private TestPki pki;
    private TestCa ca;

    @BeforeEach
    void newCa() {
        pki = TestPki.withSeed(11);
        ca = pki.rootCa("CN=CRL Test CA").build();
    }

    @Test
    void fullCrlVerifiesAndListsEveryRevocationWithReasonAndInvalidityDate() throws Exception {
        IssuedCert a = ca.issue("CN=a").build();
        IssuedCert b = ca.issue("CN=b").build();
        ca.issue("CN=c").build();
        Instant compromised = T0.minusSeconds(86400);
        ca.revoke(a.serial(), T0.plusSeconds(60), RevocationReason.KEY_COMPROMISE, Optional.of(compromised));
        ca.revoke(b, T0.plusSeconds(120), RevocationReason.UNSPECIFIED);

        X509CRL crl = ca.crl().thisUpdate(T0.plusSeconds(3600)).nextUpdate(T0.plusSeconds(7200)).number(5).build();

        crl.verify(ca.publicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(ca.subject());
        assertThat(crl.getThisUpdate()).isEqualTo(Date.from(T0.plusSeconds(3600)));
        assertThat(crl.getNextUpdate()).isEqualTo(Date.from(T0.plusSeconds(7200)));
        assertThat(crlNumber(crl, "2.5.29.20")).isEqualTo(5);
        assertThat(crl.getExtensionValue("2.5.29.35")).as("AKI").isNotNull();
        assertThat(crl.getRevokedCertificates()).hasSize(2);
        X509CRLEntry entryA = crl.getRevokedCertificate(a.serial());
        assertThat(entryA.getRevocationDate()).isEqualTo(Date.from(T0.plusSeconds(60)));
        assertThat(entryA.getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(entryA.getExtensionValue("2.5.29.24")).as("invalidityDate").isNotNull();
        assertThat(org.bouncycastle.asn1.ASN1GeneralizedTime.getInstance(octets(entryA.getExtensionValue("2.5.29.24")))
                .getDate()).isEqualTo(Date.from(compromised));
        assertThat(crl.getRevokedCertificate(b.serial()).getRevocationReason()).as("unspecified omits reasonCode").isNull();
    }

    @Test
    void crlNumbersIncreaseByDefaultAndNextUpdateDefaultsToAWeek() {
        X509CRL first = ca.crl().build();
        X509CRL second = ca.crl().build();

        assertThat(crlNumber(first, "2.5.29.20")).isEqualTo(1);
        assertThat(crlNumber(second, "2.5.29.20")).isEqualTo(2);
        assertThat(first.getNextUpdate().toInstant()).isEqualTo(T0.plusSeconds(7 * 86400));
        assertThat(ca.crl().withoutNextUpdate().build().getNextUpdate()).isNull();
    }

    @Test
    void deltaCrlListsOnlyChangesSinceItsBaseIncludingRemoveFromCrl() throws Exception {
        IssuedCert held = ca.issue("CN=held").build();
        IssuedCert old = ca.issue("CN=old").build();
        IssuedCert fresh = ca.issue("CN=fresh").build();
        ca.revoke(held.serial(), T0, RevocationReason.CERTIFICATE_HOLD);
        ca.revoke(old.serial(), T0, RevocationReason.SUPERSEDED);
        ca.crl().number(5).build();
        ca.release(held.serial(), T0.plusSeconds(600));
        ca.revoke(fresh.serial(), T0.plusSeconds(700), RevocationReason.AFFILIATION_CHANGED);

        X509CRL delta = ca.deltaCrl(5).number(6).thisUpdate(T0.plusSeconds(900)).build();
        X509CRL nextFull = ca.crl().build();

        delta.verify(ca.publicKey());
        assertThat(delta.getCriticalExtensionOIDs()).contains("2.5.29.27");
        assertThat(crlNumber(delta, "2.5.29.27")).isEqualTo(5);
        assertThat(crlNumber(delta, "2.5.29.20")).isEqualTo(6);
        assertThat(delta.getRevokedCertificates()).extracting(X509CRLEntry::getSerialNumber)
                .containsExactlyInAnyOrder(held.serial(), fresh.serial());
        assertThat(delta.getRevokedCertificate(held.serial()).getRevocationReason()).isEqualTo(CRLReason.REMOVE_FROM_CRL);
        assertThat(delta.getRevokedCertificate(fresh.serial()).getRevocationReason()).isEqualTo(CRLReason.AFFILIATION_CHANGED);
        assertThat(crlNumber(nextFull, "2.5.29.20")).isEqualTo(7);
        assertThat(nextFull.getRevokedCertificates()).extracting(X509CRLEntry::getSerialNumber)
                .containsExactlyInAnyOrder(old.serial(), fresh.serial());
    }

    @Test
    void holdCanBecomeAPermanentRevocationButOtherReasonsCannotChange() {
        BigInteger serial = ca.issue("CN=h").build().serial();
        ca.revoke(serial, T0, RevocationReason.CERTIFICATE_HOLD);
        ca.revoke(serial, T0.plusSeconds(5), RevocationReason.KEY_COMPROMISE);

        assertThat(ca.revoked()).singleElement().extracting(RevokedEntry::reason).isEqualTo(RevocationReason.KEY_COMPROMISE);
        assertThatThrownBy(() -> ca.revoke(serial, T0, RevocationReason.SUPERSEDED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(serial.toString(16));
        assertThatThrownBy(() -> ca.release(serial, T0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KEY_COMPROMISE");
    }

    @Test
    void deltaWithoutABuiltBaseOrWithALowerNumberIsRejected() {
        ca.crl().number(3).build();

        assertThatThrownBy(() -> ca.deltaCrl(9)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9");
        assertThatThrownBy(() -> ca.deltaCrl(3).number(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2");
    }

    @Test
    void issuingDistributionPointOptionsAreEncoded() {
        X509CRL crl = ca.crl().onlyContainsUserCerts().indirectCrl().distributionPoint("http://crl.example/ca.crl")
                .onlySomeReasons(Set.of(RevocationReason.KEY_COMPROMISE, RevocationReason.AA_COMPROMISE)).build();
        IssuingDistributionPoint idp = IssuingDistributionPoint.getInstance(octets(crl.getExtensionValue("2.5.29.28")));

        assertThat(crl.getCriticalExtensionOIDs()).contains("2.5.29.28");
        assertThat(idp.onlyContainsUserCerts()).isTrue();
        assertThat(idp.onlyContainsCACerts()).isFalse();
        assertThat(idp.isIndirectCRL()).isTrue();
        assertThat(idp.getDistributionPoint().toString()).contains("http://crl.example/ca.crl");
        assertThat(idp.getOnlySomeReasons().intValue())
                .isEqualTo(ReasonFlags.keyCompromise | ReasonFlags.aACompromise);

        IssuingDistributionPoint caOnly = IssuingDistributionPoint.getInstance(
                octets(ca.crl().onlyContainsCaCerts().build().getExtensionValue("2.5.29.28")));
        IssuingDistributionPoint attrOnly = IssuingDistributionPoint.getInstance(
                octets(ca.crl().onlyContainsAttributeCerts().build().getExtensionValue("2.5.29.28")));
        assertThat(caOnly.onlyContainsCACerts()).isTrue();
        assertThat(attrOnly.onlyContainsAttributeCerts()).isTrue();
        assertThat(ca.crl().build().getExtensionValue("2.5.29.28")).as("no IDP unless asked").isNull();
        assertThatThrownBy(() -> ca.crl().onlySomeReasons(Set.of(RevocationReason.REMOVE_FROM_CRL)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REMOVE_FROM_CRL");
    }

    @Test
    void delegatedCrlSignerSignsWithItsOwnKeyAndNamesTheCaOnTheFirstEntry() throws Exception {
        IssuedCert signer = ca.crlSigner("CN=CRL Signer").build();
        IssuedCert leaf = ca.issue("CN=leaf").build();
        ca.revoke(leaf.serial(), T0, RevocationReason.KEY_COMPROMISE);

        X509CRL crl = ca.crl().signedBy(signer).indirectCrl().build();

        crl.verify(signer.keyPair().getPublic());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(signer.certificate().getSubjectX500Principal());
        // The JDK keys indirect CRL entries by their certificate issuer, so look the entry up by certificate.
        assertThat(crl.getRevokedCertificate(leaf.certificate()).getCertificateIssuer()).isEqualTo(ca.subject());
    }

    @Test
    void extraCriticalExtensionsAppearOnTheCrlAndOnTheEntry() {
        BigInteger serial = ca.issue("CN=x").build().serial();
        ca.revoke(serial, T0, RevocationReason.SUPERSEDED);

        X509CRL crl = ca.crl().extraCrlExtension("1.3.6.1.4.1.99999.2", true, new byte[] {0x05, 0x00})
                .extraEntryExtension(serial, "1.3.6.1.4.1.99999.3", true, new byte[] {0x05, 0x00}).build();

        assertThat(crl.getCriticalExtensionOIDs()).contains("1.3.6.1.4.1.99999.2");
        assertThat(crl.getRevokedCertificate(serial).getCriticalExtensionOIDs()).contains("1.3.6.1.4.1.99999.3");
        assertThatThrownBy(() -> ca.crl().extraEntryExtension(BigInteger.TEN, "1.2.3", false, new byte[] {5, 0}).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serial a");
    }

    private static ASN1Primitive octets(byte[] extensionValue) {
        try {
            return ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extensionValue).getOctets());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long crlNumber(X509CRL crl, String oid) {
        return ASN1Integer.getInstance(octets(crl.getExtensionValue(oid))).longValueExact();
    }
}
