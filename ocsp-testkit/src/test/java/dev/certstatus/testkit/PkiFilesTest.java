package dev.certstatus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiFilesTest {
    private static TestPki pki;
    private static TestCa ca;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildCa() {
        pki = TestPki.withSeed(5);
        ca = pki.rootCa("CN=Files CA, O=certstatus, C=DE").build();
    }

    @Test
    void serialDirectoryHasOneEmptyFilePerIssuedSerialNamedByUppercaseEvenHex() throws Exception {
        ca.issue("CN=a").serial(0xABC).build();
        ca.issue("CN=b").serial(new BigInteger("00ff00", 16)).build();
        ca.issue("CN=c").build();
        ca.forge("CN=forged").serial(0xDEAD).build();

        PkiFiles.writeSerialDirectory(dir.resolve("serials"), ca);

        List<Path> files;
        try (Stream<Path> listing = Files.list(dir.resolve("serials"))) {
            files = listing.collect(Collectors.toList());
        }
        Set<String> names = files.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        assertThat(names).contains("0ABC", "FF00").doesNotContain("DEAD").hasSize(ca.issuedSerials().size());
        assertThat(names).allSatisfy(name -> assertThat(name).matches("([0-9A-F]{2})+"));
        for (Path file : files) {
            assertThat(Files.size(file)).isZero();
        }
        assertThat(names.stream().map(n -> new BigInteger(n, 16)).collect(Collectors.toSet()))
                .isEqualTo(ca.issuedSerials());
        assertThat(PkiFiles.serialFileName(BigInteger.ZERO)).isEqualTo("00");
        assertThat(PkiFiles.serialFileName(new BigInteger("80", 16))).isEqualTo("80");
    }

    @Test
    void pemAndDerCertificatesAndCrlsParseWithTheJdk() throws Exception {
        IssuedCert leaf = ca.issue("CN=pem").build();
        Path pem = PkiFiles.writePem(dir.resolve("bundle.pem"), leaf.certificate(), ca.certificate());
        Path der = PkiFiles.writeDer(dir.resolve("leaf.der"), leaf.certificate());
        Path crlPem = PkiFiles.writePem(dir.resolve("ca.crl.pem"), ca.crl().build());
        Path crlDer = PkiFiles.writeDer(dir.resolve("ca.crl"), ca.crl().build());
        CertificateFactory factory = CertificateFactory.getInstance("X.509");

        try (InputStream in = Files.newInputStream(pem)) {
            assertThat(List.<Object>copyOf(factory.generateCertificates(in))).containsExactly(leaf.certificate(), ca.certificate());
        }
        try (InputStream in = Files.newInputStream(der)) {
            assertThat(factory.generateCertificate(in)).isEqualTo(leaf.certificate());
        }
        try (InputStream a = Files.newInputStream(crlPem); InputStream b = Files.newInputStream(crlDer)) {
            assertThat(((java.security.cert.X509CRL) factory.generateCRL(a)).getIssuerX500Principal()).isEqualTo(ca.subject());
            assertThat(((java.security.cert.X509CRL) factory.generateCRL(b)).getIssuerX500Principal()).isEqualTo(ca.subject());
        }
        assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(crlPem)).startsWith("-----BEGIN X509 CRL-----");
    }

    @Test
    void privateKeysAreWrittenAsPkcs8AndTraditionalPem() throws Exception {
        IssuedCert ec = ca.issue("CN=ec").build();
        IssuedCert rsa = ca.issue("CN=rsa").rsa().build();

        String pkcs8 = Files.readString(PkiFiles.writePkcs8Pem(dir.resolve("ec.p8.pem"), ec.privateKey()));
        byte[] der = Files.readAllBytes(PkiFiles.writePkcs8Der(dir.resolve("ec.p8.der"), ec.privateKey()));

        assertThat(pkcs8).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der))).isEqualTo(ec.privateKey());
        assertThat(PkiFiles.traditionalPem(ec.keyPair())).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(PkiFiles.traditionalPem(rsa.keyPair())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    }

    @Test
    void pkcs12KeystoreHoldsTheKeyAndChain() throws Exception {
        TestCa sub = ca.intermediateCa("CN=P12 Sub").build();
        IssuedCert leaf = sub.issue("CN=p12").build();
        char[] password = "changeit".toCharArray();

        Path file = PkiFiles.writePkcs12(dir.resolve("leaf.p12"), "leaf", leaf, password);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }

        assertThat(store.getKey("leaf", password)).isEqualTo(leaf.privateKey());
        assertThat(store.getCertificateChain("leaf"))
                .containsExactly(leaf.certificate(), sub.certificate(), ca.certificate());
    }

    @Test
    void openSslIndexLinesFollowTheCaDatabaseFormat() {
        TestPki p = TestPki.withSeed(9);
        TestCa c = p.rootCa("CN=Index CA").build();
        Instant t = TestPki.DEFAULT_NOW;
        IssuedCert valid = c.issue("CN=valid, O=Example, C=DE").serial(0x0A).validity(t, Instant.parse("2027-01-01T00:00:00Z")).build();
        IssuedCert revoked = c.issue("CN=revoked").serial(0x1234).build();
        IssuedCert compromised = c.issue("CN=compromised").serial(0xFF).validity(t, Instant.parse("2051-06-01T12:00:00Z")).build();
        IssuedCert expired = c.issue("CN=expired").serial(3).validity(t.minusSeconds(86400 * 10), t.minusSeconds(86400)).build();
        c.revoke(revoked.serial(), Instant.parse("2026-01-02T03:04:05Z"), RevocationReason.CESSATION_OF_OPERATION);
        c.revoke(compromised.serial(), Instant.parse("2026-01-03T00:00:00Z"), RevocationReason.KEY_COMPROMISE,
                Optional.of(Instant.parse("2025-12-31T00:00:00Z")));

        String index = OpenSslIndex.render(c, t);

        assertThat(index.split("\n")).containsExactly(
                "V\t270101000000Z\t\t0A\tunknown\t/C=DE/O=Example/CN=valid",
                "R\t270101000000Z\t260102030405Z,cessationOfOperation\t1234\tunknown\t/CN=revoked",
                "R\t20510601120000Z\t260103000000Z,keyTime,20251231000000Z\tFF\tunknown\t/CN=compromised",
                "E\t251231000000Z\t\t03\tunknown\t/CN=expired");
        assertThat(valid.serial()).isEqualTo(10);
        assertThat(expired.serial()).isEqualTo(3);
    }
}
