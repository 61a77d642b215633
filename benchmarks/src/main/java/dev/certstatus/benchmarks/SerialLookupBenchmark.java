package dev.certstatus.benchmarks;

import dev.certstatus.core.SerialNumber;
import dev.certstatus.serial.SerialSet;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * "Is this serial in the set?" for three structures holding the same random 16-byte serials:
 * {@link SerialSet}, a {@code HashSet<BigInteger>} and a sorted {@code BigInteger[]} searched by
 * binary search. Half the probes are members, half are verified absent; probe objects are fresh
 * copies, never the instances stored in the set (an OCSP request parses its own serial), and
 * there are 2^20 of them so that the probed entries do not stay in the CPU caches.
 *
 * <p>{@link #lookup} measures throughput: lookups are independent, so the CPU may overlap their
 * cache misses. {@link #dependentLookup} measures latency: which serial to probe next depends on
 * the previous answer, so lookups run one after the other.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class SerialLookupBenchmark {

  /** Lookups per benchmark invocation. */
  static final int BATCH = 1024;

  /** Distinct probes: 2^20, cycled through. */
  static final int PROBES = 1 << 20;

  /**
   * The structure under test. Also {@code -p impl=SerialSetIndexOf}, not run by default: the
   * same {@link SerialSet} asked with {@link SerialSet#indexOf}, which turns the slot into a
   * rank; against {@code SerialSet} it shows what a lookup that needs the index pays.
   */
  @Param({"SerialSet", "HashSetBigInteger", "SortedBigIntegerArray"})
  public String impl;

  /** How many serials the structure holds. */
  @Param({"100000", "1000000", "10000000"})
  public int size;

  /** How many probes to cycle through; fewer only for the smoke test. */
  @Param({"1048576"})
  public int probes;

  private Lookup lookup;
  private int mask;
  private int cursor;

  /** A structure and its probes, in the form that structure is asked in. */
  interface Lookup {
    boolean contains(int probe);
  }

  /** Builds the structure and the probes; checks every probe's expected answer once. */
  @Setup(Level.Trial)
  public void setUp() {
    if (Integer.bitCount(probes) != 1) {
      throw new IllegalArgumentException("probes must be a power of two, not " + probes);
    }
    RandomSerials members = RandomSerials.generate(size, 20261125L);
    RandomSerials.Probes p = members.probes(probes, 42L);
    lookup = create(impl, members, p);
    for (int i = 0; i < probes; i++) {
      if (lookup.contains(i) != p.present[i]) {
        throw new IllegalStateException(impl + " answers " + !p.present[i] + " for probe " + i);
      }
    }
    mask = probes - 1;
  }

  static Lookup create(String impl, RandomSerials members, RandomSerials.Probes p) {
    switch (impl) {
      case "SerialSet":
        return new SerialSetLookup(members, p);
      case "SerialSetIndexOf":
        return new SerialSetIndexOfLookup(new SerialSetLookup(members, p));
      case "HashSetBigInteger":
        return new HashSetLookup(members, p);
      case "SortedBigIntegerArray":
        return new SortedArrayLookup(members, p);
      default:
        throw new IllegalArgumentException("unknown impl " + impl);
    }
  }

  /**
   * Independent lookups: the throughput of one thread.
   *
   * @param bh consumes each answer
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @OperationsPerInvocation(BATCH)
  public void lookup(Blackhole bh) {
    Lookup l = lookup;
    int c = cursor;
    for (int i = 0; i < BATCH; i++) {
      bh.consume(l.contains((c + i) & mask));
    }
    cursor = (c + BATCH) & mask;
  }

  /**
   * Dependent lookups: each probe is chosen by the previous answer, so no two overlap.
   *
   * @return the number of hits, so that nothing is dead code
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @OperationsPerInvocation(BATCH)
  public int dependentLookup() {
    Lookup l = lookup;
    int c = cursor;
    int hits = 0;
    for (int i = 0; i < BATCH; i++) {
      boolean found = l.contains(c);
      hits += found ? 1 : 0;
      c = (c + (found ? 1 : 2)) & mask;
    }
    cursor = c;
    return hits;
  }

  /** The project's compact set, asked with {@link SerialNumber}s as the decision chain asks. */
  static final class SerialSetLookup implements Lookup {
    final SerialSet set;
    final SerialNumber[] probes;

    SerialSetLookup(RandomSerials m, RandomSerials.Probes p) {
      SerialSet.Builder b = SerialSet.builder();
      for (int i = 0; i < m.size(); i++) {
        byte[] content = RandomSerials.content(m.hi[i], m.lo[i]);
        b.addContentOctets(content, 0, content.length);
      }
      set = b.build();
      probes = new SerialNumber[p.size()];
      for (int i = 0; i < probes.length; i++) {
        probes[i] = RandomSerials.serial(p.hi[i], p.lo[i]);
      }
    }

    @Override
    public boolean contains(int probe) {
      return set.contains(probes[probe]);
    }
  }

  /** The same set and probes, asked for the index. */
  static final class SerialSetIndexOfLookup implements Lookup {
    final SerialSet set;
    final SerialNumber[] probes;

    SerialSetIndexOfLookup(SerialSetLookup l) {
      set = l.set;
      probes = l.probes;
    }

    @Override
    public boolean contains(int probe) {
      return set.indexOf(probes[probe]) >= 0;
    }
  }

  /** The obvious baseline. */
  static final class HashSetLookup implements Lookup {
    final HashSet<BigInteger> set;
    final BigInteger[] probes;

    HashSetLookup(RandomSerials m, RandomSerials.Probes p) {
      set = new HashSet<>(Math.max(16, (int) (m.size() / 0.75f) + 1));
      for (int i = 0; i < m.size(); i++) {
        set.add(m.big(i));
      }
      probes = bigProbes(p);
    }

    @Override
    public boolean contains(int probe) {
      return set.contains(probes[probe]);
    }
  }

  /** A sorted array of objects: compact-ish, but log2(n) dependent cache misses. */
  static final class SortedArrayLookup implements Lookup {
    final BigInteger[] sorted;
    final BigInteger[] probes;

    SortedArrayLookup(RandomSerials m, RandomSerials.Probes p) {
      sorted = new BigInteger[m.size()];
      for (int i = 0; i < sorted.length; i++) {
        sorted[i] = m.big(i);
      }
      Arrays.parallelSort(sorted);
      probes = bigProbes(p);
    }

    @Override
    public boolean contains(int probe) {
      return Arrays.binarySearch(sorted, probes[probe]) >= 0;
    }
  }

  static BigInteger[] bigProbes(RandomSerials.Probes p) {
    BigInteger[] b = new BigInteger[p.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = RandomSerials.big(p.hi[i], p.lo[i]);
    }
    return b;
  }
}
