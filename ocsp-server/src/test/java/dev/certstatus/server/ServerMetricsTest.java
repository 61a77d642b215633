package dev.certstatus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certstatus.core.CertStatus;
import dev.certstatus.core.Decision;
import dev.certstatus.core.DecisionListener;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.Rule;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.core.UnknownReason;
import dev.certstatus.testkit.TestPki;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void repeatedDecisionsAddUpPerIssuerStatusAndRule() {
    TestPki pki = TestPki.withSeed(7);
    IssuerId a = IssuerId.of(pki.rootCa("CN=A").build().certificate());
    IssuerId b = IssuerId.of(pki.rootCa("CN=B").build().certificate());
    IssuerId stranger = IssuerId.of(pki.rootCa("CN=Stranger").build().certificate());
    ServerMetrics metrics = new ServerMetrics(Map.of(a, "a", b, "b"),
        Clock.fixed(NOW, ZoneOffset.UTC));
    DecisionListener listener = metrics.decisionListener();
    for (int i = 0; i < 3; i++) {
      listener.onDecision(good(a));
    }
    for (int i = 0; i < 2; i++) {
      listener.onDecision(unknown(b, UnknownReason.NOT_ISSUED, Rule.NOT_ISSUED));
    }
    listener.onDecision(good(b));
    listener.onDecision(unknown(stranger, UnknownReason.UNKNOWN_ISSUER, Rule.UNKNOWN_ISSUER));

    assertThat(metrics.scrape()).contains(
        "certstatus_decisions_total{issuer=\"a\",rule=\"5-ISSUED\",status=\"GOOD\"} 3.0",
        "certstatus_decisions_total{issuer=\"b\",rule=\"6-NOT_ISSUED\",status=\"UNKNOWN\"} 2.0",
        "certstatus_decisions_total{issuer=\"b\",rule=\"5-ISSUED\",status=\"GOOD\"} 1.0",
        "certstatus_decisions_total{issuer=\"(unknown)\",rule=\"0-UNKNOWN_ISSUER\","
            + "status=\"UNKNOWN\"} 1.0",
        "certstatus_non_issued_requests_total{issuer=\"b\"} 2.0")
        .doesNotContain("certstatus_non_issued_requests_total{issuer=\"a\"}");
  }

  @Test
  void requestTimersAreCountedPerMethodStatusAndOutcome() {
    ServerMetrics metrics = new ServerMetrics(Map.of(), Clock.fixed(NOW, ZoneOffset.UTC));
    long started = System.nanoTime();
    metrics.request("POST", 200, "successful", 100, started);
    metrics.request("POST", 200, "successful", 100, started);
    metrics.request("PUT", 405, "method-not-allowed", -1, started);
    metrics.rejected();
    metrics.rejected();

    assertThat(metrics.scrape()).contains(
        "ocsp_http_requests_seconds_count{method=\"POST\",outcome=\"successful\",status=\"200\"} 2",
        "ocsp_http_requests_seconds_count{method=\"other\",outcome=\"method-not-allowed\","
            + "status=\"405\"} 1",
        "ocsp_request_size_bytes_count 2",
        "ocsp_http_rejected_total 2.0");
  }

  private static Decision good(IssuerId issuer) {
    return new Decision(query(issuer), CertStatus.GOOD, Optional.empty(), Optional.empty(),
        Rule.ISSUED, List.of());
  }

  private static Decision unknown(IssuerId issuer, UnknownReason reason, Rule rule) {
    return new Decision(query(issuer), CertStatus.UNKNOWN, Optional.empty(), Optional.of(reason),
        rule, List.of());
  }

  private static StatusQuery query(IssuerId issuer) {
    return StatusQuery.of(issuer, SerialNumber.of(42), NOW);
  }
}
