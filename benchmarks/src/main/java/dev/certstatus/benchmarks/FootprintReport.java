package dev.certstatus.benchmarks;

import dev.certstatus.serial.SerialSet;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Bytes per serial of each structure in {@link SerialLookupBenchmark}, holding random 16-byte
 * serials. Prints one line per structure and size:
 *
 * <pre>impl=SerialSet size=10000000 bytesPerSerial=20.2</pre>
 *
 * <p>Two methods: {@code heap} (the default) reads the heap in use after full garbage
 * collections before and after building the structure, so it counts exactly what the structure
 * keeps alive; {@code jol} walks the object graph with JOL (every object and array reachable from
 * the structure, headers and padding included), exact too but about 10 microseconds per object,
 * so minutes for a 10-million-entry {@code HashSet}. At 1 million entries the two agree within
 * 0.3 bytes per serial when the heap method runs with {@code -XX:+UseSerialGC} (G1 rounds large
 * arrays up to whole regions).
 *
 * <p>Usage: {@code java -XX:+UseSerialGC -Xmx8g -cp benchmarks/target/benchmarks.jar
 * dev.certstatus.benchmarks.FootprintReport [sizes] [impls] [heap|jol]}, sizes and impls
 * comma-separated (defaults: {@code 1000000,10000000} and all three). Notes (the set's own
 * {@link SerialSet#memoryBytes()} estimate, timings) go to standard error.
 */
public final class FootprintReport {

  private FootprintReport() {}

  /**
   * @param args optional sizes and impls, comma-separated
   */
  public static void main(String[] args) {
    List<Integer> sizes = new ArrayList<>();
    for (String s : (args.length > 0 ? args[0] : "1000000,10000000").split(",")) {
      sizes.add(Integer.parseInt(s.strip()));
    }
    String[] impls = (args.length > 1 ? args[1]
        : "SerialSet,HashSetBigInteger,SortedBigIntegerArray").split(",");
    boolean jol = args.length > 2 && args[2].equals("jol");
    if (args.length > 2 && !jol && !args[2].equals("heap")) {
      throw new IllegalArgumentException("method must be heap or jol, not " + args[2]);
    }
    for (int size : sizes) {
      RandomSerials members = RandomSerials.generate(size, 20261125L);
      RandomSerials.Probes none = new RandomSerials.Probes(new long[0], new long[0],
          new boolean[0]);
      for (String impl : impls) {
        long start = System.nanoTime();
        long before = usedAfterGc();
        SerialLookupBenchmark.Lookup lookup = SerialLookupBenchmark.create(impl.strip(), members,
            none);
        Object structure = structureOf(lookup);
        long bytes = jol ? GraphLayout.parseInstance(structure).totalSize()
            : usedAfterGc() - before;
        System.out.printf(Locale.ROOT, "impl=%s size=%d bytesPerSerial=%.1f%n", impl.strip(), size,
            (double) bytes / size);
        if (structure instanceof SerialSet) {
          System.err.printf(Locale.ROOT, "# SerialSet.memoryBytes() estimate: %.1f bytes per"
              + " serial%n", (double) ((SerialSet) structure).memoryBytes() / size);
        }
        System.err.printf(Locale.ROOT, "# %s at %d measured by %s in %.1f s%n", impl.strip(),
            size, jol ? "jol" : "heap", (System.nanoTime() - start) / 1e9);
        // Keeps the structure reachable until it has been measured.
        if (lookup.hashCode() == 42) {
          System.err.println();
        }
      }
    }
  }

  /** @return the heap in use once full collections stop freeing anything */
  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (now >= used) {
        return now;
      }
      used = now;
    }
    return used;
  }

  private static Object structureOf(SerialLookupBenchmark.Lookup lookup) {
    if (lookup instanceof SerialLookupBenchmark.SerialSetLookup) {
      return ((SerialLookupBenchmark.SerialSetLookup) lookup).set;
    } else if (lookup instanceof SerialLookupBenchmark.HashSetLookup) {
      return ((SerialLookupBenchmark.HashSetLookup) lookup).set;
    }
    return ((SerialLookupBenchmark.SortedArrayLookup) lookup).sorted;
  }
}
