package dev.certstatus.benchmarks;

import dev.certstatus.core.SerialNumber;
import dev.certstatus.serial.SerialSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Building a {@link SerialSet} of random 16-byte serials from a flat list: once from
 * {@link SerialNumber}s (what a directory scan or a parsed export yields), once from DER content
 * octets packed in one array (what a database column or a binary export yields). One build per
 * measurement, so the score is the time of a whole build.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SerialSetBuildBenchmark {

  /** How many serials. */
  @Param({"10000000"})
  public int size;

  private List<SerialNumber> serials;
  private byte[] packed;

  /** Makes the input lists once. */
  @Setup(Level.Trial)
  public void setUp() {
    RandomSerials r = RandomSerials.generate(size, 20261125L);
    serials = new ArrayList<>(size);
    packed = new byte[size * 17];
    for (int i = 0; i < size; i++) {
      byte[] content = RandomSerials.content(r.hi[i], r.lo[i]);
      serials.add(SerialNumber.ofContentOctets(content));
      System.arraycopy(content, 0, packed, i * 17, 17);
    }
  }

  /** @return the set built from a list of serial numbers */
  @Benchmark
  public SerialSet fromSerialNumbers() {
    return SerialSet.of(serials);
  }

  /** @return the set built from content octets packed 17 to a serial */
  @Benchmark
  public SerialSet fromContentOctets() {
    SerialSet.Builder b = SerialSet.builder();
    for (int i = 0; i < size; i++) {
      b.addContentOctets(packed, i * 17, 17);
    }
    return b.build();
  }
}
