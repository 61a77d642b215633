package dev.certstatus.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the file-source benchmarks once each, in this JVM, on a hundred files: they cannot rot,
 * and the default build stays fast. This measures nothing.
 */
class FileSourceBenchmarksSmokeTest {

  static {
    // As in BenchmarksSmokeTest: these runs measure nothing and need not wait for JMH's lock.
    System.setProperty("jmh.ignoreLock", "true");
  }

  @TempDir
  Path dir;

  private static Set<String> runOnce(Class<?> benchmark, String... params)
      throws RunnerException {
    OptionsBuilder b = new OptionsBuilder();
    b.include(Pattern.quote(benchmark.getName() + "."))
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .mode(Mode.SingleShotTime)
        .verbosity(VerboseMode.SILENT)
        .shouldFailOnError(true);
    for (int i = 0; i < params.length; i += 2) {
      b.param(params[i], params[i + 1]);
    }
    Collection<RunResult> results = new Runner(b.build()).run();
    Set<String> names = new TreeSet<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      names.add(label.substring(label.lastIndexOf('.') + 1));
    }
    return names;
  }

  @Test
  void everyDirectoryScanBenchmarkRuns() throws RunnerException {
    assertThat(runOnce(DirectoryScanBenchmark.class,
        "directory", dir.resolve("serials").toString(), "files", "100"))
        .containsExactlyInAnyOrder("countOnly", "find", "intoIssuedSet");
  }

  @Test
  void theSerialListBenchmarkRuns() throws RunnerException {
    assertThat(runOnce(SerialListLoadBenchmark.class,
        "file", dir.resolve("serials.txt").toString(), "lines", "100"))
        .containsExactly("load");
  }
}
