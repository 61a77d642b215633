package dev.certstatus.crl;

import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.SerialNumber;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * The one path by which a CRL becomes usable: decode (DER or PEM), check the structure, the
 * extensions and the times, and verify the signature against a permitted signer. Every problem is
 * a {@link CrlException} that names the CRL's source.
 */
final class CrlReader {

  /** CRL extensions this reader understands (RFC 5280 5.2). */
  private static final Set<ASN1ObjectIdentifier> KNOWN_CRL_EXTENSIONS = Set.of(
      Extension.authorityKeyIdentifier, Extension.issuerAlternativeName, Extension.cRLNumber,
      Extension.deltaCRLIndicator, Extension.issuingDistributionPoint, Extension.freshestCRL,
      Extension.authorityInfoAccess);

  /** CRL entry extensions this reader understands (RFC 5280 5.3). */
  private static final Set<ASN1ObjectIdentifier> KNOWN_ENTRY_EXTENSIONS = Set.of(
      Extension.reasonCode, Extension.invalidityDate, Extension.certificateIssuer,
      Extension.instructionCode);

  private static final String PEM_BEGIN = "-----BEGIN X509 CRL-----";
  private static final String PEM_END = "-----END X509 CRL-----";

  private CrlReader() {}

  /**
   * Reads and verifies one CRL.
   *
   * @param source names the CRL in errors and data versions
   * @param bytes its DER or PEM encoding
   * @param signers certificates permitted to sign CRLs (the CA and its CRL signers)
   * @param now the current instant: thisUpdate must not be after it
   * @return the verified CRL
   * @throws CrlException naming the source and the problem
   */
  static VerifiedCrl read(String source, byte[] bytes, List<Signer> signers,
      Instant now) throws CrlException {
    CertificateList list = decode(source, bytes);
    TBSCertList tbs = list.getTBSCertList();
    if (!list.getSignatureAlgorithm().equals(tbs.getSignature())) {
      throw new CrlException(source, "the signature algorithm in the signed part ("
          + tbs.getSignature().getAlgorithm() + ") differs from the outer one ("
          + list.getSignatureAlgorithm().getAlgorithm() + ")");
    }
    X500Name issuerName = tbs.getIssuer();
    X500Principal issuer;
    try {
      issuer = new X500Principal(issuerName.getEncoded(ASN1Encoding.DER));
    } catch (IOException | IllegalArgumentException e) {
      throw new CrlException(source, "unreadable issuer name", e);
    }
    Instant thisUpdate = tbs.getThisUpdate().getDate().toInstant();
    if (thisUpdate.isAfter(now)) {
      throw new CrlException(source, "thisUpdate " + thisUpdate + " is in the future (now "
          + now + ")");
    }
    Optional<Instant> nextUpdate = Optional.ofNullable(tbs.getNextUpdate())
        .map(t -> t.getDate().toInstant());
    if (nextUpdate.isPresent() && nextUpdate.get().isBefore(thisUpdate)) {
      throw new CrlException(source, "nextUpdate " + nextUpdate.get() + " is before thisUpdate "
          + thisUpdate);
    }

    Extensions exts = tbs.getExtensions();
    Optional<BigInteger> number = Optional.empty();
    Optional<BigInteger> deltaBase = Optional.empty();
    CrlScope scope = CrlScope.FULL;
    if (exts != null) {
      for (ASN1ObjectIdentifier oid : exts.getExtensionOIDs()) {
        Extension ext = exts.getExtension(oid);
        if (ext.isCritical() && !KNOWN_CRL_EXTENSIONS.contains(oid)) {
          throw new CrlException(source, "unknown critical CRL extension " + oid);
        }
      }
      try {
        Extension n = exts.getExtension(Extension.cRLNumber);
        if (n != null) {
          number = Optional.of(ASN1Integer.getInstance(n.getParsedValue()).getValue());
        }
        Extension d = exts.getExtension(Extension.deltaCRLIndicator);
        if (d != null) {
          deltaBase = Optional.of(ASN1Integer.getInstance(d.getParsedValue()).getValue());
        }
        Extension idp = exts.getExtension(Extension.issuingDistributionPoint);
        if (idp != null) {
          scope = CrlScope.of(IssuingDistributionPoint.getInstance(idp.getParsedValue()),
              issuerName);
        }
      } catch (IOException | RuntimeException e) {
        throw new CrlException(source, "unreadable CRL extension: " + e.getMessage(), e);
      }
    }
    if (deltaBase.isPresent() && number.isEmpty()) {
      throw new CrlException(source, "a delta CRL without a CRL number");
    }
    if (scope.onlyUserCerts && scope.onlyCaCerts) {
      throw new CrlException(source, "issuingDistributionPoint asserts both onlyContainsUserCerts"
          + " and onlyContainsCACerts");
    }

    PublicKey signerKey = verifySignature(source, list, issuer, signers);
    Map<X500Principal, Map<SerialNumber, RevokedEntry>> entries = readEntries(source, tbs,
        issuer);
    Map<X500Principal, RevokedIndex> index = new HashMap<>();
    for (Map.Entry<X500Principal, Map<SerialNumber, RevokedEntry>> e : entries.entrySet()) {
      if (deltaBase.isEmpty()) {
        // RFC 5280 5.3.1: removeFromCRL belongs in delta CRLs; in a complete CRL it means nothing.
        e.getValue().values().removeIf(RevokedEntry::isRemoveFromCrl);
      }
      index.put(e.getKey(), RevokedIndex.of(e.getValue()));
    }
    return new VerifiedCrl(source, issuer, issuerName, number, deltaBase, thisUpdate, nextUpdate,
        scope, index, signerKey, sha256(bytes));
  }

  private static CertificateList decode(String source, byte[] bytes) throws CrlException {
    byte[] der = bytes;
    String head = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII);
    if (!head.isEmpty() && head.charAt(0) != 0x30) {
      String text = new String(bytes, StandardCharsets.US_ASCII);
      int begin = text.indexOf(PEM_BEGIN);
      int end = text.indexOf(PEM_END);
      if (begin < 0 || end < begin) {
        throw new CrlException(source, "neither DER nor PEM (no '" + PEM_BEGIN + "' block)");
      }
      if (text.indexOf(PEM_BEGIN, begin + 1) >= 0) {
        throw new CrlException(source, "holds more than one PEM CRL; give each its own source");
      }
      try {
        der = Base64.getMimeDecoder().decode(text.substring(begin + PEM_BEGIN.length(), end));
      } catch (IllegalArgumentException e) {
        throw new CrlException(source, "bad base64 in the PEM block: " + e.getMessage(), e);
      }
    }
    try {
      return CertificateList.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | RuntimeException e) {
      throw new CrlException(source, "not a DER CertificateList (" + e.getMessage() + ")", e);
    }
  }

  private static PublicKey verifySignature(String source, CertificateList list,
      X500Principal issuer, List<Signer> signers) throws CrlException {
    X509CRLHolder holder = new X509CRLHolder(list);
    List<String> tried = new ArrayList<>();
    for (Signer signer : signers) {
      if (!signer.subject().equals(issuer)) {
        continue;
      }
      if (!signer.crlSign()) {
        tried.add(signer.description() + " lacks the cRLSign key usage");
        continue;
      }
      try {
        if (holder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer.key()))) {
          return signer.key();
        }
        tried.add("the signature does not verify with the key of " + signer.description());
      } catch (OperatorCreationException | CertException | RuntimeException e) {
        tried.add("cannot verify with the key of " + signer.description() + ": "
            + e.getMessage());
      }
    }
    if (tried.isEmpty()) {
      throw new CrlException(source, "no permitted signer is named '" + issuer.getName()
          + "' (the CRL's issuer)");
    }
    throw new CrlException(source, "not signed by a permitted signer: " + String.join("; ",
        tried));
  }

  private static Map<X500Principal, Map<SerialNumber, RevokedEntry>> readEntries(String source,
      TBSCertList tbs, X500Principal issuer) throws CrlException {
    Map<X500Principal, Map<SerialNumber, RevokedEntry>> byIssuer = new HashMap<>();
    // RFC 5280 5.3.3: an entry without certificateIssuer belongs to the previous entry's issuer,
    // the first one to the CRL issuer.
    X500Principal current = issuer;
    Map<SerialNumber, RevokedEntry> currentMap = byIssuer.computeIfAbsent(current,
        k -> new HashMap<>());
    Enumeration<?> en = tbs.getRevokedCertificateEnumeration();
    int index = 0;
    while (en.hasMoreElements()) {
      TBSCertList.CRLEntry entry;
      SerialNumber serial;
      try {
        entry = (TBSCertList.CRLEntry) en.nextElement();
        serial = SerialNumber.of(entry.getUserCertificate().getValue());
      } catch (RuntimeException e) {
        throw new CrlException(source, "unreadable entry " + index + ": " + e.getMessage(), e);
      }
      Optional<RevocationReason> reason = Optional.empty();
      Optional<Instant> invalidity = Optional.empty();
      Extensions exts = entry.getExtensions();
      if (exts != null) {
        for (ASN1ObjectIdentifier oid : exts.getExtensionOIDs()) {
          if (exts.getExtension(oid).isCritical() && !KNOWN_ENTRY_EXTENSIONS.contains(oid)) {
            throw new CrlException(source, "unknown critical extension " + oid + " in the entry"
                + " for serial " + serial.toHex());
          }
        }
        try {
          Extension r = exts.getExtension(Extension.reasonCode);
          if (r != null) {
            int code = ASN1Enumerated.getInstance(r.getParsedValue()).intValueExact();
            reason = RevocationReason.ofCode(code);
            if (reason.isEmpty()) {
              throw new CrlException(source, "the entry for serial " + serial.toHex()
                  + " has the unassigned reason code " + code);
            }
          }
          Extension inv = exts.getExtension(Extension.invalidityDate);
          if (inv != null) {
            invalidity = Optional.of(ASN1GeneralizedTime.getInstance(inv.getParsedValue())
                .getDate().toInstant());
          }
          Extension ci = exts.getExtension(Extension.certificateIssuer);
          if (ci != null) {
            current = certificateIssuer(GeneralNames.getInstance(ci.getParsedValue()));
            currentMap = byIssuer.computeIfAbsent(current, k -> new HashMap<>());
          }
        } catch (CrlException e) {
          throw e;
        } catch (java.text.ParseException | RuntimeException e) {
          throw new CrlException(source, "unreadable extension in the entry for serial "
              + serial.toHex() + ": " + e.getMessage(), e);
        }
      }
      Instant time = entry.getRevocationDate().getDate().toInstant();
      // A serial listed twice keeps its first entry: the CRL's order is the CA's.
      currentMap.putIfAbsent(serial, new RevokedEntry(time, reason, invalidity));
      index++;
    }
    return byIssuer;
  }

  /** Entries for a CA named other than by a directoryName can never match a certificate. */
  private static final X500Principal NOT_A_DIRECTORY_NAME =
      new X500Principal("CN=certificateIssuer without a directoryName, O=certstatus.invalid");

  private static X500Principal certificateIssuer(GeneralNames names) {
    for (GeneralName n : names.getNames()) {
      if (n.getTagNo() == GeneralName.directoryName) {
        X500Principal p = CrlScope.principal(n);
        if (p != null) {
          return p;
        }
      }
    }
    return NOT_A_DIRECTORY_NAME;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
