package dev.certstatus.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the suite as {@code benchmarks/run.sh} asks, writes JMH's JSON for each benchmark class,
 * and prints a table of scores and the ratios the budgets of DESIGN.md section 9 are about, all
 * from the same run.
 *
 * <p>Profiles: {@code quick} (one fork, 2 warm-up and 3 measured iterations of 1 s, only the
 * 10-million-serial points the budgets need) and {@code full} (two forks, 5 and 5 iterations of
 * 2 s, every size).
 */
public final class BenchmarkReport {

  private static final String SERIAL_SET = "SerialSet";
  private static final String HASH_SET = "HashSetBigInteger";
  private static final String SORTED = "SortedBigIntegerArray";

  private final boolean full;
  private final Path out;
  private final List<String> table = new ArrayList<>();
  private final List<String> ratios = new ArrayList<>();

  private BenchmarkReport(boolean full, Path out) {
    this.full = full;
    this.out = out;
  }

  /**
   * @param args {@code quick} or {@code full}, then the directory for the JSON files
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    String profile = args.length > 0 ? args[0] : "quick";
    if (!profile.equals("quick") && !profile.equals("full")) {
      throw new IllegalArgumentException("profile must be quick or full, not " + profile);
    }
    Path out = Path.of(args.length > 1 ? args[1] : "benchmarks/target/jmh");
    Files.createDirectories(out);
    new BenchmarkReport(profile.equals("full"), out).runAll();
  }

  private void runAll() throws RunnerException, InterruptedException, IOException {
    String[] lookupSizes = full ? new String[] {"100000", "1000000", "10000000"}
        : new String[] {"10000000"};
    Collection<RunResult> lookups = run(options(SerialLookupBenchmark.class, "lookups.json")
        .param("size", lookupSizes));
    Collection<RunResult> decisions = run(options(DecisionBenchmark.class, "decision.json")
        .param("size", full ? new String[] {"1000000", "10000000"} : new String[] {"1000000"})
        .addProfiler(GCProfiler.class));
    Collection<RunResult> builds = run(options(SerialSetBuildBenchmark.class, "build.json")
        .warmupIterations(1)
        .measurementIterations(full ? 5 : 3));

    addRows(lookups);
    addRows(decisions);
    addRows(builds);
    for (String size : lookupSizes) {
      ratio(lookups, "lookup", size, SERIAL_SET, HASH_SET, true, "budget: at least 5x at 10M");
      ratio(lookups, "lookup", size, SERIAL_SET, SORTED, true, "");
      ratio(lookups, "dependentLookup", size, SERIAL_SET, HASH_SET, false, "");
      ratio(lookups, "dependentLookup", size, SERIAL_SET, SORTED, false, "");
    }
    for (RunResult d : decisions) {
      if (method(d).equals("decide")) {
        String size = d.getParams().getParam("size");
        find(decisions, "bareContains", size, null).ifPresent(bare -> ratios.add(String.format(
            Locale.ROOT, "decide / bareContains at %s: %.2fx the time (budget: at most 2x)",
            size, score(d) / score(bare))));
      }
    }
    for (RunResult d : decisions) {
      Result alloc = d.getSecondaryResults().get("gc.alloc.rate.norm");
      if (alloc != null) {
        ratios.add(String.format(Locale.ROOT, "%s at %s: %.1f bytes allocated per decision",
            method(d), d.getParams().getParam("size"), alloc.getScore()));
      }
    }
    for (RunResult b : builds) {
      ratios.add(String.format(Locale.ROOT, "%s of %s serials: %.0f ms (budget: under 3000 ms)",
          method(b), b.getParams().getParam("size"), score(b)));
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "%-28s %-22s %10s %12s %10s  %s%n", "benchmark", "impl", "size",
        "score", "error", "unit");
    table.forEach(System.out::println);
    System.out.println();
    System.out.println("Ratios, all from this run:");
    ratios.forEach(r -> System.out.println("  " + r));
    System.out.println();
    System.out.println("JMH JSON: " + out.toAbsolutePath());
  }

  private ChainedOptionsBuilder options(Class<?> benchmark, String json) {
    ChainedOptionsBuilder b = new OptionsBuilder()
        .include(Pattern.quote(benchmark.getName() + "."))
        .resultFormat(ResultFormatType.JSON)
        .result(out.resolve(json).toString());
    if (full) {
      b.forks(2).warmupIterations(5).warmupTime(TimeValue.seconds(2))
          .measurementIterations(5).measurementTime(TimeValue.seconds(2));
    } else {
      b.forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(1))
          .measurementIterations(3).measurementTime(TimeValue.seconds(1));
    }
    return b;
  }

  /** Runs, waiting while another JMH run on this machine holds JMH's lock. */
  private static Collection<RunResult> run(ChainedOptionsBuilder options)
      throws RunnerException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
    while (true) {
      try {
        return new Runner(options.build()).run();
      } catch (RunnerException e) {
        if (!String.valueOf(e.getMessage()).contains("JMH lock")
            || System.nanoTime() > deadline) {
          throw e;
        }
        System.err.println("another JMH run holds the lock; waiting 20 s");
        Thread.sleep(20_000);
      }
    }
  }

  private void addRows(Collection<RunResult> results) {
    for (RunResult r : results) {
      Result p = r.getPrimaryResult();
      String impl = Optional.ofNullable(r.getParams().getParam("impl")).orElse("-");
      table.add(String.format(Locale.ROOT, "%-28s %-22s %10s %12.3f %10.3f  %s",
          simpleName(r) + "." + method(r), impl, r.getParams().getParam("size"), p.getScore(),
          p.getScoreError(), p.getScoreUnit()));
    }
  }

  private void ratio(Collection<RunResult> results, String method, String size, String a,
      String b, boolean higherIsBetter, String budget) {
    Optional<RunResult> ra = find(results, method, size, a);
    Optional<RunResult> rb = find(results, method, size, b);
    if (ra.isPresent() && rb.isPresent()) {
      double x = higherIsBetter ? score(ra.get()) / score(rb.get())
          : score(rb.get()) / score(ra.get());
      ratios.add(String.format(Locale.ROOT, "%s at %s: %s is %.2fx %s %s", method, size, a, x,
          higherIsBetter ? "the throughput of" : "faster (latency) than", b)
          + (budget.isEmpty() ? "" : " (" + budget + ")"));
    }
  }

  private static Optional<RunResult> find(Collection<RunResult> results, String method,
      String size, String impl) {
    for (RunResult r : results) {
      Map<String, String> p = Map.of("size", String.valueOf(r.getParams().getParam("size")),
          "impl", String.valueOf(r.getParams().getParam("impl")));
      if (method(r).equals(method) && p.get("size").equals(size)
          && (impl == null || p.get("impl").equals(impl))) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private static double score(RunResult r) {
    return r.getPrimaryResult().getScore();
  }

  private static String method(RunResult r) {
    String b = r.getParams().getBenchmark();
    return b.substring(b.lastIndexOf('.') + 1);
  }

  private static String simpleName(RunResult r) {
    String b = r.getParams().getBenchmark();
    String cls = b.substring(0, b.lastIndexOf('.'));
    return cls.substring(cls.lastIndexOf('.') + 1).replace("Benchmark", "");
  }
}
