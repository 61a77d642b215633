package dev.certstatus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestPkiCertificatesTest {
    private static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";
    private static final String OCSP_NOCHECK = "1.3.6.1.5.5.7.48.1.5";

    private static TestPki pki;
    private static TestCa root;
    private static TestCa sub;

    @BeforeAll
    static void buildHierarchy() {
        pki = TestPki.withSeed(42);
        root = pki.rootCa("CN=Test Root CA, O=certstatus").build();
        sub = root.intermediateCa("CN=Test Sub CA, O=certstatus").rsa().build();
    }

    @Test
    void chainVerifiesWithTheJdk() throws Exception {
        IssuedCert leaf = sub.issue("CN=leaf.example").build();

        root.certificate().verify(root.publicKey());
        sub.certificate().verify(root.publicKey());
        leaf.certificate().verify(sub.publicKey());
        assertThat(leaf.chain()).containsExactly(leaf.certificate(), sub.certificate(), root.certificate());
        assertThat(leaf.certificate().getIssuerX500Principal()).isEqualTo(sub.subject());
        assertThat(sub.certificate().getSigAlgName()).isEqualToIgnoringCase("SHA256withECDSA");
        assertThat(leaf.certificate().getSigAlgName()).isEqualToIgnoringCase("SHA256withRSA");
    }

    @Test
    void certificatesReparseByteForByteWithCertificateFactory() throws Exception {
        IssuedCert leaf = sub.issue("CN=reparse.example").build();
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(leaf.certificate().getEncoded()));

        assertThat(parsed).isEqualTo(leaf.certificate());
    }

    @Test
    void caCertificatesAreCriticalCasWithCertAndCrlSigning() {
        X509Certificate ca = sub.certificate();

        assertThat(ca.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getKeyUsage()[6]).as("cRLSign").isTrue();
        assertThat(ca.getExtensionValue("2.5.29.14")).as("SKI").isNotNull();
        assertThat(ca.getExtensionValue("2.5.29.35")).as("AKI").isNotNull();
        assertThat(root.parent()).isEmpty();
        assertThat(sub.parent()).contains(root);
    }

    @Test
    void intermediateCaIsRecordedAsIssuedByItsParent() {
        TestCa other = root.intermediateCa("CN=Other Sub CA").pathLength(0).build();

        assertThat(root.issuedSerials()).contains(other.serial(), sub.serial());
        assertThat(other.certificate().getBasicConstraints()).isZero();
    }

    @Test
    void endEntityHasRequestedSerialValidityAndExtensions() {
        Instant notBefore = Instant.parse("2026-02-01T10:00:00Z");
        Instant notAfter = Instant.parse("2027-02-01T10:00:00Z");
        IssuedCert leaf = sub.issue("CN=serial.example").serial(new BigInteger("1234"))
                .validity(notBefore, notAfter).ocspUrl("http://127.0.0.1:8080/").build();
        X509Certificate cert = leaf.certificate();

        assertThat(leaf.serial()).isEqualTo(1234);
        assertThat(cert.getNotBefore()).isEqualTo(Date.from(notBefore));
        assertThat(cert.getNotAfter()).isEqualTo(Date.from(notAfter));
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(cert.getKeyUsage()[6]).as("cRLSign").isFalse();
        assertThat(cert.getExtensionValue("1.3.6.1.5.5.7.1.1")).as("AIA").isNotNull();
        assertThat(new String(cert.getExtensionValue("1.3.6.1.5.5.7.1.1"), java.nio.charset.StandardCharsets.US_ASCII))
                .contains("http://127.0.0.1:8080/");
        assertThat(sub.issuedSerials()).contains(BigInteger.valueOf(1234));
        assertThat(leaf.forged()).isFalse();
    }

    @Test
    void defaultValidityStartsAtThePkiClock() {
        IssuedCert leaf = sub.issue("CN=default.example").build();

        assertThat(leaf.certificate().getNotBefore().toInstant()).isEqualTo(TestPki.DEFAULT_NOW);
        assertThat(leaf.certificate().getNotAfter().toInstant()).isEqualTo(TestPki.DEFAULT_NOW.plusSeconds(365L * 86400));
        assertThat(leaf.serial().bitLength()).isEqualTo(127);
    }

    @Test
    void forgedCertificateVerifiesButIsNotRecordedAsIssued() throws Exception {
        IssuedCert forged = sub.forge("CN=evil.example").serial(666).build();

        forged.certificate().verify(sub.publicKey());
        assertThat(forged.forged()).isTrue();
        assertThat(sub.issuedSerials()).doesNotContain(BigInteger.valueOf(666));
    }

    @Test
    void ocspSignerHasOcspSigningEkuAndNoCheck() throws Exception {
        IssuedCert ocsp = sub.ocspSigner("CN=OCSP Responder").build();
        X509Certificate cert = ocsp.certificate();

        assertThat(cert.getExtendedKeyUsage()).containsExactly(OCSP_SIGNING);
        assertThat(cert.getExtensionValue(OCSP_NOCHECK)).isNotNull();
        assertThat(cert.getKeyUsage()[0]).isTrue();
        assertThat(sub.ocspSigner("CN=OCSP Responder 2").noCheck(false).build().certificate()
                .getExtensionValue(OCSP_NOCHECK)).isNull();
    }

    @Test
    void crlSignerHasCrlSignKeyUsageUnlessSwitchedOff() {
        X509Certificate with = sub.crlSigner("CN=CRL Signer").build().certificate();
        X509Certificate without = sub.crlSigner("CN=CRL Signer Without").withCrlSignKeyUsage(false).build().certificate();

        assertThat(with.getKeyUsage()[6]).isTrue();
        assertThat(without.getKeyUsage()[6]).isFalse();
    }

    @Test
    void issuingAnAlreadyIssuedSerialIsRejectedWithTheSerial() {
        sub.issue("CN=first.example").serial(777).build();

        assertThatThrownBy(() -> sub.issue("CN=second.example").serial(777).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("777");
        assertThat(sub.forge("CN=twin.example").serial(777).build().serial()).isEqualTo(777);
    }

    @Test
    void builderArgumentsAreValidatedWithTheBadValueInTheMessage() {
        Instant t = TestPki.DEFAULT_NOW;
        assertThatThrownBy(() -> sub.issue("CN=x").validity(t, t.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(t.minusSeconds(1).toString());
        assertThatThrownBy(() -> sub.issue("not a dn"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a dn");
        assertThatThrownBy(() -> root.intermediateCa("CN=y").pathLength(-2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
        assertThatThrownBy(() -> sub.issue("CN=x").ocspUrl("nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }

    @Test
    void extraCriticalExtensionIsPresentForNegativeTests() {
        X509Certificate cert = sub.issue("CN=odd.example")
                .extraExtension("1.3.6.1.4.1.99999.1", true, new byte[] {0x05, 0x00}).build().certificate();

        assertThat(cert.getCriticalExtensionOIDs()).contains("1.3.6.1.4.1.99999.1");
    }
}
