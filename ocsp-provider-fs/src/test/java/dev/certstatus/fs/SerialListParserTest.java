package dev.certstatus.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.Validity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerialListParserTest {

  @TempDir
  Path dir;

  private final Map<SerialNumber, Optional<Validity>> got = new LinkedHashMap<>();

  private SerialList parse(String content) throws IOException {
    Path file = dir.resolve("serials.txt");
    Files.writeString(file, content);
    return SerialListParser.parse(file, got::put);
  }

  @Test
  void readsOneSerialPerLineWithCommentsAndBlankLines() throws IOException {
    SerialList list = parse("# exported 2026-11-25\n\n01A2B3\n  7f  \n0a:bc:de # trailing\n"
        + "'1C'\r\nABC");

    assertThat(got.keySet()).containsExactly(SerialNumber.parseHex("01a2b3"),
        SerialNumber.of(0x7f), SerialNumber.parseHex("0abcde"), SerialNumber.of(0x1c),
        SerialNumber.parseHex("0abc"));
    assertThat(got.values()).allMatch(Optional::isEmpty);
    assertThat(list.lines()).isEqualTo(7);
    assertThat(list.serials()).isEqualTo(5);
    assertThat(list.problemCount()).isZero();
  }

  @Test
  void optionalValidityColumnsInIsoOrAsn1Form() throws IOException {
    parse("01\t2026-01-01T00:00:00Z\t2027-01-01T00:00:00Z\n"
        + "02,20260101000000Z,270101000000Z\n03   2026-01-01T00:00:00Z  2027-01-01T00:00:00Z\n");

    Validity year = new Validity(Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(got).containsEntry(SerialNumber.of(1), Optional.of(year))
        .containsEntry(SerialNumber.of(2), Optional.of(year))
        .containsEntry(SerialNumber.of(3), Optional.of(year));
  }

  @Test
  void malformedLinesAreReportedByNumberAndDoNotPoisonTheRest() throws IOException {
    SerialList list = parse("01\nnot-a-serial\n02 2026-01-01T00:00:00Z\n"
        + "03 2027-01-01T00:00:00Z 2026-01-01T00:00:00Z\n04 2026-13-01T00:00:00Z 2027\n05\n");

    assertThat(got.keySet()).containsExactly(SerialNumber.of(1), SerialNumber.of(5));
    assertThat(list.problemCount()).isEqualTo(4);
    assertThat(list.problems()).extracting(LineProblem::line).containsExactly(2L, 3L, 4L, 5L);
    assertThat(list.problems().get(0).toString()).startsWith(dir.resolve("serials.txt") + ":2: ")
        .contains("not-a-serial");
    assertThat(list.problems().get(1).message()).contains("got 2 fields");
    assertThat(list.problems().get(2).message()).contains("before notBefore");
  }

  @Test
  void bytesThatAreNotUtf8AreAProblemOnTheirLineOnly() throws IOException {
    Path file = dir.resolve("binary.txt");
    Files.write(file, new byte[] {'0', '1', '\n', (byte) 0xff, (byte) 0xfe, '\n', '0', '2', '\n'});

    SerialList list = SerialListParser.parse(file, got::put);

    assertThat(got.keySet()).containsExactly(SerialNumber.of(1), SerialNumber.of(2));
    assertThat(list.problems()).extracting(LineProblem::line).containsExactly(2L);
  }

  @Test
  void problemsKeptAreCappedButAllCounted() throws IOException {
    SerialList list = parse("zz\n".repeat(1000));

    assertThat(list.problemCount()).isEqualTo(1000);
    assertThat(list.problems()).hasSize(SerialList.MAX_PROBLEMS);
  }

  @Test
  void aMissingFileFailsNamingIt() {
    Path missing = dir.resolve("nope.txt");

    assertThatThrownBy(() -> SerialListParser.parse(missing, got::put))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing.toString());
  }

  @Test
  void theBareLinePathReadsWhatTheGeneralPathReads() throws IOException {
    StringBuilder text = new StringBuilder("# header\n\n");
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 20_000; i++) {
      String hex = new java.math.BigInteger(64 + random.nextInt(96), random).toString(16);
      switch (i % 7) {
        case 0 -> text.append(hex.toUpperCase()).append("\r\n");
        case 1 -> text.append("'").append(hex).append("'\n");
        case 2 -> text.append(hex).append(" # note\n");
        case 3 -> text.append(hex).append(" 2026-01-01T00:00:00Z 2027-01-01T00:00:00Z\n");
        case 4 -> text.append("zz").append(hex).append('\n');
        default -> text.append(hex).append('\n');
      }
    }
    text.append("ab".repeat(40)).append('\n').append("0FF"); // too long, then no final newline
    Path file = dir.resolve("mixed.txt");
    Files.writeString(file, text);

    SerialList general = SerialListParser.parse(file, got::put);
    dev.certstatus.serial.SerialSet.Builder bare = dev.certstatus.serial.SerialSet.builder();
    Map<SerialNumber, Optional<Validity>> others = new LinkedHashMap<>();
    SerialList fast = SerialListParser.parse(file, bare, others::put);
    java.util.Set<SerialNumber> union = new java.util.HashSet<>(others.keySet());
    bare.build().forEach(union::add);

    assertThat(union).isEqualTo(got.keySet());
    assertThat(got).containsAllEntriesOf(others);
    assertThat(fast.lines()).isEqualTo(general.lines());
    assertThat(fast.serials()).isEqualTo(general.serials());
    assertThat(fast.problemCount()).isEqualTo(general.problemCount()).isPositive();
    assertThat(fast.problems()).isEqualTo(general.problems());
    assertThat(others.values()).filteredOn(Optional::isPresent).isNotEmpty();
  }
}
