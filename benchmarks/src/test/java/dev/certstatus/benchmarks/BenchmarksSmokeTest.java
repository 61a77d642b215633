package dev.certstatus.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark method once, in this JVM, with tiny parameters: the benchmarks cannot rot
 * (their setups also check every probe's expected answer), and the default build stays fast.
 * This measures nothing.
 */
class BenchmarksSmokeTest {

  static {
    // The smoke runs measure nothing, so they need not wait for a real benchmark run elsewhere
    // on the machine to release JMH's lock.
    System.setProperty("jmh.ignoreLock", "true");
  }

  private static Collection<RunResult> runOnce(String benchmark, String... params)
      throws RunnerException {
    OptionsBuilder b = new OptionsBuilder();
    b.include(Pattern.quote(benchmark + "."))
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .mode(Mode.SingleShotTime)
        .verbosity(VerboseMode.SILENT)
        .shouldFailOnError(true);
    for (int i = 0; i < params.length; i += 2) {
      b.param(params[i], params[i + 1]);
    }
    Options options = b.build();
    return new Runner(options).run();
  }

  private static Set<String> methods(Collection<RunResult> results) {
    Set<String> names = new TreeSet<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      names.add(label.substring(label.lastIndexOf('.') + 1) + paramsOf(r));
    }
    return names;
  }

  private static String paramsOf(RunResult r) {
    String impl = r.getParams().getParam("impl");
    return impl == null ? "" : "/" + impl;
  }

  @Test
  void everyLookupBenchmarkRunsForEveryStructure() throws RunnerException {
    Collection<RunResult> results = runOnce(SerialLookupBenchmark.class.getName(),
        "size", "1000", "probes", "1024");
    assertThat(methods(results)).containsExactlyInAnyOrder(
        "lookup/SerialSet", "lookup/HashSetBigInteger", "lookup/SortedBigIntegerArray",
        "dependentLookup/SerialSet", "dependentLookup/HashSetBigInteger",
        "dependentLookup/SortedBigIntegerArray");
  }

  @Test
  void theIndexOfVariantOfTheLookupBenchmarkRuns() throws RunnerException {
    Collection<RunResult> results = runOnce(SerialLookupBenchmark.class.getName(),
        "size", "1000", "probes", "1024", "impl", "SerialSetIndexOf");
    assertThat(methods(results)).containsExactlyInAnyOrder("lookup/SerialSetIndexOf",
        "dependentLookup/SerialSetIndexOf");
  }

  @Test
  void everyIssuerIdBenchmarkRuns() throws RunnerException {
    Collection<RunResult> results = runOnce(IssuerIdBenchmark.class.getName(), "key", "ec");
    assertThat(methods(results)).containsExactlyInAnyOrder("equalsSame", "equalsFresh",
        "equalsOther", "mapGetFresh");
  }

  @Test
  void everyDecisionBenchmarkRuns() throws RunnerException {
    Collection<RunResult> results = runOnce(DecisionBenchmark.class.getName(),
        "size", "1000", "revoked", "100", "probes", "1024");
    assertThat(methods(results)).containsExactlyInAnyOrder("decide", "decideGood",
        "bareContains");
  }

  @Test
  void everyBuildBenchmarkRuns() throws RunnerException {
    Collection<RunResult> results = runOnce(SerialSetBuildBenchmark.class.getName(),
        "size", "1000");
    assertThat(methods(results)).containsExactlyInAnyOrder("fromSerialNumbers",
        "fromContentOctets");
  }

  @Test
  void theFootprintReportPrintsOneParsableLinePerStructure() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    PrintStream originalErr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      FootprintReport.main(new String[] {"2000"});
    } finally {
      System.setOut(original);
      System.setErr(originalErr);
    }
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).matches("impl=SerialSet size=2000 bytesPerSerial=\\d+\\.\\d");
    assertThat(lines[1]).matches("impl=HashSetBigInteger size=2000 bytesPerSerial=\\d+\\.\\d");
    assertThat(lines[2]).matches("impl=SortedBigIntegerArray size=2000 bytesPerSerial=\\d+\\.\\d");
  }
}
