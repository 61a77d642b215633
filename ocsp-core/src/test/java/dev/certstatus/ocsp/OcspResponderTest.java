package dev.certstatus.ocsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certstatus.testkit.TestClock;
import dev.certstatus.core.DataVersion;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.IssuerRouter;
import dev.certstatus.core.NonIssuedPolicy;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.Role;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.KeyType;
import dev.certstatus.testkit.TestPki;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OcspResponderTest {

  /** An hour into the test PKI's day, with milliseconds the responses must drop. */
  static final Instant AT = TestPki.DEFAULT_NOW.plus(Duration.ofHours(1)).plusMillis(750);
  static final Instant AT_SECONDS = AT.minusMillis(750);

  static final org.bouncycastle.asn1.ASN1ObjectIdentifier EXTENDED_REVOKE =
      new org.bouncycastle.asn1.ASN1ObjectIdentifier(OcspResponder.EXTENDED_REVOKE);

  final TestPki pki = TestPki.withSeed(7);
  final Clock clock = Clock.fixed(AT, ZoneOffset.UTC);

  OcspResponder.Builder builder(ServedCa ca) {
    return OcspResponder.builder().router(IssuerRouter.of(ca.chain()))
        .signer(ca.id(), ca.caSigner()).clock(clock);
  }

  static SingleResp single(BasicOCSPResp r) {
    assertThat(r.getResponses()).hasSize(1);
    return r.getResponses()[0];
  }

  static byte[] der(CertificateID id) {
    try {
      return id.toASN1Primitive().getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void goodAnswerIsSignedByTheCaWithTheRequestsCertIdAndWholeSecondTimes() throws Exception {
    ServedCa ca = ServedCa.of(pki, "CN=EC CA", KeyType.EC_P256);
    IssuedCert leaf = ca.issue("CN=leaf");
    CertificateID id = Ocsp.certId(ca.ca().certificate(), leaf.serial());

    OcspResult result = builder(ca).build().answer(Ocsp.request(id));

    assertThat(result.status()).isEqualTo(OcspStatus.SUCCESSFUL);
    BasicOCSPResp r = Ocsp.verified(result.encoded(), ca.ca().certificate());
    SingleResp s = single(r);
    assertThat(s.getCertStatus()).isNull(); // BouncyCastle's GOOD
    assertThat(der(s.getCertID())).isEqualTo(der(id));
    assertThat(r.getProducedAt().toInstant()).isEqualTo(AT_SECONDS);
    assertThat(s.getThisUpdate().toInstant()).isEqualTo(AT_SECONDS);
    assertThat(s.getNextUpdate().toInstant()).isEqualTo(AT_SECONDS.plus(Duration.ofDays(1)));
    assertThat(org.bouncycastle.asn1.ocsp.BasicOCSPResponse.getInstance(r.getEncoded())
        .getTbsResponseData().getProducedAt().getTimeString())
        .isEqualTo("20260101010000Z");
    assertThat(r.getCerts()).isEmpty();
    assertThat((List<?>) r.getExtensionOIDs()).isEmpty();
    RespID byKey = new RespID(SubjectPublicKeyInfo.getInstance(
        ca.ca().certificate().getPublicKey().getEncoded()), new JcaDigestCalculatorProviderBuilder()
            .build().get(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1, DERNull.INSTANCE)));
    assertThat(r.getResponderId()).isEqualTo(byKey);
    assertThat(result.producedAt()).contains(AT_SECONDS);
    assertThat(result.nextUpdate()).contains(AT_SECONDS.plus(Duration.ofDays(1)));
    assertThat(result.decisions()).hasSize(1);
    assertThat(result.detail()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"EC_P256, 1.2.840.10045.4.3.2", "EC_P384, 1.2.840.10045.4.3.2",
      "RSA_2048, 1.2.840.113549.1.1.11"})
  void signsWithSha256AndTheAlgorithmOfTheCaKey(KeyType type, String signatureOid) {
    ServedCa ca = ServedCa.of(pki, "CN=CA " + type, type);
    IssuedCert leaf = ca.issue("CN=leaf");

    byte[] response = builder(ca).build().respond(Ocsp.request(
        Ocsp.certId(ca.ca().certificate(), leaf.serial())));

    BasicOCSPResp r = Ocsp.verified(response, ca.ca().certificate());
    assertThat(r.getSignatureAlgOID().getId()).isEqualTo(signatureOid);
    assertThat(single(r).getCertStatus()).isNull();
  }

  @Test
  void signatureAlgorithmCanBeChosenAndUnsupportedKeysAreRefused() throws Exception {
    ServedCa ca = ServedCa.of(pki, "CN=P-384 CA", KeyType.EC_P384);
    OcspSigner sha384 = ca.caSigner().withSignatureAlgorithm("SHA384withECDSA");

    BasicOCSPResp r = Ocsp.verified(OcspResponder.builder().router(IssuerRouter.of(ca.chain()))
        .signer(ca.id(), sha384).clock(clock).build()
        .respond(Ocsp.request(Ocsp.certId(ca.ca().certificate(), BigInteger.ONE))),
        ca.ca().certificate());

    assertThat(r.getSignatureAlgOID().getId()).isEqualTo("1.2.840.10045.4.3.3");
    assertThat(sha384.signatureAlgorithm()).isEqualTo("SHA384withECDSA");
    KeyPair dsa = KeyPairGenerator.getInstance("DSA").generateKeyPair();
    assertThatThrownBy(() -> OcspSigner.ofCa(dsa.getPrivate(), ca.ca().certificate()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DSA key");
    assertThatThrownBy(() -> ca.caSigner().withSignatureAlgorithm("SHA256withRSA"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SHA256withRSA");
  }

  @Test
  void ed25519DelegatedResponderSignsAndTravelsWithTheResponse() throws Exception {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    X509Certificate responderCert = ed25519ResponderCertificate(ca, ed, TestPki.DEFAULT_NOW);
    OcspSigner signer = OcspSigner.delegated(ed.getPrivate(), responderCert,
        ca.ca().certificate());
    IssuedCert leaf = ca.issue("CN=leaf");

    byte[] response = OcspResponder.builder().router(IssuerRouter.of(ca.chain()))
        .signer(ca.id(), signer).clock(clock).build()
        .respond(Ocsp.request(Ocsp.certId(ca.ca().certificate(), leaf.serial())));

    BasicOCSPResp r = Ocsp.verified(response, responderCert);
    assertThat(signer.isDelegated()).isTrue();
    assertThat(r.getSignatureAlgOID().getId()).isEqualTo("1.3.101.112");
    assertThat(r.getCerts()).containsExactly(new JcaX509CertificateHolder(responderCert));
    assertThat(single(r).getCertStatus()).isNull();
  }

  /** The test kit makes EC and RSA keys only: an Ed25519 responder certificate made here. */
  static X509Certificate ed25519ResponderCertificate(ServedCa ca, KeyPair ed, Instant notBefore)
      throws Exception {
    X509Certificate caCert = ca.ca().certificate();
    org.bouncycastle.cert.X509v3CertificateBuilder b =
        new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(caCert, BigInteger.valueOf(
            0x0ed25519L), Date.from(notBefore), Date.from(notBefore.plus(Duration.ofDays(30))), new javax.security.auth.x500.X500Principal(
                    "CN=Ed25519 OCSP"), ed.getPublic())
            .addExtension(Extension.extendedKeyUsage, false,
                new org.bouncycastle.asn1.x509.ExtendedKeyUsage(
                    org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_OCSPSigning))
            .addExtension(org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nocheck,
                false, DERNull.INSTANCE);
    return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.ca().privateKey())));
  }

  @Test
  void revokedAnswerCarriesTimeReasonAndInvalidityDateInWholeSeconds() {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    Instant revokedAt = AT.minus(Duration.ofMinutes(10)).plusMillis(300);
    Instant invalidSince = AT.minus(Duration.ofDays(2)).plusMillis(900);
    IssuedCert leaf = ca.issueRevoked("CN=leaf", revokedAt, RevocationReason.KEY_COMPROMISE,
        Optional.of(invalidSince));

    BasicOCSPResp r = Ocsp.verified(builder(ca).build().respond(Ocsp.request(
        Ocsp.certId(ca.ca().certificate(), leaf.serial()))), ca.ca().certificate());

    SingleResp s = single(r);
    assertThat(s.getCertStatus()).isInstanceOf(RevokedStatus.class);
    RevokedStatus status = (RevokedStatus) s.getCertStatus();
    assertThat(status.getRevocationTime().toInstant())
        .isEqualTo(revokedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(status.getRevocationReason()).isEqualTo(CRLReason.keyCompromise);
    Extension invalidity = s.getExtension(Extension.invalidityDate);
    assertThat(invalidity).isNotNull();
    assertThat(invalidity.isCritical()).isFalse();
    assertThat(Date.from(invalidSince.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
        .isEqualTo(dateOf(ASN1GeneralizedTime.getInstance(invalidity.getParsedValue())));
    assertThat((List<?>) r.getExtensionOIDs()).isEmpty();
  }

  private static Date dateOf(ASN1GeneralizedTime t) {
    try {
      return t.getDate();
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void serialTheCaNeverIssuedIsUnknownByDefault() {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    ca.issue("CN=leaf");

    BasicOCSPResp r = Ocsp.verified(builder(ca).build().respond(Ocsp.request(
        Ocsp.certId(ca.ca().certificate(), BigInteger.valueOf(4242)))), ca.ca().certificate());

    assertThat(single(r).getCertStatus()).isInstanceOf(UnknownStatus.class);
    assertThat((List<?>) r.getExtensionOIDs()).isEmpty();
  }

  @Test
  void nonIssuedSerialUnderTheRevokedPolicyIsOnHoldSince1970WithExtendedRevoke() {
    DatedCa f = datedCa(NonIssuedPolicy.revoked(Duration.ofHours(6)));

    BasicOCSPResp r = Ocsp.verified(f.responder(builder -> builder).respond(Ocsp.request(
        Ocsp.certId(f.cert, BigInteger.valueOf(999_999)))), f.cert);

    SingleResp s = single(r);
    RevokedStatus status = (RevokedStatus) s.getCertStatus();
    assertThat(status.getRevocationTime().toInstant()).isEqualTo(Instant.EPOCH);
    assertThat(status.getRevocationReason()).isEqualTo(CRLReason.certificateHold);
    Extension ext = r.getExtension(EXTENDED_REVOKE);
    assertThat(ext).isNotNull();
    assertThat(ext.isCritical()).isFalse();
    assertThat(ext.getExtnValue().getOctets()).containsExactly(0x05, 0x00);
    assertThat((List<?>) s.getExtensionOIDs()).isEmpty(); // no CRL references
    assertThat(r.getExtensionOIDs().toArray()).containsExactly(EXTENDED_REVOKE);
  }

  @ParameterizedTest
  @CsvSource({Ocsp.SHA1 + ", true", Ocsp.SHA1 + ", false", Ocsp.SHA256 + ", false",
      Ocsp.SHA256 + ", true", Ocsp.SHA384 + ", false", Ocsp.SHA512 + ", false"})
  void matchesWithTheRequestsHashAlgorithmAndRepeatsItsCertIdExactly(String hashOid,
      boolean nullParams) {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    IssuedCert leaf = ca.issue("CN=leaf");
    CertificateID id = Ocsp.certId(hashOid, nullParams, ca.ca().certificate(), leaf.serial());

    BasicOCSPResp r = Ocsp.verified(builder(ca).build().respond(Ocsp.request(id)),
        ca.ca().certificate());

    assertThat(der(single(r).getCertID())).isEqualTo(der(id));
    assertThat(single(r).getCertStatus()).isNull();
  }

  @Test
  void answersEveryEntryInRequestOrder() {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    IssuedCert good = ca.issue("CN=good");
    IssuedCert revoked = ca.issueRevoked("CN=revoked", AT.minusSeconds(60),
        RevocationReason.SUPERSEDED, Optional.empty());
    X509Certificate c = ca.ca().certificate();
    CertificateID[] ids = {Ocsp.certId(c, revoked.serial()), Ocsp.certId(c, BigInteger.TEN),
        Ocsp.certId(Ocsp.SHA256, false, c, good.serial())};

    BasicOCSPResp r = Ocsp.verified(builder(ca).build().respond(Ocsp.request(ids)), c);

    SingleResp[] s = r.getResponses();
    assertThat(s).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(der(s[i].getCertID())).isEqualTo(der(ids[i]));
    }
    assertThat(s[0].getCertStatus()).isInstanceOf(RevokedStatus.class);
    assertThat(s[1].getCertStatus()).isInstanceOf(UnknownStatus.class);
    assertThat(s[2].getCertStatus()).isNull();
  }

  @Test
  void severalCasInOneRequestAreAnsweredByTheResponderTheyShare() {
    ServedCa one = ServedCa.of(pki, "CN=CA one", KeyType.EC_P256);
    ServedCa two = ServedCa.of(pki, "CN=CA two", KeyType.RSA_2048);
    IssuedCert a = one.issue("CN=a");
    IssuedCert b = two.issueRevoked("CN=b", AT.minusSeconds(5), RevocationReason.KEY_COMPROMISE,
        Optional.empty());
    IssuedCert responder = one.ca().ocspSigner("CN=Trusted Responder").build();
    OcspSigner shared = OcspSigner.trusted(responder.privateKey(), responder.certificate());
    OcspResponder r = OcspResponder.builder().router(IssuerRouter.of(one.chain(), two.chain()))
        .signer(one.id(), shared).signer(two.id(), shared).clock(clock).build();

    BasicOCSPResp resp = Ocsp.verified(r.respond(Ocsp.request(
        Ocsp.certId(one.ca().certificate(), a.serial()),
        Ocsp.certId(two.ca().certificate(), b.serial()))), responder.certificate());

    assertThat(resp.getResponses()).hasSize(2);
    assertThat(resp.getResponses()[0].getCertStatus()).isNull();
    assertThat(resp.getResponses()[1].getCertStatus()).isInstanceOf(RevokedStatus.class);
    assertThat(resp.getCerts()).hasSize(1);
  }

  @Test
  void casWithDifferentSignersCannotShareOneResponse() {
    ServedCa one = ServedCa.of(pki, "CN=CA one", KeyType.EC_P256);
    ServedCa two = ServedCa.of(pki, "CN=CA two", KeyType.EC_P256);
    OcspResponder r = OcspResponder.builder().router(IssuerRouter.of(one.chain(), two.chain()))
        .signer(one.id(), one.caSigner()).signer(two.id(), two.caSigner()).clock(clock).build();
    byte[] request = Ocsp.request(Ocsp.certId(one.ca().certificate(), one.issue("CN=a").serial()),
        Ocsp.certId(two.ca().certificate(), two.issue("CN=b").serial()));

    OcspResult result = r.answer(request);

    assertThat(result.status()).isEqualTo(OcspStatus.UNAUTHORIZED);
    assertThat(result.encoded()).containsExactly(0x30, 0x03, 0x0a, 0x01, 0x06);
    assertThat(result.detail().get()).contains("different signers");
    // Each CA alone is answered.
    assertThat(r.answer(Ocsp.request(Ocsp.certId(two.ca().certificate(), BigInteger.ONE)))
        .status()).isEqualTo(OcspStatus.SUCCESSFUL);
  }

  @Test
  void issuerNotServedIsUnauthorizedOrUnknownByPolicy() {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    ServedCa other = ServedCa.of(pki, "CN=Other CA", KeyType.EC_P256);
    IssuedCert leaf = ca.issue("CN=leaf");
    byte[] request = Ocsp.request(Ocsp.certId(ca.ca().certificate(), leaf.serial()),
        Ocsp.certId(other.ca().certificate(), BigInteger.ONE));

    OcspResult strict = builder(ca).build().answer(request);
    assertThat(strict.status()).isEqualTo(OcspStatus.UNAUTHORIZED);
    assertThat(strict.encoded()).containsExactly(0x30, 0x03, 0x0a, 0x01, 0x06);
    assertThat(strict.detail().get()).contains("entry 1");

    OcspResult lenient = builder(ca).unknownIssuerPolicy(UnknownIssuerPolicy.UNKNOWN).build()
        .answer(request);
    BasicOCSPResp r = Ocsp.verified(lenient.encoded(), ca.ca().certificate());
    assertThat(r.getResponses()[0].getCertStatus()).isNull();
    assertThat(r.getResponses()[1].getCertStatus()).isInstanceOf(UnknownStatus.class);
    assertThat(lenient.decisions()).hasSize(1);
  }

  @Test
  void unsupportedHashAlgorithmNamesNoServedIssuer() {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    CertificateID md5 = new CertificateID(new org.bouncycastle.asn1.ocsp.CertID(
        new AlgorithmIdentifier(new org.bouncycastle.asn1.ASN1ObjectIdentifier(
            "1.2.840.113549.2.5"), DERNull.INSTANCE),
        new org.bouncycastle.asn1.DEROctetString(new byte[16]),
        new org.bouncycastle.asn1.DEROctetString(new byte[16]),
        new org.bouncycastle.asn1.ASN1Integer(1)));

    assertThat(builder(ca).build().answer(Ocsp.request(md5)).status())
        .isEqualTo(OcspStatus.UNAUTHORIZED);
  }

  @Test
  void moreEntriesThanTheLimitIsMalformed() {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    X509Certificate c = ca.ca().certificate();
    OcspResponder r = builder(ca).maxEntries(2).build();

    assertThat(r.answer(Ocsp.request(Ocsp.certId(c, BigInteger.ONE),
        Ocsp.certId(c, BigInteger.TWO))).status()).isEqualTo(OcspStatus.SUCCESSFUL);
    OcspResult three = r.answer(Ocsp.request(Ocsp.certId(c, BigInteger.ONE),
        Ocsp.certId(c, BigInteger.TWO), Ocsp.certId(c, BigInteger.TEN)));
    assertThat(three.status()).isEqualTo(OcspStatus.MALFORMED_REQUEST);
    assertThat(three.encoded()).containsExactly(0x30, 0x03, 0x0a, 0x01, 0x01);
    assertThat(three.detail().get()).contains("more than 2 entries");
  }

  @Test
  void tryLaterOnlyWhenNoEntryCanBeAnswered() {
    DatedCa f = datedCa(NonIssuedPolicy.unknown());
    OcspResponder r = f.responder(b -> b);
    byte[] request = Ocsp.request(Ocsp.certId(f.cert, f.issuedSerial),
        Ocsp.certId(f.cert, BigInteger.valueOf(77)));
    f.crl.unavailable(true);

    OcspResult down = r.answer(request);
    assertThat(down.status()).isEqualTo(OcspStatus.TRY_LATER);
    assertThat(down.encoded()).containsExactly(0x30, 0x03, 0x0a, 0x01, 0x03);

    // With only the issuance source down, neither entry can be answered either (rule 5).
    f.crl.unavailable(false);
    f.serials.unavailable(true);
    assertThat(r.answer(request).status()).isEqualTo(OcspStatus.TRY_LATER);

    // A revoked serial is still answerable with the issuance source down (rule 1 comes first):
    // the response is signed, and the other entry says unknown.
    f.crl.revoked(SerialNumber.of(77), AT.minusSeconds(1));
    BasicOCSPResp mixed = Ocsp.verified(r.respond(request), f.cert);
    assertThat(mixed.getResponses()[0].getCertStatus()).isInstanceOf(UnknownStatus.class);
    assertThat(mixed.getResponses()[1].getCertStatus()).isInstanceOf(RevokedStatus.class);
  }

  @Test
  void internalFailureIsInternalError() {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    Clock broken = TestClock.failing("the clock broke");

    OcspResult result = builder(ca).clock(broken).build().answer(Ocsp.request(
        Ocsp.certId(ca.ca().certificate(), BigInteger.ONE)));

    assertThat(result.status()).isEqualTo(OcspStatus.INTERNAL_ERROR);
    assertThat(result.encoded()).containsExactly(0x30, 0x03, 0x0a, 0x01, 0x02);
    assertThat(result.detail().get()).contains("the clock broke");
  }

  @Test
  void requiredRequestSignaturesAreCheckedAgainstTrustedRequestors() throws Exception {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    IssuedCert leaf = ca.issue("CN=leaf");
    ServedCa requestorCa = ServedCa.of(pki, "CN=Requestor CA", KeyType.EC_P256);
    IssuedCert client = requestorCa.issue("CN=client");
    ServedCa strangerCa = ServedCa.of(pki, "CN=Stranger CA", KeyType.EC_P256);
    IssuedCert stranger = strangerCa.issue("CN=stranger");
    OcspResponder r = builder(ca)
        .requireSignedRequests(List.of(requestorCa.ca().certificate())).build();
    CertificateID id = Ocsp.certId(ca.ca().certificate(), leaf.serial());

    OcspResult unsigned = r.answer(Ocsp.request(id));
    assertThat(unsigned.status()).isEqualTo(OcspStatus.SIG_REQUIRED);
    assertThat(unsigned.encoded()).containsExactly(0x30, 0x03, 0x0a, 0x01, 0x05);

    assertThat(r.answer(signedRequest(id, client)).status()).isEqualTo(OcspStatus.SUCCESSFUL);
    OcspResult untrusted = r.answer(signedRequest(id, stranger));
    assertThat(untrusted.status()).isEqualTo(OcspStatus.UNAUTHORIZED);
    assertThat(untrusted.detail().get()).contains("trusted requestor");

    // Without the requirement, a signature is neither needed nor looked at.
    assertThat(builder(ca).build().answer(signedRequest(id, stranger)).status())
        .isEqualTo(OcspStatus.SUCCESSFUL);
  }

  private static byte[] signedRequest(CertificateID id, IssuedCert signer) throws Exception {
    X509CertificateHolder holder = new JcaX509CertificateHolder(signer.certificate());
    return new OCSPReqBuilder().setRequestorName(holder.getSubject()).addRequest(id)
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.privateKey()),
            new X509CertificateHolder[] {holder})
        .getEncoded();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 15, 16, 32, 33, 127, 128})
  void nonceOfOneTo128OctetsIsEchoedByteForByte(int length) {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    byte[] nonce = new byte[length];
    Arrays.fill(nonce, (byte) 0xa5);
    nonce[0] = (byte) length;
    byte[] extnValue = Ocsp.nonce(nonce);

    BasicOCSPResp r = Ocsp.verified(builder(ca).build().respond(Ocsp.request(extnValue,
        Ocsp.certId(ca.ca().certificate(), BigInteger.ONE))), ca.ca().certificate());

    Extension echoed = r.getExtension(
        org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
    assertThat(echoed).isNotNull();
    assertThat(echoed.isCritical()).isFalse();
    assertThat(echoed.getExtnValue().getOctets()).isEqualTo(extnValue);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 129, 1000})
  void nonceOutsideRfc9654BoundsIsMalformed(int length) {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);

    OcspResult result = builder(ca).build().answer(Ocsp.request(Ocsp.nonce(new byte[length]),
        Ocsp.certId(ca.ca().certificate(), BigInteger.ONE)));

    assertThat(result.status()).isEqualTo(OcspStatus.MALFORMED_REQUEST);
    assertThat(result.detail().get()).contains("nonce of " + length + " octets");
  }

  @Test
  void nonceThatIsNotAnOctetStringIsMalformed() {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    byte[] raw = new byte[32]; // RFC 2560 style: the nonce itself as extnValue
    Arrays.fill(raw, (byte) 0x31);

    OcspResult result = builder(ca).build().answer(Ocsp.request(raw,
        Ocsp.certId(ca.ca().certificate(), BigInteger.ONE)));

    assertThat(result.status()).isEqualTo(OcspStatus.MALFORMED_REQUEST);
    assertThat(result.detail().get()).contains("not an OCTET STRING");
  }

  @Test
  void noncePoliciesDecideWhetherANonceIsNeededAndEchoed() {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    CertificateID id = Ocsp.certId(ca.ca().certificate(), BigInteger.ONE);
    byte[] withNonce = Ocsp.request(Ocsp.nonce(new byte[20]), id);
    byte[] without = Ocsp.request(id);
    org.bouncycastle.asn1.ASN1ObjectIdentifier nonceOid =
        org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce;

    OcspResponder required = builder(ca).noncePolicy(NoncePolicy.REQUIRED).build();
    assertThat(required.answer(without).status()).isEqualTo(OcspStatus.MALFORMED_REQUEST);
    assertThat(Ocsp.verified(required.respond(withNonce), ca.ca().certificate())
        .getExtension(nonceOid)).isNotNull();

    OcspResponder ignore = builder(ca).noncePolicy(NoncePolicy.IGNORE).build();
    assertThat(Ocsp.verified(ignore.respond(withNonce), ca.ca().certificate())
        .getExtension(nonceOid)).isNull();

    OcspResponder sixteen = builder(ca).ignoreNoncesShorterThan(16).build();
    assertThat(Ocsp.verified(sixteen.respond(Ocsp.request(Ocsp.nonce(new byte[15]), id)),
        ca.ca().certificate()).getExtension(nonceOid)).isNull();
    assertThat(Ocsp.verified(sixteen.respond(Ocsp.request(Ocsp.nonce(new byte[16]), id)),
        ca.ca().certificate()).getExtension(nonceOid)).isNotNull();
    assertThatThrownBy(() -> builder(ca).ignoreNoncesShorterThan(17))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("17");
  }

  @Test
  void thisUpdateIsTheOldestDataAndNextUpdateTheEarliestFreshnessWithinTheMaximum() {
    DatedCa f = datedCa(NonIssuedPolicy.unknown());
    f.crl.version(DataVersion.of("CRL #7", AT_SECONDS.minus(Duration.ofHours(2)).plusMillis(400),
        AT_SECONDS.plus(Duration.ofHours(3)).plusMillis(400)));
    f.serials.version(DataVersion.of("export", AT.minus(Duration.ofMinutes(30)),
        AT.plus(Duration.ofHours(10))));
    byte[] request = Ocsp.request(Ocsp.certId(f.cert, f.issuedSerial));

    SingleResp s = single(Ocsp.verified(f.responder(b -> b).respond(request), f.cert));
    assertThat(s.getThisUpdate().toInstant()).isEqualTo(AT_SECONDS.minus(Duration.ofHours(2)));
    assertThat(s.getNextUpdate().toInstant()).isEqualTo(AT_SECONDS.plus(Duration.ofHours(3)));

    SingleResp capped = single(Ocsp.verified(f.responder(b -> b.maxValidity(Duration.ofHours(1)))
        .respond(request), f.cert));
    assertThat(capped.getNextUpdate().toInstant()).isEqualTo(AT_SECONDS.plus(Duration.ofHours(1)));

    // A revocation already recorded for later ends the GOOD answer's validity at that time.
    f.crl.revoked(f.leafSerial(), AT.plus(Duration.ofMinutes(20)));
    SingleResp scheduled = single(Ocsp.verified(f.responder(b -> b).respond(request), f.cert));
    assertThat(scheduled.getCertStatus()).isNull();
    assertThat(scheduled.getNextUpdate().toInstant())
        .isEqualTo(AT_SECONDS.plus(Duration.ofMinutes(20)));
  }

  @Test
  void responderIdByNameWhenConfigured() {
    ServedCa ca = ServedCa.of(pki, "CN=Named CA", KeyType.EC_P256);

    BasicOCSPResp r = Ocsp.verified(builder(ca).responderIdType(ResponderIdType.NAME).build()
        .respond(Ocsp.request(Ocsp.certId(ca.ca().certificate(), BigInteger.ONE))),
        ca.ca().certificate());

    assertThat(r.getResponderId()).isEqualTo(new RespID(
        org.bouncycastle.asn1.x500.X500Name.getInstance(
            ca.ca().certificate().getSubjectX500Principal().getEncoded())));
  }

  @Test
  void delegatedSignerMustBeAnOcspSignerIssuedByTheCaWithItsKey() {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    ServedCa other = ServedCa.of(pki, "CN=Other", KeyType.EC_P256);
    X509Certificate caCert = ca.ca().certificate();
    IssuedCert noEku = ca.ca().issue("CN=plain").noCheck(true).build();
    IssuedCert noCheck = ca.ca().ocspSigner("CN=checked").noCheck(false).build();
    IssuedCert foreign = other.ca().ocspSigner("CN=foreign").build();
    IssuedCert good = ca.ca().ocspSigner("CN=good").build();

    assertThatThrownBy(() -> OcspSigner.delegated(noEku.privateKey(), noEku.certificate(), caCert))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id-kp-OCSPSigning");
    assertThatThrownBy(() -> OcspSigner.delegated(noCheck.privateKey(), noCheck.certificate(),
        caCert)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nocheck");
    assertThatThrownBy(() -> OcspSigner.delegated(foreign.privateKey(), foreign.certificate(),
        caCert)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not by the CA");
    assertThatThrownBy(() -> OcspSigner.delegated(noEku.privateKey(), good.certificate(), caCert))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
    assertThat(OcspSigner.delegated(good.privateKey(), good.certificate(), caCert).ca())
        .contains(ca.id());
  }

  @Test
  void builderRefusesSignersThatDoNotFitTheRouter() {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    ServedCa other = ServedCa.of(pki, "CN=Other", KeyType.EC_P256);
    IssuerRouter router = IssuerRouter.of(ca.chain());

    assertThatThrownBy(() -> OcspResponder.builder().router(router).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no signer for CN=CA");
    assertThatThrownBy(() -> OcspResponder.builder().signer(ca.id(), other.caSigner()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not for CN=CA");
    assertThatThrownBy(() -> OcspResponder.builder().router(router)
        .signer(ca.id(), ca.caSigner()).signer(other.id(), other.caSigner()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not serve");
    assertThatThrownBy(() -> OcspResponder.builder().maxRequestBytes(10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10");
  }

  @Test
  void streamIsRefusedBeforeBufferingWhenTheDeclaredLengthIsOverTheLimit() throws IOException {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    OcspResponder r = builder(ca).build();
    // Declares 1 GiB and would go on forever: only the header may be read.
    CountingStream huge = new CountingStream(new byte[] {0x30, (byte) 0x84, 0x40, 0, 0, 0});

    OcspResult result = r.answer(huge);

    assertThat(result.status()).isEqualTo(OcspStatus.MALFORMED_REQUEST);
    assertThat(result.detail().get()).contains("limit is 16384");
    assertThat(huge.read).isLessThanOrEqualTo(6);
  }

  @Test
  void streamAnswersLikeBytesAndRefusesTruncatedOrTrailingInput() throws IOException {
    ServedCa ca = ServedCa.of(pki, "CN=CA", KeyType.EC_P256);
    IssuedCert leaf = ca.issue("CN=leaf");
    OcspResponder r = builder(ca).build();
    byte[] request = Ocsp.request(Ocsp.certId(ca.ca().certificate(), leaf.serial()));

    OcspResult ok = r.answer(new ByteArrayInputStream(request));
    assertThat(ok.status()).isEqualTo(OcspStatus.SUCCESSFUL);
    assertThat(single(Ocsp.verified(ok.encoded(), ca.ca().certificate())).getCertStatus())
        .isNull();

    OcspResult truncated = r.answer(new ByteArrayInputStream(
        Arrays.copyOf(request, request.length - 1)));
    assertThat(truncated.status()).isEqualTo(OcspStatus.MALFORMED_REQUEST);
    assertThat(truncated.detail().get()).contains("truncated");

    OcspResult trailing = r.answer(new ByteArrayInputStream(
        Arrays.copyOf(request, request.length + 1)));
    assertThat(trailing.status()).isEqualTo(OcspStatus.MALFORMED_REQUEST);
    assertThat(trailing.detail().get()).contains("after the end");

    assertThat(r.answer(new ByteArrayInputStream(new byte[0])).status())
        .isEqualTo(OcspStatus.MALFORMED_REQUEST);
  }

  /** Repeats a header, then zeros without end, counting what was read. */
  static final class CountingStream extends InputStream {
    private final byte[] head;
    int read;

    CountingStream(byte[] head) {
      this.head = head;
    }

    @Override
    public int read() {
      int b = read < head.length ? head[read] & 0xff : 0;
      read++;
      return b;
    }
  }

  /** A CA decided by dated sources: an issued-serial export and a CRL. */
  record DatedCa(X509Certificate cert, IssuerId id, DatedProvider serials, DatedProvider crl,
      DecisionChain chain, OcspSigner signer, BigInteger issuedSerial) {

    SerialNumber leafSerial() {
      return SerialNumber.of(issuedSerial);
    }

    OcspResponder responder(java.util.function.UnaryOperator<OcspResponder.Builder> config) {
      return config.apply(OcspResponder.builder().router(IssuerRouter.of(chain))
          .signer(id, signer).clock(Clock.fixed(AT, ZoneOffset.UTC))).build();
    }
  }

  DatedCa datedCa(NonIssuedPolicy policy) {
    ServedCa ca = ServedCa.of(pki, "CN=Dated CA", KeyType.EC_P256);
    IssuedCert leaf = ca.issue("CN=leaf");
    DatedProvider serials = new DatedProvider("export", Role.ISSUANCE, ca.id(),
        DataVersion.of("export", AT.minus(Duration.ofHours(1)), AT.plus(Duration.ofDays(2))))
        .issued(SerialNumber.of(leaf.serial()));
    DatedProvider crl = new DatedProvider("crl", Role.REVOCATION, ca.id(),
        DataVersion.of("CRL #1", AT.minus(Duration.ofHours(1)), AT.plus(Duration.ofDays(2))));
    DecisionChain chain = DecisionChain.builder(ca.id()).provider(serials).provider(crl)
        .nonIssuedPolicy(policy).build();
    return new DatedCa(ca.ca().certificate(), ca.id(), serials, crl, chain, ca.caSigner(),
        leaf.serial());
  }
}
