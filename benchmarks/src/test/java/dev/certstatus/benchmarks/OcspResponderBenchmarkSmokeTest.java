package dev.certstatus.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs each OCSP benchmark once in this JVM (its setup checks the answers). Measures nothing. */
class OcspResponderBenchmarkSmokeTest {

  @Test
  void everyOcspBenchmarkRuns() throws RunnerException {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(Pattern.quote(OcspResponderBenchmark.class.getName() + "."))
        .forks(0).warmupIterations(0).measurementIterations(1).mode(Mode.SingleShotTime)
        .verbosity(VerboseMode.SILENT).shouldFailOnError(true).build()).run();
    Set<String> names = new TreeSet<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      names.add(label.substring(label.lastIndexOf('.') + 1));
      names.addAll(r.getSecondaryResults().keySet());
    }
    assertThat(names).containsExactlyInAnyOrder("rawSign", "respondCached", "respondSigned",
        "signedVsRaw", "pairSigned", "pairRaw", "cachedVsSigned", "pairCached",
        "pairSignedAgainstCached");
  }
}
