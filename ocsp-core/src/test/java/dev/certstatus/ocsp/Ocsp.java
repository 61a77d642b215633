package dev.certstatus.ocsp;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/** Builds OCSP requests and reads responses with BouncyCastle, independently of the engine. */
final class Ocsp {

  static final String SHA1 = "1.3.14.3.2.26";
  static final String SHA256 = "2.16.840.1.101.3.4.2.1";
  static final String SHA384 = "2.16.840.1.101.3.4.2.2";
  static final String SHA512 = "2.16.840.1.101.3.4.2.3";

  private Ocsp() {}

  /** A CertID computed here, not by the engine; SHA-1 with NULL parameters. */
  static CertificateID certId(X509Certificate issuer, BigInteger serial) {
    return certId(SHA1, true, issuer, serial);
  }

  static CertificateID certId(String hashOid, boolean nullParams, X509Certificate issuer,
      BigInteger serial) {
    try {
      String jca = hashOid.equals(SHA1) ? "SHA-1" : hashOid.equals(SHA256) ? "SHA-256"
          : hashOid.equals(SHA384) ? "SHA-384" : "SHA-512";
      byte[] nameHash = MessageDigest.getInstance(jca)
          .digest(issuer.getSubjectX500Principal().getEncoded());
      byte[] keyHash = MessageDigest.getInstance(jca).digest(SubjectPublicKeyInfo
          .getInstance(issuer.getPublicKey().getEncoded()).getPublicKeyData().getBytes());
      AlgorithmIdentifier alg = nullParams
          ? new AlgorithmIdentifier(new org.bouncycastle.asn1.ASN1ObjectIdentifier(hashOid),
              DERNull.INSTANCE)
          : new AlgorithmIdentifier(new org.bouncycastle.asn1.ASN1ObjectIdentifier(hashOid));
      return new CertificateID(new CertID(alg, new DEROctetString(nameHash),
          new DEROctetString(keyHash), new ASN1Integer(serial)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] request(CertificateID... ids) {
    return request(null, ids);
  }

  /** A request whose nonce extension holds this extnValue (null for none). */
  static byte[] request(byte[] nonceExtnValue, CertificateID... ids) {
    try {
      OCSPReqBuilder b = new OCSPReqBuilder();
      for (CertificateID id : ids) {
        b.addRequest(id);
      }
      if (nonceExtnValue != null) {
        b.setRequestExtensions(new Extensions(new Extension(
            OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, nonceExtnValue)));
      }
      return b.build().getEncoded();
    } catch (OCSPException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The extnValue of a well-formed nonce: the DER OCTET STRING around it. */
  static byte[] nonce(byte[] nonce) {
    try {
      return new DEROctetString(nonce).getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static OCSPResp parse(byte[] response) {
    try {
      return new OCSPResp(response);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses a successful response and checks its signature against the given certificate. */
  static BasicOCSPResp verified(byte[] response, X509Certificate signer) {
    try {
      OCSPResp r = parse(response);
      if (r.getStatus() != 0) {
        throw new AssertionError("response status " + r.getStatus() + ", not successful");
      }
      BasicOCSPResp basic = (BasicOCSPResp) r.getResponseObject();
      if (!basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer))) {
        throw new AssertionError("the response signature does not verify with the key of "
            + signer.getSubjectX500Principal());
      }
      return basic;
    } catch (OCSPException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }
}
