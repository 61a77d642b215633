package dev.certstatus.benchmarks;

import dev.certstatus.core.IssuerId;
import dev.certstatus.fs.IssuedSerialFileProvider;
import dev.certstatus.fs.ReloadOutcome;
import dev.certstatus.testkit.TestPki;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading a flat serial list of ten million lines (random 16-byte serials, lowercase hex) the
 * way a provider reloads it: read, parse, build the set, swap it in. One load per measurement.
 * The file is created on first use and reused; pass {@code -p file=...} to measure another one.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SerialListLoadBenchmark {

  /** The list. */
  @Param({"/tmp/certstatus-bench/serials-10m.txt"})
  public String file;

  /** How many lines it must have. */
  @Param({"10000000"})
  public int lines;

  private IssuedSerialFileProvider provider;

  /**
   * Writes the list if it is missing, and loads it once.
   *
   * @throws IOException if it cannot be written
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path path = Path.of(file);
    if (!Files.exists(path)) {
      write(path);
    }
    IssuerId issuer = IssuerId.of(TestPki.withSeed(1).rootCa("CN=Bench CA").build()
        .certificate());
    provider = IssuedSerialFileProvider.serialList("bench", issuer, path).scheduled(false)
        .build();
    if (provider.size() < lines) {
      throw new IllegalStateException(file + " holds " + provider.size() + " serials, not "
          + lines);
    }
  }

  /** Closes the provider. */
  @TearDown(Level.Trial)
  public void tearDown() {
    provider.close();
  }

  private void write(Path path) throws IOException {
    Files.createDirectories(path.toAbsolutePath().getParent());
    Random random = new Random(7);
    try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.US_ASCII)) {
      for (int i = 0; i < lines; i++) {
        out.write(String.format("%016x%016x%n", random.nextLong() & Long.MAX_VALUE,
            random.nextLong()));
      }
    }
  }

  /**
   * @return what the reload did
   * @throws IllegalStateException if the reload did not swap
   */
  @Benchmark
  public ReloadOutcome load() {
    ReloadOutcome outcome = provider.reload();
    if (outcome.status() != ReloadOutcome.Status.SWAPPED) {
      throw new IllegalStateException("reload of " + file + ": " + outcome);
    }
    return outcome;
  }
}
