package dev.certstatus.ocsp;

import dev.certstatus.core.HashAlgorithm;
import dev.certstatus.core.SerialNumber;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPRequest;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.Req;

/**
 * Turns request bytes into a {@link Request}, or a {@link Der.MalformedException} that says what
 * is wrong. The bytes pass the strict DER check and the entry count limit before BouncyCastle
 * parses them, and every BouncyCastle failure, whatever its type, becomes malformed.
 */
final class RequestReader {

  /**
   * Deep enough for any OCSP request, signed ones with certificate chains included (a
   * certificate's extensions sit about 12 levels below the request), and shallow enough that no
   * recursive parser comes near the end of its stack.
   */
  static final int MAX_DEPTH = 24;

  /** The bounds of RFC 9654 2.1: {@code Nonce ::= OCTET STRING(SIZE(1..128))}. */
  static final int MAX_NONCE = 128;

  /** One entry of the requestList. */
  record Entry(CertID certId, Optional<HashAlgorithm> algorithm, byte[] nameHash, byte[] keyHash,
      SerialNumber serial, byte[] certIdDer) {

    /** The cache key: the CertID as encoded, which the response repeats. */
    ByteBuffer key() {
      return ByteBuffer.wrap(certIdDer);
    }
  }

  /**
   * A parsed request.
   *
   * @param bc the BouncyCastle form, for signature checks
   * @param entries the entries in request order
   * @param nonce the extnValue of the nonce extension (an encoded OCTET STRING), if any
   * @param nonceLength the length of the nonce inside it, 0 if none
   */
  record Request(OCSPReq bc, List<Entry> entries, Optional<byte[]> nonce, int nonceLength) {}

  private RequestReader() {}

  static Request read(byte[] der, int maxEntries) throws Der.MalformedException {
    Der.checkStructure(der, MAX_DEPTH);
    checkEntryCount(der, maxEntries);
    OCSPRequest asn1;
    OCSPReq req;
    try {
      asn1 = OCSPRequest.getInstance(ASN1Primitive.fromByteArray(der));
      req = new OCSPReq(asn1);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      throw new Der.MalformedException("not an OCSP request: " + e);
    }
    try {
      return interpret(asn1, req);
    } catch (RuntimeException | StackOverflowError e) {
      throw new Der.MalformedException("unreadable OCSP request: " + e);
    }
  }

  /** Finds the requestList by walking the headers, and counts it before anything is built. */
  private static void checkEntryCount(byte[] der, int maxEntries) throws Der.MalformedException {
    Der.Tlv top = Der.header(der, 0, der.length);
    if (top.tag() != Der.SEQUENCE) {
      throw new Der.MalformedException("not an OCSP request: the outer element is not a SEQUENCE");
    }
    Der.Tlv tbs = Der.header(der, top.contentStart(), top.contentEnd());
    if (tbs.tag() != Der.SEQUENCE) {
      throw new Der.MalformedException("not an OCSP request: tbsRequest is not a SEQUENCE");
    }
    Der.Tlv t = Der.header(der, tbs.contentStart(), tbs.contentEnd());
    // [0] version and [1] requestorName come first when present.
    while (t.tag() == 0xa0 || t.tag() == 0xa1) {
      t = Der.header(der, t.contentEnd(), tbs.contentEnd());
    }
    if (t.tag() != Der.SEQUENCE) {
      throw new Der.MalformedException("not an OCSP request: no requestList");
    }
    int n = Der.countChildren(der, t, maxEntries);
    if (n == 0) {
      throw new Der.MalformedException("the requestList is empty");
    }
    if (n > maxEntries) {
      throw new Der.MalformedException("more than " + maxEntries + " entries in the request");
    }
  }

  private static Request interpret(OCSPRequest asn1, OCSPReq req) throws Der.MalformedException {
    if (req.getVersionNumber() != 1) {
      throw new Der.MalformedException("unsupported request version " + req.getVersionNumber());
    }
    Optional<byte[]> nonce = Optional.empty();
    int nonceLength = 0;
    Extensions exts = asn1.getTbsRequest().getRequestExtensions();
    if (exts != null) {
      Enumeration<?> oids = exts.oids();
      while (oids.hasMoreElements()) {
        ASN1ObjectIdentifier oid = (ASN1ObjectIdentifier) oids.nextElement();
        Extension e = exts.getExtension(oid);
        if (oid.equals(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)) {
          byte[] value = e.getExtnValue().getOctets();
          nonceLength = nonceLength(value);
          nonce = Optional.of(value);
        } else if (e.isCritical()) {
          throw new Der.MalformedException("unsupported critical request extension " + oid);
        }
      }
    }
    Req[] list = req.getRequestList();
    List<Entry> entries = new ArrayList<>(list.length);
    for (Req r : list) {
      entries.add(entry(r));
    }
    return new Request(req, List.copyOf(entries), nonce, nonceLength);
  }

  private static Entry entry(Req r) throws Der.MalformedException {
    Extensions single = r.getSingleRequestExtensions();
    if (single != null && single.getCriticalExtensionOIDs().length > 0) {
      throw new Der.MalformedException("unsupported critical singleRequestExtension "
          + single.getCriticalExtensionOIDs()[0]);
    }
    CertID id = CertID.getInstance(r.getCertID().toASN1Primitive());
    ASN1Encodable params = id.getHashAlgorithm().getParameters();
    if (params != null && !DERNull.INSTANCE.equals(params)) {
      throw new Der.MalformedException("CertID hash algorithm "
          + id.getHashAlgorithm().getAlgorithm() + " has parameters other than NULL");
    }
    SerialNumber serial;
    try {
      serial = SerialNumber.of(id.getSerialNumber().getValue());
    } catch (IllegalArgumentException e) {
      throw new Der.MalformedException("CertID serial: " + e.getMessage());
    }
    byte[] encoded;
    try {
      encoded = id.getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new Der.MalformedException("CertID cannot be encoded: " + e.getMessage());
    }
    return new Entry(id, HashAlgorithm.forOid(id.getHashAlgorithm().getAlgorithm().getId()),
        id.getIssuerNameHash().getOctets(), id.getIssuerKeyHash().getOctets(), serial, encoded);
  }

  /**
   * RFC 9654 2.1: the extnValue is the DER encoding of {@code Nonce ::= OCTET
   * STRING(SIZE(1..128))}. Anything else is a malformed request.
   */
  private static int nonceLength(byte[] value) throws Der.MalformedException {
    if (value.length == 0 || (value[0] & 0xff) != Der.OCTET_STRING) {
      throw new Der.MalformedException("the nonce extension's value is not an OCTET STRING");
    }
    Der.Tlv t = Der.header(value, 0, value.length);
    if (t.contentEnd() != value.length) {
      throw new Der.MalformedException("octets after the nonce");
    }
    int n = t.contentEnd() - t.contentStart();
    if (n < 1 || n > MAX_NONCE) {
      throw new Der.MalformedException("a nonce of " + n + " octets (RFC 9654 allows 1 to "
          + MAX_NONCE + ")");
    }
    return n;
  }
}
