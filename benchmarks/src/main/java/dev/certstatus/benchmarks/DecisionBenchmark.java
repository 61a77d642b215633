package dev.certstatus.benchmarks;

import dev.certstatus.core.CertStatus;
import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Decision;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.crl.CrlRevocationProvider;
import dev.certstatus.serial.IssuedSerialProvider;
import dev.certstatus.serial.IssuedSerialSnapshot;
import dev.certstatus.serial.SerialSet;
import dev.certstatus.testkit.RevocationReason;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.time.Duration;
import java.time.Instant;
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
 * A full decision (the CRL provider with a signed CRL of 100,000 revoked serials, made by the test
 * kit, plus a {@link SerialSet} issued-serial provider, composed by a {@link DecisionChain})
 * against a bare {@link SerialSet#contains}, with
 * the same probes: half issued and not revoked (GOOD), half never issued (UNKNOWN). Run with
 * {@code -prof gc} for the allocation per decision; {@link #decideGood} isolates the GOOD path.
 *
 * <p>Queries are built in the setup: building a {@link StatusQuery} is the caller's work (the
 * OCSP engine parses one per request) and is not part of deciding.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionBenchmark {

  static final int BATCH = 1024;

  /** How many issued serials. */
  @Param({"1000000"})
  public int size;

  /** How many revoked serials. */
  @Param({"100000"})
  public int revoked;

  /** How many probes to cycle through; fewer only for the smoke test. */
  @Param({"1048576"})
  public int probes;

  private DecisionChain chain;
  private SerialSet issuedSet;
  private StatusQuery[] mixed;
  private StatusQuery[] good;
  private int mask;
  private int cursor;

  /** Builds the CA, the providers, the chain and the queries; checks the expected answers. */
  @Setup(Level.Trial)
  public void setUp() {
    Instant now = Instant.now();
    TestPki pki = TestPki.withSeed(7).now(now);
    TestCa ca = pki.rootCa("CN=Benchmark CA").build();
    IssuerId issuer = IssuerId.of(ca.certificate());

    RandomSerials members = RandomSerials.generate(size, 20261125L);
    RandomSerials revokedSerials = RandomSerials.generate(revoked, 4711L);
    SerialSet.Builder issuedSerials = SerialSet.builder();
    for (int i = 0; i < size; i++) {
      byte[] c = RandomSerials.content(members.hi[i], members.lo[i]);
      issuedSerials.addContentOctets(c, 0, c.length);
    }
    for (int i = 0; i < revoked; i++) {
      issuedSerials.add(revokedSerials.serial(i));
      ca.revoke(revokedSerials.big(i), pki.now().minus(Duration.ofDays(1)),
          RevocationReason.KEY_COMPROMISE);
    }
    CrlRevocationProvider crl = CrlRevocationProvider.builder("crl", ca.certificate())
        .crl("benchmark CRL", ca.crl().build())
        .build();
    if (crl.size() != revoked) {
      throw new IllegalStateException("the CRL provider holds " + crl.size() + " entries, not "
          + revoked + ": " + crl.state());
    }
    issuedSet = issuedSerials.build();
    IssuedSerialProvider issued = IssuedSerialProvider.builder("issued", issuer).build();
    issued.swap(IssuedSerialSnapshot.of(issuedSet,
        DataVersion.of("benchmark", now, now.plus(Duration.ofDays(1)))));
    chain = DecisionChain.builder(issuer).provider(issued).provider(crl).build();

    RandomSerials.Probes p = members.probes(probes, 42L);
    mixed = new StatusQuery[probes];
    good = new StatusQuery[probes];
    int g = 0;
    for (int i = 0; i < probes; i++) {
      mixed[i] = StatusQuery.of(issuer, RandomSerials.serial(p.hi[i], p.lo[i]), now);
      expect(mixed[i], p.present[i] ? CertStatus.GOOD : CertStatus.UNKNOWN);
      if (p.present[i]) {
        good[g++] = mixed[i];
      }
    }
    for (int i = g; i < probes; i++) {
      good[i] = good[i - g];
    }
    mask = probes - 1;
  }

  private void expect(StatusQuery q, CertStatus status) {
    Decision d = chain.decide(q);
    if (d.status() != status) {
      throw new IllegalStateException("expected " + status + ", got " + d);
    }
  }

  /**
   * The full decision, half GOOD and half UNKNOWN(NOT_ISSUED).
   *
   * @param bh consumes each decision
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void decide(Blackhole bh) {
    int c = cursor;
    for (int i = 0; i < BATCH; i++) {
      bh.consume(chain.decide(mixed[(c + i) & mask]));
    }
    cursor = (c + BATCH) & mask;
  }

  /**
   * The full decision for issued, unrevoked serials only: the GOOD path.
   *
   * @param bh consumes each decision
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void decideGood(Blackhole bh) {
    int c = cursor;
    for (int i = 0; i < BATCH; i++) {
      bh.consume(chain.decide(good[(c + i) & mask]));
    }
    cursor = (c + BATCH) & mask;
  }

  /**
   * The bare lookup in the issued set, for the same probes as {@link #decide}.
   *
   * @param bh consumes each answer
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void bareContains(Blackhole bh) {
    int c = cursor;
    for (int i = 0; i < BATCH; i++) {
      bh.consume(issuedSet.contains(mixed[(c + i) & mask].serial()));
    }
    cursor = (c + BATCH) & mask;
  }
}
