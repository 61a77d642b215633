package dev.certstatus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509CRL;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterminismTest {

    private static List<byte[]> buildPki(long seed) throws Exception {
        TestPki pki = TestPki.withSeed(seed);
        TestCa root = pki.rootCa("CN=Root").build();
        TestCa sub = root.intermediateCa("CN=Sub").rsa().build();
        IssuedCert leaf = sub.issue("CN=leaf").build();
        IssuedCert ecLeaf = root.issue("CN=ec leaf").build();
        sub.revoke(leaf.serial(), pki.now(), RevocationReason.KEY_COMPROMISE);
        root.revoke(ecLeaf.serial(), pki.now(), RevocationReason.SUPERSEDED);
        X509CRL subCrl = sub.crl().build();
        X509CRL rootCrl = root.crl().build();
        return List.of(root.certificate().getEncoded(), sub.certificate().getEncoded(),
                leaf.certificate().getEncoded(), ecLeaf.certificate().getEncoded(),
                subCrl.getEncoded(), rootCrl.getEncoded(), leaf.privateKey().getEncoded());
    }

    @Test
    void sameSeedGivesByteIdenticalCertificatesCrlsAndKeys() throws Exception {
        List<byte[]> first = buildPki(7);
        List<byte[]> second = buildPki(7);

        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).as("item %d", i).isEqualTo(first.get(i));
        }
    }

    @Test
    void differentSeedsGiveDifferentMaterial() throws Exception {
        List<byte[]> seven = buildPki(7);
        List<byte[]> eight = buildPki(8);

        for (int i = 0; i < seven.size(); i++) {
            assertThat(eight.get(i)).as("item %d", i).isNotEqualTo(seven.get(i));
        }
    }

    @Test
    void addingACertificateDoesNotChangeOtherKeys() {
        TestPki plain = TestPki.withSeed(3);
        TestPki extra = TestPki.withSeed(3);
        TestCa a = plain.rootCa("CN=A").build();
        extra.rootCa("CN=Unrelated").build();
        TestCa b = extra.rootCa("CN=A").build();

        assertThat(b.publicKey().getEncoded()).isEqualTo(a.publicKey().getEncoded());
    }
}
