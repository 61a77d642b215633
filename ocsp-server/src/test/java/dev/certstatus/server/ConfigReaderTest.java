package dev.certstatus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the YAML configuration: the shipped example, defaults, and errors that say where. */
class ConfigReaderTest {

  @TempDir
  Path dir;

  @BeforeEach
  void files() throws IOException {
    for (String f : List.of("ca.pem", "ocsp.pem", "ocsp.key", "ca.crl", "index.txt",
        "signer.p12", "ca.key", "list.txt")) {
      Files.writeString(dir.resolve(f), "x");
    }
    Files.createDirectories(dir.resolve("serials"));
  }

  private Path config(String yaml) throws IOException {
    return Files.writeString(dir.resolve("certstatus.yaml"), yaml);
  }

  @Test
  void theShippedExampleReadsWithEveryKey() throws IOException {
    Path example = Files.copy(Path.of("config/example.yaml"), dir.resolve("example.yaml"));
    ServerConfig c = ConfigReader.read(example);
    assertThat(c.http()).isEqualTo(new ServerConfig.Http("127.0.0.1", 8080, 16, 256, 16384,
        Duration.ofSeconds(10), Duration.ofSeconds(5)));
    assertThat(c.responder()).isEqualTo(new ServerConfig.Responder("optional", 10000, 32,
        Duration.ofHours(1)));
    ServerConfig.Ca ca = c.cas().get(0);
    assertThat(ca.name()).isEqualTo("example");
    assertThat(ca.certificate()).isEqualTo(dir.resolve("ca.pem"));
    assertThat(ca.signer()).contains(new ServerConfig.Signer.Pem(dir.resolve("ocsp.pem"),
        dir.resolve("ocsp.key")));
    assertThat(ca.crls()).containsExactly(dir.resolve("ca.crl"));
    assertThat(ca.serialDirs()).containsExactly(dir.resolve("serials"));
    assertThat(ca.serialLists()).isEmpty();
    assertThat(ca.index()).hasValue(dir.resolve("index.txt"));
    assertThat(ca.jdbc()).hasValue(new ServerConfig.Jdbc("jdbc:postgresql://127.0.0.1/ca",
        Optional.of("ocsp"), Optional.of("OCSP_DB_PASSWORD"), "ejbca", Optional.empty()));
    assertThat(ca.policy()).isEqualTo(new ServerConfig.Policy("unknown", Duration.ofHours(6),
        "enforce", false, Duration.ZERO, Duration.ofHours(24), Duration.ofMinutes(5)));
  }

  @Test
  void aMinimalCaTakesDefaultsAndTheCaKeySigns() throws IOException {
    ServerConfig c = ConfigReader.read(config("cas:\n  - name: a\n    certificate: ca.pem\n"
        + "    key: ca.key\n    crls: ca.crl\n    serial-lists: [list.txt]\n"));
    assertThat(c.http()).isEqualTo(ServerConfig.Http.DEFAULTS);
    assertThat(c.responder()).isEqualTo(ServerConfig.Responder.DEFAULTS);
    ServerConfig.Ca ca = c.cas().get(0);
    assertThat(ca.signer()).contains(new ServerConfig.Signer.Pem(dir.resolve("ca.pem"),
        dir.resolve("ca.key")));
    assertThat(ca.crls()).containsExactly(dir.resolve("ca.crl"));
    assertThat(ca.serialLists()).containsExactly(dir.resolve("list.txt"));
    assertThat(ca.policy()).isEqualTo(ServerConfig.Policy.DEFAULTS);
    assertThat(c.file()).hasValue(dir.resolve("certstatus.yaml"));
  }

  @Test
  void severalCasWithKeystoreSignersAndPolicies() throws IOException {
    ServerConfig c = ConfigReader.read(config(String.join("\n",
        "server: {port: 0, bind: 0.0.0.0, request-timeout: PT30S}",
        "cas:",
        "  - name: one",
        "    certificate: ca.pem",
        "    signer: {keystore: signer.p12, password-env: P12_PASSWORD, alias: ocsp}",
        "    serial-dirs: serials",
        "    policy: {non-issued: revoked, non-issued-max-lag: 2h, validity: ignore}",
        "  - name: two",
        "    certificate: ca.pem",
        "    key: ca.key",
        "    index: index.txt",
        "    policy: {revocation-only: true, crl-grace: 1h, max-age: 1d, reload-interval: 90s}",
        "")));
    assertThat(c.http().port()).isZero();
    assertThat(c.http().bind()).isEqualTo("0.0.0.0");
    assertThat(c.http().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.cas()).extracting(ServerConfig.Ca::name).containsExactly("one", "two");
    assertThat(c.cas().get(0).signer()).contains(new ServerConfig.Signer.KeyStore(
        dir.resolve("signer.p12"), "P12_PASSWORD", Optional.of("ocsp")));
    assertThat(c.cas().get(0).policy().nonIssued()).isEqualTo("revoked");
    assertThat(c.cas().get(0).policy().nonIssuedMaxLag()).isEqualTo(Duration.ofHours(2));
    assertThat(c.cas().get(0).policy().validity()).isEqualTo("ignore");
    ServerConfig.Policy two = c.cas().get(1).policy();
    assertThat(two.revocationOnly()).isTrue();
    assertThat(two.crlGrace()).isEqualTo(Duration.ofHours(1));
    assertThat(two.maxAge()).isEqualTo(Duration.ofDays(1));
    assertThat(two.reloadInterval()).isEqualTo(Duration.ofSeconds(90));
  }

  private void fails(String yaml, String... parts) throws IOException {
    Path file = config(yaml);
    assertThatThrownBy(() -> ConfigReader.read(file)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file.toString() + ": ")
        .hasMessageContainingAll(parts);
  }

  @Test
  void errorsNameTheFileTheKeyPathAndTheBadValue() throws IOException {
    String ca = "cas:\n  - name: a\n    certificate: ca.pem\n    key: ca.key\n";
    fails(ca + "    signer: {certificate: ocsp.pem, key: missing.key}\n",
        "cas[0].key", "either the CA's key or a signer");
    fails("cas:\n  - name: a\n    certificate: ca.pem\n    signer: {certificate: ocsp.pem,"
        + " key: missing.key}\n", "cas[0].signer.key", "no such file", "(got 'missing.key')");
    fails(ca + "    polcy: {non-issued: unknown}\n", "cas[0].polcy", "unknown key",
        "policy");
    fails(ca + "    policy: {non-issued: maybe}\n", "cas[0].policy.non-issued",
        "one of unknown, revoked", "(got 'maybe')");
    fails(ca + "    policy: {max-age: soon}\n", "cas[0].policy.max-age", "duration",
        "(got 'soon')");
    fails("server: {port: 70000}\n" + ca, "server.port", "0 to 65535", "(got '70000')");
    fails("server: {port: eighty}\n" + ca, "server.port", "whole number");
    fails(ca + "  - name: a\n    certificate: ca.pem\n    key: ca.key\n", "cas[1].name",
        "two CAs have this name");
    fails(ca + "    serial-dirs: [ca.pem]\n", "cas[0].serial-dirs[0]", "is not a folder");
    fails(ca + "    crls: [ca.crl, nowhere.crl]\n", "cas[0].crls[1]", "nowhere.crl");
    fails(ca + "    jdbc: {url: 'postgres://x'}\n", "cas[0].jdbc.url", "jdbc:");
    fails(ca + "    jdbc: {url: 'jdbc:h2:mem:x', password-env: 'not a name'}\n",
        "cas[0].jdbc.password-env", "environment variable");
    fails("cas:\n  - name: a\n    certificate: ca.pem\n", "cas[0].signer", "missing");
    fails("cas:\n  - name: a\n    certificate: ca.pem\n    signer: {keystore: signer.p12,"
        + " password-env: X, key: ocsp.key}\n", "cas[0].signer.key", "keystore");
    fails("cas: []\n", "cas", "at least one CA");
    fails("server: {port: 1}\n", "cas", "missing");
    fails("cas:\n  - name: 'bad name!'\n", "cas[0].name", "(got 'bad name!')");
    fails("cas:\n  - name: a\n    name: b\n", "not valid YAML", "duplicate");
    fails("cas: [\n", "not valid YAML");
    fails("", "empty");
  }

  @Test
  void aMissingFileIsNamed() {
    Path nowhere = dir.resolve("nowhere.yaml");
    assertThatThrownBy(() -> ConfigReader.read(nowhere)).isInstanceOf(ConfigException.class)
        .hasMessage(nowhere + ": no such configuration file");
  }

  @Test
  void durationsInShortAndIsoForms() {
    assertThat(ConfigReader.parseDuration("250ms")).hasValue(Duration.ofMillis(250));
    assertThat(ConfigReader.parseDuration("90s")).hasValue(Duration.ofSeconds(90));
    assertThat(ConfigReader.parseDuration("5m")).hasValue(Duration.ofMinutes(5));
    assertThat(ConfigReader.parseDuration("6H")).hasValue(Duration.ofHours(6));
    assertThat(ConfigReader.parseDuration("1d")).hasValue(Duration.ofDays(1));
    assertThat(ConfigReader.parseDuration("PT10M")).hasValue(Duration.ofMinutes(10));
    assertThat(ConfigReader.parseDuration("10 minutes")).isEmpty();
    assertThat(ConfigReader.parseDuration("-5s")).isEmpty();
  }
}
