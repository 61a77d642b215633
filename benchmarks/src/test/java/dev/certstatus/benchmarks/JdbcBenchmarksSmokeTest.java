package dev.certstatus.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.certstatus.testkit.TestEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collection;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs each JDBC benchmark method once against the PostgreSQL server on this machine, with a
 * tiny table, so the benchmark cannot rot (its setup checks that the provider answers GOOD).
 * Measures nothing. Skips when PostgreSQL is absent, fails then when CI=true.
 */
class JdbcBenchmarksSmokeTest {

  @Test
  void everyJdbcLookupBenchmarkRunsOnce() throws RunnerException {
    // Forks 0 runs in this JVM; another JMH run on the machine holds the lock but shares nothing.
    System.setProperty("jmh.ignoreLock", "true");
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test",
        "postgres", "")) {
      c.isValid(3);
    } catch (SQLException e) {
      String message = "PostgreSQL at 127.0.0.1:5432 is not reachable (" + e.getMessage() + ")";
      if (TestEnvironment.isCi()) {
        fail(message + "; CI=true, so this fails instead of skipping");
      }
      Assumptions.abort(message + "; skipping the JDBC benchmark smoke test");
    }
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(Pattern.quote(JdbcLookupBenchmark.class.getName() + "."))
        .param("rows", "100")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .mode(Mode.SingleShotTime)
        .verbosity(VerboseMode.SILENT)
        .shouldFailOnError(true)
        .build()).run();

    assertThat(results).hasSize(3);
  }
}
