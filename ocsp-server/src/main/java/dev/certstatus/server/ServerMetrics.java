package dev.certstatus.server;

import dev.certstatus.core.CertStatus;
import dev.certstatus.core.Decision;
import dev.certstatus.core.DecisionListener;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.RevocationProvider;
import dev.certstatus.core.Rule;
import dev.certstatus.core.SourceState;
import dev.certstatus.core.UnknownReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The responder's metrics in Prometheus text format: decisions by issuer, status and rule;
 * requests for serials the CA never issued (the Baseline Requirements ask CAs to watch those);
 * each source's data age, freshness and failed reloads; request sizes and latencies.
 */
final class ServerMetrics {

  private static final int RULES = Rule.values().length;

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<IssuerId, String> caNames;
  private final Clock clock;
  private final DistributionSummary requestBytes;
  private final Counter rejected;
  // Meters are looked up once per tag combination, not built and registered on every request
  // (a registry lookup and several allocations each time): the hot path is a map get and an
  // increment.
  private final ConcurrentHashMap<String, IssuerCounters> decisionCounters =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();

  /** The tags of one {@code ocsp.http.requests} timer. */
  private record RequestKey(String method, int status, String outcome) {}

  /**
   * One issuer's decision counters, indexed by status and rule ordinals, and its non-issued
   * counter; each registered on first use, so that the scrape shows only what happened.
   */
  private final class IssuerCounters {
    private final String issuer;
    private final AtomicReferenceArray<Counter> decisions =
        new AtomicReferenceArray<>(CertStatus.values().length * RULES);
    private volatile Counter nonIssued;

    IssuerCounters(String issuer) {
      this.issuer = issuer;
    }

    Counter decision(CertStatus status, Rule rule) {
      int i = status.ordinal() * RULES + rule.ordinal();
      Counter c = decisions.get(i);
      if (c == null) {
        // Registering twice returns the same meter, so a race here is harmless.
        c = Counter.builder("certstatus.decisions")
            .description("decisions by issuer, status and rule")
            .tag("issuer", issuer).tag("status", status.name())
            .tag("rule", rule.number() + "-" + rule.name()).register(registry);
        decisions.set(i, c);
      }
      return c;
    }

    Counter nonIssued() {
      Counter c = nonIssued;
      if (c == null) {
        c = Counter.builder("certstatus.non.issued.requests")
            .description("requests for serials the CA never issued").tag("issuer", issuer)
            .register(registry);
        nonIssued = c;
      }
      return c;
    }
  }

  /**
   * @param caNames the name of each served CA, for the {@code issuer} tag
   * @param clock for source ages
   */
  ServerMetrics(Map<IssuerId, String> caNames, Clock clock) {
    this.caNames = Map.copyOf(caNames);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.requestBytes = DistributionSummary.builder("ocsp.request.size")
        .description("OCSP request sizes").baseUnit("bytes").register(registry);
    this.rejected = Counter.builder("ocsp.http.rejected")
        .description("requests dropped: workers and queue full").register(registry);
  }

  /** @return a listener that counts every decision of a router or chain */
  DecisionListener decisionListener() {
    return this::onDecision;
  }

  private void onDecision(Decision d) {
    // Tags come from closed sets (CA names, statuses, rules), never from the request itself.
    String issuer = d.rule() == Rule.UNKNOWN_ISSUER ? "(unknown)"
        : caNames.getOrDefault(d.query().issuer(), "(unknown)");
    IssuerCounters counters = decisionCounters.computeIfAbsent(issuer, IssuerCounters::new);
    counters.decision(d.status(), d.rule()).increment();
    boolean nonIssued = d.isNonIssuedRevocation() || (d.status() == CertStatus.UNKNOWN
        && d.unknownReason().orElse(null) == UnknownReason.NOT_ISSUED);
    if (nonIssued) {
      counters.nonIssued().increment();
    }
  }

  /**
   * Registers gauges of one source's state.
   *
   * @param ca the CA's name
   * @param provider the source
   */
  void watch(String ca, RevocationProvider provider) {
    Gauge.builder("certstatus.source.age", provider, p -> age(p).map(d -> d.toMillis() / 1000.0)
            .orElse(Double.NaN))
        .description("seconds since the time the source's data describes").baseUnit("seconds")
        .tag("ca", ca).tag("source", provider.id()).register(registry);
    Gauge.builder("certstatus.source.fresh", provider, p -> state(p).map(s -> s.isFresh(
            clock.instant()) ? 1.0 : 0.0).orElse(0.0))
        .description("1 if the source's data is fresh").tag("ca", ca).tag("source", provider.id())
        .register(registry);
    FunctionCounter.builder("certstatus.source.reload.failures", provider,
            p -> state(p).map(s -> (double) s.failedReloads()).orElse(0.0))
        .description("failed reloads of the source").tag("ca", ca).tag("source", provider.id())
        .register(registry);
  }

  private Optional<Duration> age(RevocationProvider p) {
    return state(p).flatMap(SourceState::version).flatMap(v -> v.asOf())
        .map(t -> Duration.between(t, clock.instant()));
  }

  private static Optional<SourceState> state(RevocationProvider p) {
    try {
      return Optional.of(p.state());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Records one HTTP request.
   *
   * @param method GET or POST (anything else is counted as {@code other})
   * @param httpStatus the HTTP status sent
   * @param outcome the OCSP outcome or a transport word such as {@code tooLarge}
   * @param size the request size in bytes, or -1 when unknown
   * @param started when the request started ({@link System#nanoTime()})
   */
  void request(String method, int httpStatus, String outcome, long size, long started) {
    String m = "GET".equals(method) || "POST".equals(method) ? method : "other";
    Timer timer = requestTimers.get(new RequestKey(m, httpStatus, outcome));
    if (timer == null) {
      timer = requestTimers.computeIfAbsent(new RequestKey(m, httpStatus, outcome),
          k -> Timer.builder("ocsp.http.requests")
              .description("HTTP requests by method, status, outcome").tag("method", k.method())
              .tag("status", Integer.toString(k.status())).tag("outcome", k.outcome())
              .publishPercentileHistogram(false).register(registry));
    }
    timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    if (size >= 0) {
      requestBytes.record(size);
    }
  }

  /** Counts a request dropped because every worker was busy and the queue was full. */
  void rejected() {
    rejected.increment();
  }

  /** @return every metric in Prometheus text format */
  String scrape() {
    return registry.scrape();
  }
}
