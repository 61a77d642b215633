package dev.certstatus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.core.HashAlgorithm;
import dev.certstatus.jdbc.IssuerMatch;
import dev.certstatus.jdbc.SerialEncoding;
import dev.certstatus.jdbc.StatusCodes;
import dev.certstatus.jdbc.TableMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    ServerConfig.Jdbc jdbc = ca.jdbc().orElseThrow();
    assertThat(jdbc.url()).isEqualTo("jdbc:postgresql://127.0.0.1/ca");
    assertThat(jdbc.user()).contains("ocsp");
    assertThat(jdbc.passwordEnv()).contains("OCSP_DB_PASSWORD");
    assertThat(jdbc.mapping()).hasToString(TableMapping.ejbca().toBuilder()
        .issuerColumn("cAFingerprint", IssuerMatch.byCaFingerprint("SHA-1")).build()
        .toString());
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

  private TableMapping mapping(String jdbc) throws IOException {
    ServerConfig c = ConfigReader.read(config("cas:\n  - name: a\n    certificate: ca.pem\n"
        + "    key: ca.key\n    jdbc:\n" + jdbc.indent(6)));
    return c.cas().get(0).jdbc().orElseThrow().mapping();
  }

  @Test
  void aJdbcPresetIsTheDefaultAndTakesATable() throws IOException {
    TableMapping plain = mapping("url: 'jdbc:h2:mem:x'\n");
    assertThat(plain).hasToString(TableMapping.certstatus().toString());
    TableMapping replica = mapping("url: 'jdbc:h2:mem:x'\npreset: EJBCA\n"
        + "table: replica.CertificateData\n");
    assertThat(replica.table()).isEqualTo("replica.CertificateData");
    assertThat(replica).hasToString(TableMapping.ejbca("replica.CertificateData").toString());
  }

  @Test
  void aMappingAdjustsThePresetColumnByColumn() throws IOException {
    TableMapping m = mapping(String.join("\n",
        "url: 'jdbc:h2:mem:x'",
        "preset: ejbca",
        "mapping:",
        "  serial-encoding: hex-upper",
        "  issuer-match: key-hash",
        "  issuer-digest: sha-256",
        "  not-before: none",
        "  invalidity-date: none",
        "  status-codes: {active: [20], revoked: [40, 41], archived: 60}",
        "  fingerprint-digest: SHA-256",
        "  change-overlap: 5000",
        ""));
    assertThat(m.serialColumn()).isEqualTo("serialNumber");
    assertThat(m.serialEncoding()).isEqualTo(SerialEncoding.HEX_UPPER);
    assertThat(m.issuerColumn()).isEqualTo("issuerDN");
    assertThat(m.issuerMatch()).isEqualTo(IssuerMatch.byKeyHash(HashAlgorithm.SHA256));
    assertThat(m.notBeforeColumn()).isEmpty();
    assertThat(m.invalidityDateColumn()).isEmpty();
    assertThat(m.notAfterColumn()).contains("expireDate");
    assertThat(m.statusColumn()).contains("status");
    assertThat(m.statusCodes()).contains(new StatusCodes(Set.of(20), Set.of(40, 41),
        Set.of(60)));
    assertThat(m.fingerprintColumn()).contains("fingerprint");
    assertThat(m.fingerprintDigest()).contains("SHA-256");
    assertThat(m.changeColumn()).contains("updateTime");
    assertThat(m.changeOverlap()).isEqualTo(5000);
    assertThat(m.notRevokedReason()).contains(-1);
  }

  @Test
  void presetNoneTakesTheWholeLayoutFromTheMapping() throws IOException {
    TableMapping m = mapping(String.join("\n",
        "url: 'jdbc:h2:mem:x'",
        "preset: none",
        "table: ca.issued",
        "mapping:",
        "  serial: sn",
        "  serial-encoding: bytes",
        "  issuer: ca_id",
        "  issuer-match: ca-fingerprint",
        "  issuer-digest: SHA-256",
        "  not-after: expires_ms",
        "  revocation-time: revoked_ms",
        "  status: state",
        "  status-codes: {active: [1], revoked: [2]}",
        "  change: version",
        ""));
    assertThat(m.table()).isEqualTo("ca.issued");
    assertThat(m.serialColumn()).isEqualTo("sn");
    assertThat(m.serialEncoding()).isEqualTo(SerialEncoding.BYTES);
    assertThat(m.issuerMatch()).isEqualTo(IssuerMatch.byCaFingerprint("SHA-256"));
    assertThat(m.notBeforeColumn()).isEmpty();
    assertThat(m.notAfterColumn()).contains("expires_ms");
    assertThat(m.revocationTimeColumn()).isEqualTo("revoked_ms");
    assertThat(m.revocationReasonColumn()).isEmpty();
    assertThat(m.statusCodes()).contains(new StatusCodes(Set.of(1), Set.of(2), Set.of()));
    assertThat(m.fingerprintColumn()).isEmpty();
    assertThat(m.changeColumn()).contains("version");
    assertThat(m.changeOverlap()).isEqualTo(60_000);
  }

  @Test
  void mappingErrorsNameTheKeyAndTheValue() throws IOException {
    String ca = "cas:\n  - name: a\n    certificate: ca.pem\n    key: ca.key\n    jdbc:\n"
        + "      url: 'jdbc:h2:mem:x'\n";
    fails(ca + "      preset: oracle\n", "cas[0].jdbc.preset", "default, ejbca, none",
        "(got 'oracle')");
    fails(ca + "      table: 'certs; DROP TABLE x'\n", "cas[0].jdbc.table",
        "not a plain SQL identifier");
    fails(ca + "      preset: none\n      mapping: {serial: sn}\n", "cas[0].jdbc.table",
        "preset none");
    fails(ca + "      preset: none\n      table: t\n", "cas[0].jdbc.mapping", "preset none");
    fails(ca + "      preset: none\n      table: t\n      mapping: {serial: sn}\n",
        "cas[0].jdbc.mapping.serial-encoding", "missing");
    fails(ca + "      preset: none\n      table: t\n      mapping: {serial: sn,"
        + " serial-encoding: hex, issuer: i, issuer-match: dn}\n", "cas[0].jdbc.mapping",
        "no revocation time column");
    fails(ca + "      mapping: {serial: 'sn OR 1=1'}\n", "cas[0].jdbc.mapping.serial",
        "not a plain SQL identifier", "(got 'sn OR 1=1')");
    fails(ca + "      mapping: {serial-encoding: base64}\n",
        "cas[0].jdbc.mapping.serial-encoding", "hex, hex-upper, decimal, bytes");
    fails(ca + "      mapping: {issuer-match: key-hash}\n", "cas[0].jdbc.mapping.issuer-digest",
        "missing", "SHA-256");
    fails(ca + "      mapping: {issuer-match: key-hash, issuer-digest: MD5}\n",
        "cas[0].jdbc.mapping.issuer-digest", "SHA-1, SHA-256", "(got 'MD5')");
    fails(ca + "      mapping: {issuer-match: ca-fingerprint, issuer-digest: SHA-7}\n",
        "cas[0].jdbc.mapping.issuer-digest", "unknown CA fingerprint digest");
    fails(ca + "      mapping: {issuer-match: dn, issuer-digest: SHA-1}\n",
        "cas[0].jdbc.mapping.issuer-digest", "not with issuer-match dn");
    fails(ca + "      mapping: {issuer-digest: SHA-1}\n", "cas[0].jdbc.mapping.issuer-digest",
        "only with issuer-match");
    fails(ca + "      mapping: {status: state}\n", "cas[0].jdbc.mapping.status-codes",
        "missing");
    fails(ca + "      mapping: {status-codes: {active: [1]}}\n",
        "cas[0].jdbc.mapping.status", "missing");
    fails(ca + "      preset: ejbca\n      mapping: {status-codes: {active: [40],"
        + " revoked: [40]}}\n", "cas[0].jdbc.mapping.status-codes", "status value 40");
    fails(ca + "      preset: ejbca\n      mapping: {status-codes: {revoked: [x]}}\n",
        "cas[0].jdbc.mapping.status-codes.revoked[0]", "whole number");
    fails(ca + "      preset: ejbca\n      mapping: {status: none, status-codes: {revoked:"
        + " [2]}}\n", "cas[0].jdbc.mapping.status-codes", "no status column");
    fails(ca + "      mapping: {revocation-reason: none, not-revoked-reason: -1}\n",
        "cas[0].jdbc.mapping.not-revoked-reason", "no revocation-reason column");
    fails(ca + "      mapping: {fingerprint-digest: SHA-0}\n",
        "cas[0].jdbc.mapping.fingerprint-digest", "unknown fingerprint digest");
    fails(ca + "      mapping: {change-overlap: -5}\n", "cas[0].jdbc.mapping.change-overlap",
        "from 0");
    fails(ca + "      mapping: {colour: blue}\n", "cas[0].jdbc.mapping.colour", "unknown key");
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
