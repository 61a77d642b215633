package dev.certstatus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certstatus.core.Decision;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.memory.InMemoryIssuedSerials;
import dev.certstatus.memory.InMemoryRevocationList;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text forms of a decision: the JSON contract of {@code check --json}, the line, explain. */
class DecisionTextTest {

  private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
  private final TestCa ca = TestPki.withSeed(8).rootCa("CN=Text CA \\\"quoted\\\"").ec().build();
  private final IssuerId issuer = IssuerId.of(ca.certificate());
  private final DecisionChain chain = DecisionChain.builder(issuer)
      .provider(new InMemoryIssuedSerials("issued", issuer).add(SerialNumber.parseHex("1001"))
          .add(SerialNumber.parseHex("1002")))
      .provider(new InMemoryRevocationList("crl", issuer).revoke(SerialNumber.parseHex("1002"),
          Instant.parse("2026-03-01T00:00:00Z"), RevocationReason.KEY_COMPROMISE))
      .build();

  private Map<String, Object> json(String hex) {
    Decision d = chain.decide(StatusQuery.of(issuer, SerialNumber.parseHex(hex), AT));
    String text = DecisionText.json(d);
    assertThat(text).doesNotContain("\n");
    return MiniJson.object(text);
  }

  @Test
  void goodHasNoReasonAndNamesTheRule() {
    Map<String, Object> o = json("1001");
    assertThat(o).containsEntry("status", "GOOD").containsEntry("serial", "1001")
        .containsEntry("reason", null).containsEntry("revocationTime", null)
        .containsEntry("rule", "ISSUED").containsEntry("issuer", "CN=Text CA \\\"quoted\\\"");
    assertThat(o.get("findings")).asList().hasSize(2);
  }

  @Test
  void revokedGivesTheCrlReasonNameAndTime() {
    Map<String, Object> o = json("1002");
    assertThat(o).containsEntry("status", "REVOKED").containsEntry("reason", "keyCompromise")
        .containsEntry("revocationTime", "2026-03-01T00:00:00Z").containsEntry("rule", "REVOKED");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> findings = (List<Map<String, Object>>) o.get("findings");
    assertThat(findings).extracting(f -> f.get("provider"), f -> f.get("finding"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("crl", "revoked"),
            org.assertj.core.groups.Tuple.tuple("issued", "issued"));
    assertThat(findings.get(0)).containsEntry("reason", "keyCompromise")
        .containsEntry("role", "revocation");
  }

  @Test
  void aSerialTheCaNeverIssuedIsUnknownWithNotIssued() {
    Map<String, Object> o = json("0BAD");
    assertThat(o).containsEntry("status", "UNKNOWN").containsEntry("serial", "0bad")
        .containsEntry("reason", "NOT_ISSUED").containsEntry("rule", "NOT_ISSUED")
        .containsEntry("nonIssued", true);
  }

  @Test
  void theLineAndTheExplanationSayWhy() {
    Decision d = chain.decide(StatusQuery.of(issuer, SerialNumber.parseHex("0bad"), AT));
    assertThat(DecisionText.line(d)).startsWith("UNKNOWN (NOT_ISSUED): serial 0bad of")
        .endsWith("(rule 6 NOT_ISSUED)");
    assertThat(DecisionText.explain(d)).contains("rule 6 fired", "issued [issuance] never issued",
        "crl [revocation] not revoked", "what it means: the CA's issuance records have no"
            + " certificate with this serial");
  }
}
