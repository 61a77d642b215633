package dev.certstatus.benchmarks;

import dev.certstatus.core.SerialNumber;
import dev.certstatus.fs.DirectoryScan;
import dev.certstatus.fs.SerialDirectoryScanner;
import dev.certstatus.serial.IssuedSerialSet;
import dev.certstatus.serial.SerialSet;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scanning a Windows-style issued-serial directory of a million files, against
 * {@code find DIR -type f | wc -l} on the same directory (budget: at most 1.5x). One scan per
 * measurement. {@code countOnly} reads and parses every name; {@code intoIssuedSet} also builds
 * the {@link IssuedSerialSet} a provider serves (as {@code IssuedSerialFileProvider} does),
 * which is what a reload costs; {@code find} runs
 * the shell pipeline itself, so that the baseline is measured by the same harness in the same
 * session, on a machine whose load may change from minute to minute.
 *
 * <p>The directory is created on first use (random 16-byte serials, uppercase hex names, as a
 * Windows CA writes them) and reused; pass {@code -p directory=...} to measure another one.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DirectoryScanBenchmark {

  /** The directory. */
  @Param({"/tmp/certstatus-bench/serials-1m"})
  public String directory;

  /** How many serial files it must hold. */
  @Param({"1000000"})
  public int files;

  private SerialDirectoryScanner scanner;

  /**
   * Creates the directory if it holds fewer files than asked.
   *
   * @throws IOException if it cannot be written
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path dir = Path.of(directory);
    Files.createDirectories(dir);
    String[] present = new File(directory).list();
    int have = present == null ? 0 : present.length;
    Random random = new Random(20261125L);
    while (have < files) {
      byte[] serial = new byte[16];
      random.nextBytes(serial);
      serial[0] &= 0x7f;
      String name = SerialNumber.ofContentOctets(serial).toHex().toUpperCase(Locale.ROOT);
      if (!Files.exists(dir.resolve(name))) {
        Files.createFile(dir.resolve(name));
        have++;
      }
    }
    scanner = new SerialDirectoryScanner(List.of(dir), Clock.systemUTC());
  }

  /**
   * @return the number of serials found
   * @throws IOException if the scan fails
   */
  @Benchmark
  public long countOnly() throws IOException {
    LongAdder n = new LongAdder();
    DirectoryScan scan = scanner.scan(s -> n.increment());
    return scan.serialFiles() + n.sum();
  }

  /**
   * @return the count {@code find DIR -type f | wc -l} prints
   * @throws IOException if the shell cannot be run
   * @throws InterruptedException if interrupted while waiting for it
   */
  @Benchmark
  public long find() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", "find \"$0\" -type f | wc -l", directory)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    if (p.waitFor() != 0) {
      throw new IOException("find failed: " + out);
    }
    return Long.parseLong(out);
  }

  /**
   * @return the set a provider would serve
   * @throws IOException if the scan fails
   */
  @Benchmark
  public IssuedSerialSet intoIssuedSet() throws IOException {
    SerialSet.Builder b = SerialSet.builder();
    scanner.scan(b::add);
    return IssuedSerialSet.of(b.build());
  }
}
