package dev.certstatus.ocsp;

import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.NonIssuedPolicy;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.memory.InMemoryIssuedSerials;
import dev.certstatus.memory.InMemoryRevocationList;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.KeyType;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.time.Instant;
import java.util.Optional;

/** A test CA with the two in-memory sources a responder decides from, and its chain. */
record ServedCa(TestCa ca, InMemoryIssuedSerials issued, InMemoryRevocationList revocations,
    DecisionChain chain) {

  static ServedCa of(TestPki pki, String dn, KeyType keyType) {
    return of(pki, dn, keyType, NonIssuedPolicy.unknown());
  }

  static ServedCa of(TestPki pki, String dn, KeyType keyType, NonIssuedPolicy nonIssued) {
    TestCa ca = pki.rootCa(dn).keyType(keyType).build();
    IssuerId id = IssuerId.of(ca.certificate());
    InMemoryIssuedSerials issued = new InMemoryIssuedSerials("issued", id);
    InMemoryRevocationList revocations = new InMemoryRevocationList("crl", id);
    DecisionChain chain = DecisionChain.builder(id).provider(issued).provider(revocations)
        .nonIssuedPolicy(nonIssued).build();
    return new ServedCa(ca, issued, revocations, chain);
  }

  IssuerId id() {
    return chain.issuer();
  }

  /** Issues a certificate and records it in the issued set. */
  IssuedCert issue(String dn) {
    IssuedCert c = ca.issue(dn).build();
    issued.add(c.certificate());
    return c;
  }

  /** Issues, records and revokes a certificate. */
  IssuedCert issueRevoked(String dn, Instant at, RevocationReason reason,
      Optional<Instant> invalidityDate) {
    IssuedCert c = issue(dn);
    revocations.revoke(SerialNumber.of(c.serial()), at, Optional.of(reason), invalidityDate);
    return c;
  }

  OcspSigner caSigner() {
    return OcspSigner.ofCa(ca.privateKey(), ca.certificate());
  }
}
