package dev.certstatus.benchmarks;

import dev.certstatus.core.IssuerId;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
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
 * {@link IssuerId} comparisons as a lookup makes them: the query's issuer against the one a
 * chain or provider holds. {@code Same}: the very instance (OCSP, where the engine routes to the
 * chain and asks with the chain's id); {@code Fresh}: an equal id built anew from the encoded name
 * and key (the PKIX checker builds one per certificate); {@code Other}: another CA's. {@link
 * #mapGetFresh} is the router's lookup of a fresh id among four CAs. Everything stays in the CPU
 * caches: this measures instructions, not memory.
 */
@State(Scope.Benchmark)
@Fork(1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IssuerIdBenchmark {

  /** The CAs' key type: {@code ec} (P-256, 65 octets of key) or {@code rsa} (2048 bits). */
  @Param({"ec", "rsa"})
  public String key;

  private IssuerId held;
  private IssuerId fresh;
  private IssuerId other;
  private Map<IssuerId, String> router;

  /** Builds the CAs and the ids; checks that the fresh id is equal and not the same. */
  @Setup(Level.Trial)
  public void setUp() {
    TestPki pki = TestPki.withSeed(11);
    router = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      TestCa ca = ca(pki, "CN=Benchmark CA " + i + ",O=certstatus");
      IssuerId id = IssuerId.of(ca.certificate());
      router.put(id, "chain " + i);
      if (i == 0) {
        held = id;
        X509Certificate c = ca.certificate();
        fresh = IssuerId.of(new X500Principal(c.getSubjectX500Principal().getEncoded()),
            c.getPublicKey());
      } else {
        other = id;
      }
    }
    if (fresh == held || !fresh.equals(held) || other.equals(held)
        || !"chain 0".equals(router.get(fresh))) {
      throw new IllegalStateException("the ids do not compare as the benchmark needs");
    }
  }

  private TestCa ca(TestPki pki, String name) {
    return "rsa".equals(key) ? pki.rootCa(name).rsa().build() : pki.rootCa(name).ec().build();
  }

  /** @return the comparison with the same instance */
  @Benchmark
  public boolean equalsSame() {
    return held.equals(held);
  }

  /** @return the comparison with an equal id built anew */
  @Benchmark
  public boolean equalsFresh() {
    return held.equals(fresh);
  }

  /** @return the comparison with another CA's id */
  @Benchmark
  public boolean equalsOther() {
    return held.equals(other);
  }

  /** @return the chain found for an equal id built anew */
  @Benchmark
  public String mapGetFresh() {
    return router.get(fresh);
  }
}
