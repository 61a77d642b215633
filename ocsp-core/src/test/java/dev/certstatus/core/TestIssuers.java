package dev.certstatus.core;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import javax.security.auth.x500.X500Principal;

/** Issuer ids for tests that need no certificate. */
final class TestIssuers {

  static final IssuerId CA = issuer("CN=Test CA");
  static final IssuerId OTHER_CA = issuer("CN=Other CA");

  private TestIssuers() {}

  static IssuerId issuer(String name) {
    return IssuerId.of(new X500Principal(name), newKey());
  }

  private static PublicKey newKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair().getPublic();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
