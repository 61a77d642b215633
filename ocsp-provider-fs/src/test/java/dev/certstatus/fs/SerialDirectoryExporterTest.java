package dev.certstatus.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.certstatus.testkit.TestClock;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.Role;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.testkit.OpenSsl;
import dev.certstatus.testkit.PkiFiles;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerialDirectoryExporterTest {

  private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");

  @TempDir
  Path dir;

  private final TestClock clock = TestClock.at(START);

  private static List<SerialNumber> range(long from, long to) {
    return LongStream.range(from, to).mapToObj(SerialNumber::of).collect(Collectors.toList());
  }

  private Set<SerialNumber> read(Path link) throws IOException {
    Set<SerialNumber> got = new HashSet<>();
    new SerialDirectoryScanner(List.of(link), clock).scan(got::add);
    return got;
  }

  private Set<String> siblings() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  @Test
  void anExportIsADirectoryBehindALinkWithOneFilePerSerialAndAMarker() throws IOException {
    Path link = dir.resolve("issued");

    SerialDirectoryExporter.Export export = new SerialDirectoryExporter(link, clock)
        .export(List.of(SerialNumber.of(0x0a), SerialNumber.parseHex("00ff"),
            SerialNumber.of(0x0a)));

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(link.toRealPath()).isEqualTo(export.directory().toRealPath());
    assertThat(export.serials()).isEqualTo(2);
    assertThat(export.exportedAt()).isEqualTo(START);
    try (Stream<Path> files = Files.list(export.directory())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("0A", "FF", SerialDirectoryScanner.MARKER_FILE);
    }
    DirectoryScan scan = new SerialDirectoryScanner(List.of(link), clock).scan(s -> { });
    assertThat(scan.completeAsOf()).isEqualTo(START);
    assertThat(scan.ignored().unexpected()).isZero();
  }

  @Test
  void aNewExportSwitchesTheLinkKeepsThePreviousDirectoryAndDeletesOlderOnes()
      throws IOException {
    Path link = dir.resolve("issued");
    SerialDirectoryExporter exporter = new SerialDirectoryExporter(link, clock);
    Path first = exporter.export(range(1, 3)).directory();
    clock.advance(Duration.ofHours(4));
    Path second = exporter.export(range(1, 4)).directory();
    clock.advance(Duration.ofHours(4));
    Path third = exporter.export(range(1, 5)).directory();

    assertThat(read(link)).isEqualTo(new HashSet<>(range(1, 5)));
    assertThat(Files.exists(first)).isFalse();
    assertThat(Files.exists(second)).isTrue();
    assertThat(siblings()).containsExactlyInAnyOrder("issued",
        second.getFileName().toString(), third.getFileName().toString());
  }

  @Test
  void aRealDirectoryWhereTheLinkGoesIsRefused() throws IOException {
    Path real = Files.createDirectory(dir.resolve("issued"));

    assertThatThrownBy(() -> new SerialDirectoryExporter(real, clock).export(range(1, 2)))
        .isInstanceOf(IOException.class).hasMessageContaining(real.toString())
        .hasMessageContaining("real directory");
  }

  @Test
  void exportsTheIssuedRowsOfARealOpensslIndexAndItsCertificates() throws IOException {
    assumeTrue(OpenSsl.availableOrFailOnCi(), "openssl is not installed (and CI is not set)");
    RealOpenSslCa ca = RealOpenSslCa.create(dir.resolve("ca"), Duration.ofSeconds(60));
    String a = ca.issue("a");
    String b = ca.issue("b");
    ca.revoke(b, "-crl_reason", "keyCompromise");
    Set<SerialNumber> expected = Set.of(SerialNumber.parseHex(a), SerialNumber.parseHex(b));

    new SerialDirectoryExporter(dir.resolve("from-index"), clock).exportIndex(ca.index());
    new SerialDirectoryExporter(dir.resolve("from-certs"), clock)
        .exportCertificates(ca.newCerts());

    assertThat(read(dir.resolve("from-index"))).isEqualTo(expected);
    assertThat(read(dir.resolve("from-certs"))).isEqualTo(expected);
  }

  @Test
  void exportsTheCertificatesOfAFolderInPemAndDer() throws IOException {
    TestCa ca = TestPki.withSeed(3).rootCa("CN=Export CA").build();
    var one = ca.issue("CN=one").build();
    var two = ca.issue("CN=two").build();
    PkiFiles.writePem(dir.resolve("certs/one.pem"), one.certificate());
    PkiFiles.writeDer(dir.resolve("certs/two.cer"), two.certificate());
    Files.writeString(dir.resolve("certs/README"), "not a certificate, not read");

    new SerialDirectoryExporter(dir.resolve("issued"), clock)
        .exportCertificates(dir.resolve("certs"));

    assertThat(read(dir.resolve("issued"))).containsExactlyInAnyOrder(
        SerialNumber.of(one.serial()), SerialNumber.of(two.serial()));
  }

  @Test
  void aBrokenSourceLeavesThePreviousExportInPlace() throws IOException {
    Path link = dir.resolve("issued");
    SerialDirectoryExporter exporter = new SerialDirectoryExporter(link, clock);
    exporter.export(range(1, 3));
    Path index = Files.writeString(dir.resolve("index.txt"),
        "V\t270101000000Z\t\t05\tunknown\t/CN=ok\nV\tnonsense\t\t06\tunknown\t/CN=bad\n");
    Path certs = Files.createDirectory(dir.resolve("certs"));
    Files.writeString(certs.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n");

    assertThatThrownBy(() -> exporter.exportIndex(index)).isInstanceOf(IOException.class)
        .hasMessageContaining("index.txt:2");
    assertThatThrownBy(() -> exporter.exportCertificates(certs)).isInstanceOf(IOException.class)
        .hasMessageContaining("broken.pem");
    assertThat(read(link)).isEqualTo(new HashSet<>(range(1, 3)));
    assertThat(siblings()).filteredOn(n -> n.startsWith("issued.")).hasSize(1);
  }

  @Test
  void lookupsDuringRepeatedExportsNeverAnswerFromAPartialSet(
      @TempDir(factory = MemoryBackedTempDir.class) Path shared) throws Exception {
    IssuerId issuer = IssuerId.of(TestPki.withSeed(9).rootCa("CN=Busy CA").build()
        .certificate());
    Path link = shared.resolve("issued");
    SerialDirectoryExporter exporter = new SerialDirectoryExporter(link, clock);
    // Every export holds the 1,000 serials issued so far, and some new ones.
    exporter.export(range(0, 1000));
    try (IssuedSerialFileProvider provider = IssuedSerialFileProvider.directories("busy",
        issuer, List.of(link)).clock(clock).scheduled(false).maxShrink(1.0).build()) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<String> wrong = new AtomicReference<>();
      AtomicLong lookups = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        long offset = t * 997;
        threads.add(new Thread(() -> {
          long i = offset;
          while (!stop.get() && wrong.get() == null) {
            SerialNumber s = SerialNumber.of(i++ % 1000);
            Finding f = provider.find(Role.ISSUANCE, StatusQuery.of(issuer, s, START));
            if (!(f instanceof Finding.Issued)) {
              wrong.set(s + " answered " + f);
            }
            if (lookups.incrementAndGet() % 1000 == 0) {
              Thread.yield(); // leave the exporter some of a loaded machine's two cores
            }
          }
        }));
      }
      threads.add(new Thread(() -> {
        while (!stop.get()) {
          provider.reload();
          Thread.yield();
        }
      }));
      threads.forEach(Thread::start);
      for (int round = 1; round <= 8; round++) {
        exporter.export(range(0, 1000 + round * 50));
      }
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }

      assertThat(wrong.get()).isNull();
      assertThat(lookups.get()).isPositive();
      assertThat(provider.reload().status()).isEqualTo(ReloadOutcome.Status.SWAPPED);
      assertThat(provider.size()).isEqualTo(1400);
      assertThat(provider.state().failedReloads()).isZero();
    }
  }
}
