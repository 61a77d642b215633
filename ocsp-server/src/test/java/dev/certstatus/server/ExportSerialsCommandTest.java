package dev.certstatus.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export-serials}: an atomic issued-serial directory that {@code check} then reads. */
class ExportSerialsCommandTest {

  @TempDir
  Path dir;

  @Test
  void exportsFromAnIndexAndFromCertificatesAndCheckReadsTheResult() throws Exception {
    TestCaFiles pki = new TestCaFiles(dir, 3);
    Path link = dir.resolve("exported");
    CheckCommandTest.Run r = CheckCommandTest.run("export-serials", "--from-index",
        pki.path("index.txt").toString(), "--to", link.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("exported " + pki.ca.issuedSerials().size() + " serials");
    assertThat(Files.isSymbolicLink(link)).isTrue();

    Map<String, Object> good = CheckCommandTest.run("check", "--issuer",
        pki.path("ca.pem").toString(), "--cert", pki.path("good.pem").toString(), "--crl",
        pki.path("ca.crl").toString(), "--serial-dir", link.toString(), "--json").json();
    assertThat(good).containsEntry("status", "GOOD");
    Map<String, Object> forged = CheckCommandTest.run("check", "--issuer",
        pki.path("ca.pem").toString(), "--cert", pki.path("forged.pem").toString(), "--crl",
        pki.path("ca.crl").toString(), "--serial-dir", link.toString(), "--json").json();
    assertThat(forged).containsEntry("status", "UNKNOWN").containsEntry("reason", "NOT_ISSUED");

    Path certs = Files.createDirectories(dir.resolve("certs"));
    Files.copy(pki.path("good.pem"), certs.resolve("good.pem"));
    CheckCommandTest.Run fromCerts = CheckCommandTest.run("export-serials", "--from-certs",
        certs.toString(), "--to", link.toString());
    assertThat(fromCerts.code()).as(fromCerts.err()).isZero();
    assertThat(fromCerts.out()).startsWith("exported 1 serials");
  }

  @Test
  void aRealFolderAsTargetOrAMissingSourceIsAUsageError() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path index = Files.writeString(dir.resolve("index.txt"), "");
    CheckCommandTest.Run r = CheckCommandTest.run("export-serials", "--from-index",
        index.toString(), "--to", real.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("--to", "real folder");
    CheckCommandTest.Run missing = CheckCommandTest.run("export-serials", "--from-index",
        dir.resolve("nowhere.txt").toString(), "--to", dir.resolve("x").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("--from-index", "nowhere.txt");
    Path bad = Files.writeString(dir.resolve("bad-index.txt"), "garbage line\n");
    CheckCommandTest.Run malformed = CheckCommandTest.run("export-serials", "--from-index",
        bad.toString(), "--to", dir.resolve("y").toString());
    assertThat(malformed.code()).isEqualTo(2);
    assertThat(malformed.err()).contains("bad-index.txt");
  }
}
