package dev.certstatus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.PkiFiles;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading configured certificates and keys in every supported form. */
class KeyMaterialTest {

  @TempDir
  Path dir;

  private final TestPki pki = TestPki.withSeed(11);
  private final TestCa ecCa = pki.rootCa("CN=EC CA").ec().build();
  private final TestCa rsaCa = pki.rootCa("CN=RSA CA").rsa().build();

  @Test
  void certificatesInPemAndDer() {
    Path pem = PkiFiles.writePem(dir.resolve("ca.pem"), ecCa.certificate());
    Path der = PkiFiles.writeDer(dir.resolve("ca.der"), ecCa.certificate());
    assertThat(KeyMaterial.certificate(pem)).isEqualTo(ecCa.certificate());
    assertThat(KeyMaterial.certificate(der)).isEqualTo(ecCa.certificate());
  }

  @Test
  void privateKeysInPkcs8AndTheTraditionalRsaAndEcForms() {
    assertThat(KeyMaterial.privateKey(PkiFiles.writePkcs8Pem(dir.resolve("ec8.pem"),
        ecCa.privateKey())).getEncoded()).isEqualTo(ecCa.privateKey().getEncoded());
    assertThat(KeyMaterial.privateKey(PkiFiles.writeTraditionalPem(dir.resolve("ec.pem"),
        ecCa.keyPair())).getEncoded()).isEqualTo(ecCa.privateKey().getEncoded());
    assertThat(KeyMaterial.privateKey(PkiFiles.writePkcs8Pem(dir.resolve("rsa8.pem"),
        rsaCa.privateKey())).getEncoded()).isEqualTo(rsaCa.privateKey().getEncoded());
    Path rsa1 = PkiFiles.writeTraditionalPem(dir.resolve("rsa.pem"), rsaCa.keyPair());
    assertThat(KeyMaterial.privateKey(rsa1).getAlgorithm()).isEqualTo("RSA");
    assertThat(KeyMaterial.privateKey(rsa1).getEncoded())
        .isEqualTo(rsaCa.privateKey().getEncoded());
  }

  @Test
  void aPkcs12KeyStoreByAliasOrItsOnlyEntryWithThePasswordFromTheEnvironment() {
    IssuedCert signer = ecCa.ocspSigner("CN=OCSP").build();
    Path p12 = PkiFiles.writePkcs12(dir.resolve("s.p12"), "ocsp", signer, "pw".toCharArray());
    ServerConfig.Signer config = new ServerConfig.Signer.KeyStore(p12, "P12_PW",
        Optional.empty());
    KeyMaterial.Signing s = KeyMaterial.signing(config, Map.of("P12_PW", "pw")::get);
    assertThat(s.certificate()).isEqualTo(signer.certificate());
    assertThat(s.key().getEncoded()).isEqualTo(signer.privateKey().getEncoded());
    assertThat(KeyMaterial.keyStore(p12, "pw".toCharArray(), Optional.of("ocsp")).certificate())
        .isEqualTo(signer.certificate());

    assertThatThrownBy(() -> KeyMaterial.signing(config, Map.<String, String>of()::get))
        .isInstanceOf(ConfigException.class).hasMessageContaining("P12_PW");
    assertThatThrownBy(() -> KeyMaterial.keyStore(p12, "wrong".toCharArray(), Optional.empty()))
        .isInstanceOf(SourceException.class).hasMessageContaining(p12.toString());
    assertThatThrownBy(() -> KeyMaterial.keyStore(p12, "pw".toCharArray(), Optional.of("x")))
        .isInstanceOf(SourceException.class).hasMessageContaining("no key entry 'x'");
  }

  @Test
  void unreadableFilesAreSourceErrorsNamingTheFile() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a key\n");
    assertThatThrownBy(() -> KeyMaterial.privateKey(junk)).isInstanceOf(SourceException.class)
        .hasMessageStartingWith(junk.toString());
    assertThatThrownBy(() -> KeyMaterial.certificate(junk)).isInstanceOf(SourceException.class)
        .hasMessageStartingWith(junk.toString());
    Path certOnly = PkiFiles.writePem(dir.resolve("cert.pem"), ecCa.certificate());
    assertThatThrownBy(() -> KeyMaterial.privateKey(certOnly))
        .isInstanceOf(SourceException.class).hasMessageContaining("no unencrypted PEM private key");
    assertThat(List.of(junk, certOnly)).allMatch(Files::exists);
  }
}
