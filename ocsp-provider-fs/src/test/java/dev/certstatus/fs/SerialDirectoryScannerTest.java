package dev.certstatus.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.core.SerialNumber;
import dev.certstatus.testkit.PkiFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerialDirectoryScannerTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir
  Path dir;

  private static Set<SerialNumber> serials(String... hex) {
    Set<SerialNumber> set = new HashSet<>();
    for (String h : hex) {
      set.add(SerialNumber.parseHex(h));
    }
    return set;
  }

  private static List<SerialNumber> scan(SerialDirectoryScanner scanner) throws IOException {
    List<SerialNumber> got = new ArrayList<>();
    scanner.scan(got::add);
    return got;
  }

  private static void touch(Path directory, String... names) throws IOException {
    Files.createDirectories(directory);
    for (String name : names) {
      Files.createFile(directory.resolve(name));
    }
  }

  @Test
  void fileNamesAreHexSerialsInAnyCaseOddLengthQuotedOrPadded() throws IOException {
    touch(dir, "0A1B", "c2d", "\"7F\"", " 1C ", "00ff", "DEADBEEFCAFEBABE0123456789ABCDEF");

    DirectoryScan scan = new SerialDirectoryScanner(List.of(dir), CLOCK).scan(s -> { });
    List<SerialNumber> got = scan(new SerialDirectoryScanner(List.of(dir), CLOCK));

    assertThat(new HashSet<>(got)).isEqualTo(
        serials("0a1b", "0c2d", "7f", "1c", "ff", "deadbeefcafebabe0123456789abcdef"));
    assertThat(scan.serialFiles()).isEqualTo(6);
    assertThat(scan.ignored()).isEqualTo(IgnoredEntries.NONE);
  }

  @Test
  void fileContentIsIgnored() throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("1234"), "not empty, still a serial");

    assertThat(scan(new SerialDirectoryScanner(List.of(dir), CLOCK))).containsExactly(
        SerialNumber.of(0x1234));
  }

  @Test
  void subdirectoriesDotFilesTemporaryFilesAndJunkAreCountedNotServed() throws IOException {
    touch(dir, "0A", ".hidden", ".export-complete.tmp", "~lock", "0B.tmp", "report.txt",
        "xyz", "Thumbs.db");
    Files.createDirectory(dir.resolve("ABCD"));
    Files.createDirectory(dir.resolve("old"));

    DirectoryScan scan = new SerialDirectoryScanner(List.of(dir), CLOCK).scan(s -> { });

    assertThat(scan(new SerialDirectoryScanner(List.of(dir), CLOCK))).containsExactly(
        SerialNumber.of(0x0a));
    IgnoredEntries ignored = scan.ignored();
    assertThat(ignored.subdirectories()).isEqualTo(1); // "old" is junk by name already
    assertThat(ignored.dotFiles()).isEqualTo(2);
    assertThat(ignored.temporaryFiles()).isEqualTo(2);
    assertThat(ignored.notSerials()).isEqualTo(4);
    assertThat(ignored.unexpected()).isEqualTo(7);
    assertThat(ignored.examples()).hasSize(IgnoredEntries.MAX_EXAMPLES)
        .noneMatch(n -> n.startsWith("."));
    assertThat(ignored.toString()).contains("1 subdirectories", "4 names that are not serials");
  }

  @Test
  void severalDirectoriesAreReadAsTheirUnion() throws IOException {
    touch(dir.resolve("a"), "01", "02");
    touch(dir.resolve("b"), "02", "03");

    DirectoryScan scan = new SerialDirectoryScanner(List.of(dir.resolve("a"), dir.resolve("b")),
        CLOCK).scan(s -> { });

    assertThat(new HashSet<>(scan(new SerialDirectoryScanner(
        List.of(dir.resolve("a"), dir.resolve("b")), CLOCK)))).isEqualTo(serials("1", "2", "3"));
    assertThat(scan.serialFiles()).isEqualTo(4);
    assertThat(scan.directories()).extracting(ScannedDirectory::serialFiles)
        .containsExactly(2L, 2L);
  }

  @Test
  void aMissingDirectoryFailsTheScanAndNamesIt() {
    Path missing = dir.resolve("gone");

    assertThatThrownBy(() -> new SerialDirectoryScanner(List.of(missing), CLOCK).scan(s -> { }))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing.toString());
  }

  @Test
  void aFileWhereTheDirectoryShouldBeFailsTheScan() throws IOException {
    Path file = Files.createFile(dir.resolve("serials"));

    assertThatThrownBy(() -> new SerialDirectoryScanner(List.of(file), CLOCK).scan(s -> { }))
        .isInstanceOf(IOException.class).hasMessageContaining(file.toString());
  }

  @Test
  void completeAsOfIsTheScanTimeWithoutMarkerAndTheMarkerTimeWithOne() throws IOException {
    touch(dir.resolve("plain"), "01");
    touch(dir.resolve("exported"), "02");
    Instant exported = NOW.minusSeconds(3600);
    Files.writeString(dir.resolve("exported").resolve(SerialDirectoryScanner.MARKER_FILE),
        exported + "\n");

    DirectoryScan plain = new SerialDirectoryScanner(List.of(dir.resolve("plain")), CLOCK)
        .scan(s -> { });
    DirectoryScan both = new SerialDirectoryScanner(
        List.of(dir.resolve("plain"), dir.resolve("exported")), CLOCK).scan(s -> { });

    assertThat(plain.completeAsOf()).isEqualTo(NOW);
    assertThat(plain.directories().get(0).exportedAt()).isEmpty();
    assertThat(both.completeAsOf()).isEqualTo(exported);
    assertThat(both.startedAt()).isEqualTo(NOW);
  }

  @Test
  void aMarkerFromTheFutureDoesNotExtendCompleteness() throws IOException {
    touch(dir, "01");
    Files.writeString(dir.resolve(SerialDirectoryScanner.MARKER_FILE), "2030-01-01T00:00:00Z");

    assertThat(new SerialDirectoryScanner(List.of(dir), CLOCK).scan(s -> { }).completeAsOf())
        .isEqualTo(NOW);
  }

  @Test
  void anUnreadableMarkerFailsTheScan() throws IOException {
    touch(dir, "01");
    Files.writeString(dir.resolve(SerialDirectoryScanner.MARKER_FILE), "yesterday-ish");

    assertThatThrownBy(() -> new SerialDirectoryScanner(List.of(dir), CLOCK).scan(s -> { }))
        .isInstanceOf(IOException.class).hasMessageContaining("yesterday-ish")
        .hasMessageContaining(SerialDirectoryScanner.MARKER_FILE);
  }

  @Test
  void aSymbolicLinkIsResolvedOnceAndTheRealDirectoryRead() throws IOException {
    touch(dir.resolve("export-1"), "0A");
    Path link = Files.createSymbolicLink(dir.resolve("current"), dir.resolve("export-1"));

    DirectoryScan scan = new SerialDirectoryScanner(List.of(link), CLOCK).scan(s -> { });

    assertThat(scan.directories().get(0).configured()).isEqualTo(link);
    assertThat(scan.directories().get(0).resolved())
        .isEqualTo(dir.resolve("export-1").toRealPath());
  }

  @Test
  void aDirectoryDeletedAndRecreatedIsReadAfresh() throws IOException {
    Path serials = dir.resolve("serials");
    touch(serials, "01", "02");
    SerialDirectoryScanner scanner = new SerialDirectoryScanner(List.of(serials), CLOCK);
    assertThat(scan(scanner)).hasSize(2);

    Files.delete(serials.resolve("01"));
    Files.delete(serials.resolve("02"));
    Files.delete(serials);
    assertThatThrownBy(() -> scanner.scan(s -> { })).isInstanceOf(NoSuchFileException.class);

    touch(serials, "03");
    assertThat(scan(scanner)).containsExactly(SerialNumber.of(3));
  }

  @Test
  void aHundredThousandFileDirectoryIsReadExactly(
      @TempDir(factory = MemoryBackedTempDir.class) Path big) throws IOException {
    Random random = new Random(5);
    Set<BigInteger> written = new HashSet<>();
    while (written.size() < 100_000) {
      written.add(new BigInteger(128, random));
    }
    PkiFiles.writeSerialDirectory(big, written);
    Set<SerialNumber> expected = new HashSet<>();
    written.forEach(b -> expected.add(SerialNumber.of(b)));

    List<SerialNumber> got = scan(new SerialDirectoryScanner(List.of(big), CLOCK));

    assertThat(got).hasSize(100_000);
    assertThat(new HashSet<>(got)).isEqualTo(expected);
  }
}
