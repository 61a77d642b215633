package dev.certstatus.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.Role;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.testkit.ReadmeSnippets;
import dev.certstatus.testkit.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SerialSet example for README.md, compiled and run. */
class SerialSetReadmeExampleTest {

  static final Path SOURCE =
      Path.of("src/test/java/dev/certstatus/serial/SerialSetReadmeExampleTest.java");
  static final Path README = Path.of("../README.md");

  @Test
  void theExampleServesASnapshotOfIssuedSerials() {
    X509Certificate caCertificate =
        TestPki.withSeed(1).rootCa("CN=Example CA").build().certificate();

    // readme:begin
    SerialSet.Builder serials = SerialSet.builder();
    for (String hex : List.of("1001", "1002", "7f3a9c0d5e21b4a8c6f0e9d8b7a65432")) {
      serials.add(SerialNumber.parseHex(hex)); // any order, duplicates allowed
    }
    SerialSet set = serials.build();
    boolean known = set.contains(SerialNumber.parseHex("1001")); // exact, allocates nothing

    IssuedSerialProvider issued =
        IssuedSerialProvider.builder("issued", IssuerId.of(caCertificate)).build();
    Instant exported = Instant.now();
    issued.swap(IssuedSerialSnapshot.of(set, DataVersion.of("export " + exported, exported,
        exported.plus(Duration.ofHours(8)))));
    // readme:end

    IssuerId ca = IssuerId.of(caCertificate);
    assertThat(known).isTrue();
    assertThat(set.size()).isEqualTo(3);
    assertThat(issued.find(Role.ISSUANCE, StatusQuery.of(ca, SerialNumber.parseHex("1002"),
        exported))).isInstanceOf(Finding.Issued.class);
    assertThat(issued.find(Role.ISSUANCE, StatusQuery.of(ca, SerialNumber.parseHex("1003"),
        exported))).isInstanceOf(Finding.NotIssued.class);
  }

  @Test
  void theReadmeQuotesTheExampleAsCompiledHere() throws IOException {
    assumeTrue(Files.readString(README).contains("<!-- example: serial-set -->"),
        "README.md has no serial-set example yet");
    assertThat(ReadmeSnippets.difference(README, "serial-set", SOURCE)).isNull();
  }
}
