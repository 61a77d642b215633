package dev.certstatus.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

class IssuerIdTest {

  static final TestPki PKI = TestPki.withSeed(11);
  static final TestCa EC_CA = PKI.rootCa("CN=IssuerId EC CA").ec().build();
  static final TestCa RSA_CA = PKI.rootCa("CN=IssuerId RSA CA").rsa().build();
  static final BigInteger SERIAL = BigInteger.valueOf(77);

  static CertificateID bcCertId(X509Certificate ca, AlgorithmIdentifier alg) throws Exception {
    return new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(alg),
        new JcaX509CertificateHolder(ca), SERIAL);
  }

  /** A SHA-1 CertID whose AlgorithmIdentifier has no parameters, as some clients send it. */
  static CertificateID sha1WithoutParameters(X509Certificate ca) throws Exception {
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    byte[] nameHash = sha1.digest(ca.getSubjectX500Principal().getEncoded());
    byte[] keyHash = sha1.digest(SubjectPublicKeyInfo.getInstance(ca.getPublicKey().getEncoded())
        .getPublicKeyData().getBytes());
    return new CertificateID(new CertID(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1),
        new DEROctetString(nameHash), new DEROctetString(keyHash), new ASN1Integer(SERIAL)));
  }

  @Test
  void matchesSha1CertIdsWithNullAndWithAbsentParameters() throws Exception {
    for (TestCa ca : new TestCa[] {EC_CA, RSA_CA}) {
      IssuerId id = IssuerId.of(ca.certificate());
      CertificateID withNull = bcCertId(ca.certificate(),
          new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1, DERNull.INSTANCE));
      CertificateID absent = sha1WithoutParameters(ca.certificate());
      // BouncyCastle compares the DER, parameters included: the trap IssuerId avoids.
      assertThat(withNull).isNotEqualTo(absent);
      assertThat(id.matches(withNull)).isTrue();
      assertThat(id.matches(absent)).isTrue();
    }
  }

  @Test
  void matchesSha256AndLongerHashes() throws Exception {
    IssuerId id = IssuerId.of(EC_CA.certificate());
    for (AlgorithmIdentifier alg : new AlgorithmIdentifier[] {
        new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256),
        new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384),
        new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha512)}) {
      assertThat(id.matches(bcCertId(EC_CA.certificate(), alg))).as(alg.getAlgorithm().getId())
          .isTrue();
    }
  }

  @Test
  void idsBuiltApartFromEqualNamesAndKeysAreEqualWithOneHashCode() {
    for (TestCa ca : new TestCa[] {EC_CA, RSA_CA}) {
      X509Certificate c = ca.certificate();
      IssuerId held = IssuerId.of(c);
      IssuerId fresh = IssuerId.of(new X500Principal(c.getSubjectX500Principal().getEncoded()),
          c.getPublicKey());
      // Another spelling of the same name: X500Principal matches names as RFC 5280 7.1 says.
      IssuerId respelled = IssuerId.of(new X500Principal(
          c.getSubjectX500Principal().getName().toLowerCase(java.util.Locale.ROOT)),
          c.getPublicKey());
      for (IssuerId other : new IssuerId[] {fresh, respelled}) {
        assertThat(other).isNotSameAs(held).isEqualTo(held);
        assertThat(held).isEqualTo(other);
        assertThat(other.hashCode()).isEqualTo(held.hashCode());
        assertThat(Map.of(held, "chain").get(other)).isEqualTo("chain");
      }
    }
    assertThat(IssuerId.of(EC_CA.certificate())).isNotEqualTo(IssuerId.of(RSA_CA.certificate()));
  }

  @Test
  void aCaWithTheSameNameButAnotherKeyIsAnotherIssuer() throws Exception {
    TestCa impostor = PKI.rootCa("CN=IssuerId EC CA").ec().build();
    IssuerId real = IssuerId.of(EC_CA.certificate());
    IssuerId fake = IssuerId.of(impostor.certificate());
    assertThat(fake).isNotEqualTo(real);
    assertThat(real.matches(bcCertId(impostor.certificate(),
        new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)))).isFalse();
    assertThat(real.nameHash(HashAlgorithm.SHA1)).isEqualTo(fake.nameHash(HashAlgorithm.SHA1));
  }

  @Test
  void unsupportedHashAlgorithmsMatchNothing() throws Exception {
    IssuerId id = IssuerId.of(EC_CA.certificate());
    CertificateID sha1 = bcCertId(EC_CA.certificate(),
        new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1, DERNull.INSTANCE));
    CertificateID md5Labelled = new CertificateID(new CertID(
        new AlgorithmIdentifier(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.840.113549.2.5")),
        new DEROctetString(sha1.getIssuerNameHash()), new DEROctetString(sha1.getIssuerKeyHash()),
        new ASN1Integer(SERIAL)));
    assertThat(id.matches(md5Labelled)).isFalse();
  }

  @Test
  void theRouterFindsEachCaByAnyOfItsCertIds() throws Exception {
    IssuerId ec = IssuerId.of(EC_CA.certificate());
    IssuerId rsa = IssuerId.of(RSA_CA.certificate());
    DecisionChain ecChain = DecisionChain.builder(ec)
        .provider(new dev.certstatus.memory.InMemoryRevocationList("crl", ec)).build();
    DecisionChain rsaChain = DecisionChain.builder(rsa)
        .provider(new dev.certstatus.memory.InMemoryRevocationList("crl", rsa)).build();
    IssuerRouter router = IssuerRouter.of(ecChain, rsaChain);

    assertThat(router.chainFor(sha1WithoutParameters(EC_CA.certificate()))).containsSame(ecChain);
    assertThat(router.chainFor(bcCertId(RSA_CA.certificate(),
        new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)))).containsSame(rsaChain);
    TestCa stranger = PKI.rootCa("CN=Stranger").ec().build();
    assertThat(router.chainFor(sha1WithoutParameters(stranger.certificate()))).isEmpty();
  }
}
