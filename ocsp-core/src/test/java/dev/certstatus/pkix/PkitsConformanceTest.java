package dev.certstatus.pkix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.certstatus.testkit.TestEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
      if (TestEnvironment.isCi()) {
        fail(message + " (required when CI=true)");
      }
      Assumptions.abort(message);
    }
    return new Pkits(dir.get());
  }

  private static Stream<DynamicTest> run(Pkits.Mode mode) throws Exception {
    Pkits pkits = pkits();
    return revocationCases(pkits).stream().map(c -> DynamicTest.dynamicTest(c.displayName(), () -> {
      Pkits.Outcome outcome = pkits.run(c, mode);
      assertThat(outcome.valid())
          .as("%s should be %s, was %s", c.displayName(),
              c.shouldValidate() ? "valid" : "invalid", outcome.describe())
          .isEqualTo(c.shouldValidate());
    }));
  }

  private static List<Pkits.Case> revocationCases(Pkits pkits) throws Exception {
    List<Pkits.Case> cases = pkits.cases().stream()
        .filter(c -> Pkits.REVOCATION_SECTIONS.contains(c.section())).toList();
    assertThat(cases).as("PKITS tests of sections %s", Pkits.REVOCATION_SECTIONS).hasSize(79);
    return cases;
  }

  @TestFactory
  Stream<DynamicTest> pkitsWithThisCheckerAsPathChecker() throws Exception {
    return run(Pkits.Mode.CHECKER);
  }

  @TestFactory
  Stream<DynamicTest> pkitsWithThisCheckerReplacingTheJdkRevocationChecker() throws Exception {
    return run(Pkits.Mode.CHECKER_AS_REVOCATION_CHECKER);
  }

  /**
   * The JDK's own CRL checking on the same tests, for comparison. It passes all but the two below,
   * where it gives the opposite answer; the test pins that difference down, so a JDK that fixes
   * it shows up here.
   */
  @TestFactory
  Stream<DynamicTest> pkitsWithJdkBuiltInCrlChecking() throws Exception {
    Pkits pkits = pkits();
    return revocationCases(pkits).stream().map(c -> {
      String deviation = JDK_DEVIATIONS.get(c.id());
      String name = c.displayName() + (deviation == null ? "" : " (JDK deviates: " + deviation
          + ")");
      return DynamicTest.dynamicTest(name, () -> {
        Pkits.Outcome outcome = pkits.run(c, Pkits.Mode.JDK);
        boolean expected = deviation == null ? c.shouldValidate() : !c.shouldValidate();
        assertThat(outcome.valid()).as("%s with the JDK's checker was %s", c.displayName(),
            outcome.describe()).isEqualTo(expected);
      });
    });
  }

  /** Where the JDK's built-in checker disagrees with PKITS: it does not apply delta CRLs. */
  private static final Map<String, String> JDK_DEVIATIONS = Map.of(
      "4.15.4", "the end entity is revoked only on the delta CRL, which the JDK does not apply",
      "4.15.5", "the delta CRL releases the hold of the complete CRL; the JDK does not apply it");
}
