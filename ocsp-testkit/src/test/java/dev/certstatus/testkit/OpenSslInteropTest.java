package dev.certstatus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the test kit's output against the real openssl binary (skipped without it, except on CI). */
class OpenSslInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static TestPki pki;
    private static TestCa root;
    private static TestCa sub;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildHierarchy() {
        pki = TestPki.withSeed(21);
        root = pki.rootCa("CN=Interop Root, O=certstatus").build();
        sub = root.intermediateCa("CN=Interop Sub, O=certstatus").rsa().build();
    }

    @BeforeEach
    void requireOpenSsl() {
        assumeTrue(OpenSsl.availableOrFailOnCi(), "openssl is not installed (and CI is not set): skipping interop test");
    }

    @Test
    void opensslVerifiesTheChain() {
        IssuedCert leaf = sub.issue("CN=leaf.example").build();
        Path rootPem = PkiFiles.writePem(dir.resolve("root.pem"), root.certificate());
        Path subPem = PkiFiles.writePem(dir.resolve("sub.pem"), sub.certificate());
        Path leafPem = PkiFiles.writePem(dir.resolve("leaf.pem"), leaf.certificate());

        OpenSsl.Result result = OpenSsl.run(TIMEOUT, "verify", "-attime", String.valueOf(pki.now().getEpochSecond() + 60),
                "-CAfile", rootPem.toString(), "-untrusted", subPem.toString(), leafPem.toString());

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.stdout()).contains("OK");
    }

    @Test
    void opensslVerifiesCrlSignatures() {
        IssuedCert leaf = sub.issue("CN=revoked.example").build();
        sub.revoke(leaf.serial(), pki.now(), RevocationReason.KEY_COMPROMISE, Optional.of(pki.now().minusSeconds(3600)));
        Path caPem = PkiFiles.writePem(dir.resolve("ca.pem"), sub.certificate());
        Path crlPem = PkiFiles.writePem(dir.resolve("crl.pem"), sub.crl().build());
        Path rootCaPem = PkiFiles.writePem(dir.resolve("root.pem"), root.certificate());
        Path rootCrl = PkiFiles.writePem(dir.resolve("root-crl.pem"), root.crl().build());

        OpenSsl.Result rsa = OpenSsl.run(TIMEOUT, "crl", "-in", crlPem.toString(), "-CAfile", caPem.toString(), "-noout");
        OpenSsl.Result ec = OpenSsl.run(TIMEOUT, "crl", "-in", rootCrl.toString(), "-CAfile", rootCaPem.toString(), "-noout");

        assertThat(rsa.succeeded()).as(rsa.toString()).isTrue();
        assertThat(rsa.stdout() + rsa.stderr()).contains("verify OK");
        assertThat(ec.stdout() + ec.stderr()).contains("verify OK");
    }

    @Test
    void opensslReadsTraditionalAndPkcs8Keys() {
        Path ecKey = PkiFiles.writeTraditionalPem(dir.resolve("ec.key"), root.keyPair());
        Path rsaKey = PkiFiles.writeTraditionalPem(dir.resolve("rsa.key"), sub.keyPair());
        Path p8 = PkiFiles.writePkcs8Pem(dir.resolve("ec.p8"), root.privateKey());

        assertThat(OpenSsl.run(TIMEOUT, "ec", "-in", ecKey.toString(), "-check", "-noout").succeeded()).isTrue();
        assertThat(OpenSsl.run(TIMEOUT, "rsa", "-in", rsaKey.toString(), "-check", "-noout").succeeded()).isTrue();
        assertThat(OpenSsl.run(TIMEOUT, "pkey", "-in", p8.toString(), "-noout").succeeded()).isTrue();
    }

    @Test
    void opensslCaAcceptsTheIndexAndGeneratesACrlWithExactlyTheRevokedSerials() throws Exception {
        TestPki local = TestPki.withSeed(33);
        TestCa ca = local.rootCa("CN=Index CA, O=certstatus").build();
        IssuedCert good = ca.issue("CN=good").build();
        IssuedCert held = ca.issue("CN=held").build();
        IssuedCert compromised = ca.issue("CN=compromised").build();
        IssuedCert superseded = ca.issue("CN=superseded").build();
        ca.revoke(held.serial(), local.now(), RevocationReason.CERTIFICATE_HOLD);
        ca.revoke(compromised.serial(), local.now(), RevocationReason.KEY_COMPROMISE, Optional.of(local.now().minusSeconds(60)));
        ca.revoke(superseded.serial(), local.now(), RevocationReason.SUPERSEDED);
        PkiFiles.writePem(dir.resolve("ca.pem"), ca.certificate());
        PkiFiles.writePkcs8Pem(dir.resolve("ca.key"), ca.privateKey());
        OpenSslIndex.write(dir.resolve("index.txt"), ca, local.now());
        Files.writeString(dir.resolve("openssl.cnf"), String.join("\n",
                "[ ca ]", "default_ca = test_ca", "[ test_ca ]",
                "dir = " + dir, "database = $dir/index.txt", "certificate = $dir/ca.pem",
                "private_key = $dir/ca.key", "default_md = sha256", "default_crl_days = 7", ""));

        OpenSsl.Result gencrl = OpenSsl.run(dir, TIMEOUT, "ca", "-config", "openssl.cnf", "-gencrl", "-out", "gen.crl");
        OpenSsl.Result text = OpenSsl.run(TIMEOUT, "crl", "-in", dir.resolve("gen.crl").toString(), "-noout", "-text");

        assertThat(gencrl.succeeded()).as(gencrl.toString()).isTrue();
        assertThat(serialsIn(text.stdout())).containsExactlyInAnyOrder(
                held.serial(), compromised.serial(), superseded.serial());
        assertThat(serialsIn(text.stdout())).doesNotContain(good.serial());
        assertThat(text.stdout()).contains("Key Compromise", "Certificate Hold", "Superseded", "Invalidity Date");
    }

    @Test
    void runnerReportsFailuresAndNeverHangs() {
        OpenSsl.Result bad = OpenSsl.run(TIMEOUT, "x509", "-in", dir.resolve("missing.pem").toString());

        assertThat(bad.succeeded()).isFalse();
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.stderr()).isNotEmpty();
        // s_server waits for connections forever; the runner must destroy it at the timeout.
        OpenSsl.Result hanging = OpenSsl.run(Duration.ofMillis(500), "s_server", "-nocert", "-accept", "0");
        assertThat(hanging.timedOut()).as(hanging.toString()).isTrue();
    }

    private static List<BigInteger> serialsIn(String crlText) {
        Matcher matcher = Pattern.compile("Serial Number: ([0-9A-F]+)").matcher(crlText);
        List<BigInteger> serials = new java.util.ArrayList<>();
        while (matcher.find()) {
            serials.add(new BigInteger(matcher.group(1), 16));
        }
        return serials;
    }
}
