package dev.certstatus.pkix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every PKITS test of the revocation sections (4.4, 4.5, 4.7, 4.14, 4.15) through
 * {@code CertPathValidator.getInstance("PKIX")} at 2011-04-15T00:00:00Z, with this library's
 * checker (both ways of installing it) and with the JDK's built-in CRL checking.
 */
class PkitsConformanceTest {

  private static Pkits pkits() throws Exception {
    Optional<Path> dir = Pkits.locate();
    if (dir.isEmpty()) {
      String message = "PKITS data not found: set -Dpkits.dir or put it in shared/testdata/pkits";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + " (required when CI=true)");
      }
      Assumptions.abort(message);
    }
    return new Pkits(dir.get());
  }

  private static Stream<DynamicTest> run(Pkits.Mode mode) throws Exception {
    Pkits pkits = pkits();
    List<Pkits.Case> cases = pkits.cases().stream()
        .filter(c -> Pkits.REVOCATION_SECTIONS.contains(c.section())).toList();
    assertThat(cases).hasSize(79);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.displayName(), () -> {
      Pkits.Outcome outcome = pkits.run(c, mode);
      assertThat(outcome.valid())
          .as("%s should be %s, was %s", c.displayName(),
              c.shouldValidate() ? "valid" : "invalid", outcome.describe())
          .isEqualTo(c.shouldValidate());
    }));
  }

  @TestFactory
  Stream<DynamicTest> pkitsWithThisCheckerAsPathChecker() throws Exception {
    return run(Pkits.Mode.CHECKER);
  }

  @TestFactory
  Stream<DynamicTest> pkitsWithThisCheckerReplacingTheJdkRevocationChecker() throws Exception {
    return run(Pkits.Mode.CHECKER_AS_REVOCATION_CHECKER);
  }
}
