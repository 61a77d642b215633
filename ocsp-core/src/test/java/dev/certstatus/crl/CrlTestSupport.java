package dev.certstatus.crl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certstatus.testkit.TestClock;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.Role;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.TestCa;
import java.math.BigInteger;
import java.security.cert.X509Certificate;

/** A CA under test, a movable clock, and lookups against a provider for that CA. */
abstract class CrlTestSupport {

  TestCa ca;
  TestClock clock;

  CrlRevocationProvider.Builder provider() {
    return CrlRevocationProvider.builder("crl", ca.certificate()).clock(clock);
  }

  Finding find(CrlRevocationProvider p, IssuedCert cert) {
    return find(p, cert.certificate());
  }

  Finding find(CrlRevocationProvider p, X509Certificate cert) {
    return p.find(Role.REVOCATION, StatusQuery.of(IssuerId.of(ca.certificate()), cert,
        clock.instant()));
  }

  Finding findSerial(CrlRevocationProvider p, BigInteger serial) {
    return p.find(Role.REVOCATION, StatusQuery.of(IssuerId.of(ca.certificate()),
        SerialNumber.of(serial), clock.instant()));
  }

  static String cause(Finding f) {
    assertThat(f).isInstanceOf(Finding.Unavailable.class);
    return ((Finding.Unavailable) f).cause();
  }
}
