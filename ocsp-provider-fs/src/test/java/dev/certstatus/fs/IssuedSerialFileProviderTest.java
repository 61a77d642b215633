package dev.certstatus.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certstatus.testkit.TestClock;
import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.Role;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.core.Validity;
import dev.certstatus.testkit.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuedSerialFileProviderTest {

  private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");
  private static final TestPki PKI = TestPki.withSeed(41);
  private static final IssuerId CA = IssuerId.of(PKI.rootCa("CN=Files CA").build().certificate());
  private static final IssuerId OTHER =
      IssuerId.of(PKI.rootCa("CN=Other CA").build().certificate());

  @TempDir
  Path dir;

  private final TestClock clock = TestClock.at(START);

  private static void touch(Path directory, long from, long to) throws IOException {
    Files.createDirectories(directory);
    for (long s = from; s < to; s++) {
      Files.createFile(directory.resolve(SerialNumber.of(s).toHex().toUpperCase()));
    }
  }

  private static void delete(Path directory, long from, long to) throws IOException {
    for (long s = from; s < to; s++) {
      Files.delete(directory.resolve(SerialNumber.of(s).toHex().toUpperCase()));
    }
  }

  private Finding find(IssuedSerialFileProvider p, long serial) {
    return p.find(Role.ISSUANCE, StatusQuery.of(CA, SerialNumber.of(serial), clock.instant()));
  }

  private IssuedSerialFileProvider.Builder directory(Path... dirs) {
    return IssuedSerialFileProvider.directories("issued", CA, List.of(dirs)).clock(clock)
        .scheduled(false);
  }

  @Test
  void answersIssuedNotIssuedAndNotCoveredFromTheDirectory() throws IOException {
    touch(dir, 1, 4);
    try (IssuedSerialFileProvider p = directory(dir).build()) {
      assertThat(find(p, 2)).isInstanceOf(Finding.Issued.class);
      assertThat(find(p, 9)).isInstanceOf(Finding.NotIssued.class);
      assertThat(p.find(Role.ISSUANCE, StatusQuery.of(OTHER, SerialNumber.of(2), START)))
          .isInstanceOf(Finding.NotCovered.class);
      DataVersion v = find(p, 2).version();
      assertThat(v.asOf()).contains(START);
      assertThat(v.freshUntil()).contains(START.plus(SnapshotSourceBuilder.DEFAULT_MAX_AGE));
      assertThat(v.label()).contains("3 serials");
      assertThat(p.size()).isEqualTo(3);
    }
  }

  @Test
  void severalDirectoriesServeTheirUnion() throws IOException {
    touch(dir.resolve("a"), 1, 3);
    touch(dir.resolve("b"), 3, 5);
    try (IssuedSerialFileProvider p = directory(dir.resolve("a"), dir.resolve("b")).build()) {
      assertThat(p.size()).isEqualTo(4);
      assertThat(find(p, 4)).isInstanceOf(Finding.Issued.class);
    }
  }

  @Test
  void aDeletedDirectoryKeepsTheLastGoodSetUntilItsMaximumAge() throws IOException {
    Path serials = dir.resolve("serials");
    touch(serials, 1, 4);
    try (IssuedSerialFileProvider p = directory(serials).maxAge(Duration.ofHours(6)).build()) {
      delete(serials, 1, 4);
      Files.delete(serials);
      clock.advance(Duration.ofHours(5));

      ReloadOutcome outcome = p.reload();

      assertThat(outcome.status()).isEqualTo(ReloadOutcome.Status.FAILED);
      assertThat(outcome.detail()).contains(serials.toString(), "does not exist");
      assertThat(find(p, 2)).isInstanceOf(Finding.Issued.class);
      assertThat(p.state().failedReloads()).isEqualTo(1);
      assertThat(p.state().lastFailure()).hasValueSatisfying(f -> assertThat(f)
          .contains(serials.toString()));

      clock.advance(Duration.ofHours(1).plusSeconds(1));
      assertThat(find(p, 2)).isInstanceOfSatisfying(Finding.Unavailable.class,
          u -> assertThat(u.cause()).contains("stale"));

      touch(serials, 1, 4);
      assertThat(p.reload().status()).isEqualTo(ReloadOutcome.Status.SWAPPED);
      assertThat(find(p, 2)).isInstanceOf(Finding.Issued.class);
    }
  }

  @Test
  void aFirstLoadThatFailsAnswersUnavailableUntilTheDirectoryAppears() throws IOException {
    Path later = dir.resolve("later");
    try (IssuedSerialFileProvider p = directory(later).build()) {
      assertThat(find(p, 1)).isInstanceOf(Finding.Unavailable.class);
      assertThat(p.state().lastFailure()).isPresent();

      touch(later, 1, 2);
      assertThat(p.reload().status()).isEqualTo(ReloadOutcome.Status.SWAPPED);
      assertThat(find(p, 1)).isInstanceOf(Finding.Issued.class);
    }
  }

  @Test
  void aShrinkBeyondTheGuardIsHeldBackUntilASecondScanConfirmsIt() throws IOException {
    touch(dir, 0, 100);
    try (IssuedSerialFileProvider p = directory(dir).build()) {
      delete(dir, 0, 11); // 11% fewer: more than the default 10%

      assertThat(p.reload().status()).isEqualTo(ReloadOutcome.Status.HELD_BACK);
      assertThat(find(p, 5)).isInstanceOf(Finding.Issued.class);
      assertThat(p.heldBack()).hasValueSatisfying(v -> assertThat(v.label())
          .contains("89 serials"));

      assertThat(p.reload().status()).isEqualTo(ReloadOutcome.Status.SWAPPED);
      assertThat(find(p, 5)).isInstanceOf(Finding.NotIssued.class);
      assertThat(p.heldBack()).isEmpty();
    }
  }

  @Test
  void aShrinkWithinTheGuardIsServedAtOnce() throws IOException {
    touch(dir, 0, 100);
    try (IssuedSerialFileProvider p = directory(dir).build()) {
      delete(dir, 0, 10);

      assertThat(p.reload().status()).isEqualTo(ReloadOutcome.Status.SWAPPED);
      assertThat(p.size()).isEqualTo(90);
    }
  }

  @Test
  void theWindowsScriptHalfWayThroughIsHeldBackAndItsCompletedExportServed() throws IOException {
    touch(dir, 0, 1000);
    try (IssuedSerialFileProvider p = directory(dir).build()) {
      // The script first deletes every file, then creates them again.
      delete(dir, 0, 1000);
      touch(dir, 0, 400);
      assertThat(p.reload().status()).isEqualTo(ReloadOutcome.Status.HELD_BACK);
      assertThat(find(p, 999)).isInstanceOf(Finding.Issued.class);

      touch(dir, 400, 1001);
      assertThat(p.reload().status()).isEqualTo(ReloadOutcome.Status.SWAPPED);
      assertThat(p.size()).isEqualTo(1001);
      assertThat(p.heldBack()).isEmpty();
    }
  }

  @Test
  void anOperatorCanAcceptAShrinkAtOnce() throws IOException {
    touch(dir, 0, 100);
    try (IssuedSerialFileProvider p = directory(dir).build()) {
      delete(dir, 0, 60);

      assertThat(p.reloadAcceptingShrink().status()).isEqualTo(ReloadOutcome.Status.SWAPPED);
      assertThat(p.size()).isEqualTo(40);
    }
  }

  @Test
  void completeAsOfIsTheExportersMarkerTime() throws IOException {
    Path link = dir.resolve("issued");
    Instant exported = START.minus(Duration.ofMinutes(30));
    new SerialDirectoryExporter(link, TestClock.at(exported))
        .export(List.of(SerialNumber.of(7)));
    try (IssuedSerialFileProvider p = directory(link).build()) {
      assertThat(find(p, 7).version().asOf()).contains(exported);
    }
  }

  @Test
  void aSerialListServesSerialsWithTheirValidity() throws IOException {
    Path list = dir.resolve("serials.txt");
    Files.writeString(list, "# test\n01\n02 2026-01-01T00:00:00Z 2027-01-01T00:00:00Z\nzz\n");
    Files.setLastModifiedTime(list, java.nio.file.attribute.FileTime.from(START.minusSeconds(60)));
    try (IssuedSerialFileProvider p = IssuedSerialFileProvider.serialList("list", CA, list)
        .clock(clock).scheduled(false).build()) {
      assertThat(find(p, 1)).isInstanceOfSatisfying(Finding.Issued.class,
          i -> assertThat(i.validity()).isEmpty());
      assertThat(find(p, 2)).isInstanceOfSatisfying(Finding.Issued.class,
          i -> assertThat(i.validity()).contains(new Validity(
              Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"))));
      assertThat(find(p, 3)).isInstanceOf(Finding.NotIssued.class);
      assertThat(find(p, 1).version().asOf()).contains(START.minusSeconds(60));
    }
  }

  @Test
  void aBareSerialListServesItsSerials() throws IOException {
    Path list = dir.resolve("bare.txt");
    Files.writeString(list, "0a\n0B\n0c # comment\n");
    try (IssuedSerialFileProvider p = IssuedSerialFileProvider.serialList("bare", CA, list)
        .clock(clock).scheduled(false).build()) {
      assertThat(p.size()).isEqualTo(3);
      assertThat(find(p, 0x0b)).isInstanceOfSatisfying(Finding.Issued.class,
          i -> assertThat(i.validity()).isEmpty());
      assertThat(find(p, 0x0d)).isInstanceOf(Finding.NotIssued.class);
    }
  }

  @Test
  void aFileChangeEventTriggersAReloadAfterTheQuietPeriod() throws Exception {
    touch(dir, 1, 2);
    try (IssuedSerialFileProvider p = IssuedSerialFileProvider.directories("watched", CA,
        List.of(dir)).clock(clock).reloadInterval(Duration.ofHours(1))
        .quietPeriod(Duration.ofMillis(100)).build()) {
      long before = p.generation();
      Thread.sleep(200); // let the watch register
      touch(dir, 2, 3);

      assertThat(waitFor(() -> p.generation() > before)).isTrue();
      assertThat(find(p, 2)).isInstanceOf(Finding.Issued.class);
    }
  }

  @Test
  void anExportSwitchingTheLinkIsSeenByTheWatch() throws Exception {
    Path link = dir.resolve("issued");
    SerialDirectoryExporter exporter = new SerialDirectoryExporter(link, clock);
    exporter.export(List.of(SerialNumber.of(1)));
    try (IssuedSerialFileProvider p = IssuedSerialFileProvider.directories("switched", CA,
        List.of(link)).clock(clock).reloadInterval(Duration.ofHours(1))
        .quietPeriod(Duration.ofMillis(100)).build()) {
      Thread.sleep(200); // let the watch register
      exporter.export(List.of(SerialNumber.of(1), SerialNumber.of(2)));

      assertThat(waitFor(() -> find(p, 2) instanceof Finding.Issued)).isTrue();
    }
  }

  @Test
  void theIntervalReloadsWithoutEvents() throws Exception {
    touch(dir, 1, 2);
    try (IssuedSerialFileProvider p = IssuedSerialFileProvider.directories("polled", CA,
        List.of(dir)).clock(clock).watch(false).reloadInterval(Duration.ofMillis(100)).build()) {
      touch(dir, 2, 3);

      assertThat(waitFor(() -> find(p, 2) instanceof Finding.Issued)).isTrue();
    }
  }

  @Test
  void closeStopsReloading() throws Exception {
    touch(dir, 1, 2);
    IssuedSerialFileProvider p = IssuedSerialFileProvider.directories("closed", CA,
        List.of(dir)).clock(clock).reloadInterval(Duration.ofMillis(50))
        .quietPeriod(Duration.ofMillis(50)).build();
    p.close();
    long generation = p.generation();
    touch(dir, 2, 3);
    Thread.sleep(500);

    assertThat(p.generation()).isEqualTo(generation);
    assertThat(find(p, 1)).isInstanceOf(Finding.Issued.class);
  }

  static boolean waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }
}
