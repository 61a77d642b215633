package dev.certstatus.testkit;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/** Assembles and signs certificates; shared by the CA and end-entity builders. */
final class Certificates {
    private Certificates() {
    }

    /** An extension given by OID, criticality and DER value, for tests that need odd ones. */
    record Extra(ASN1ObjectIdentifier oid, boolean critical, byte[] derValue) {
        static Extra of(String oid, boolean critical, byte[] derValue) {
            if (derValue == null || derValue.length == 0) {
                throw new IllegalArgumentException("extension " + oid + " needs a DER value, got none");
            }
            ASN1ObjectIdentifier parsed;
            try {
                parsed = new ASN1ObjectIdentifier(oid);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("not an object identifier: '" + oid + "'", e);
            }
            return new Extra(parsed, critical, derValue.clone());
        }
    }

    static void checkValidity(Instant notBefore, Instant notAfter) {
        if (notAfter.isBefore(notBefore)) {
            throw new IllegalArgumentException("validity ends (" + notAfter + ") before it starts (" + notBefore + ")");
        }
    }

    static X509Certificate sign(X500Name issuer, PrivateKey signingKey, PublicKey issuerKey,
                                X500Name subject, BigInteger serial, Instant notBefore, Instant notAfter,
                                PublicKey subjectKey, List<Extension> extensions,
                                Optional<String> ocspUrl, Optional<String> crlUrl, List<Extra> extras) {
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, serial,
                Crypto.date(notBefore), Crypto.date(notAfter), subject,
                SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded()));
        try {
            for (Extension extension : extensions) {
                builder.addExtension(extension);
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new SubjectKeyIdentifier(Crypto.keyIdentifier(subjectKey)));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new AuthorityKeyIdentifier(Crypto.keyIdentifier(issuerKey)));
            if (ocspUrl.isPresent()) {
                builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        new AccessDescription(AccessDescription.id_ad_ocsp,
                                new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl.get()))));
            }
            if (crlUrl.isPresent()) {
                DistributionPointName name = new DistributionPointName(new GeneralNames(
                        new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl.get())));
                builder.addExtension(Extension.cRLDistributionPoints, false,
                        new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(name, null, null)}));
            }
            for (Extra extra : extras) {
                builder.addExtension(extra.oid(), extra.critical(), extra.derValue());
            }
        } catch (CertIOException e) {
            throw new IllegalArgumentException("cannot encode an extension of " + subject + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // BouncyCastle rejects duplicates this way; say which certificate it was.
            throw new IllegalArgumentException("extension problem in certificate " + subject + ": " + e.getMessage(), e);
        }
        return Crypto.certificate(builder.build(Crypto.signer(signingKey)));
    }

    static List<Extension> list(Extension... extensions) {
        return new ArrayList<>(List.of(extensions));
    }

    static Extension extension(ASN1ObjectIdentifier oid, boolean critical, org.bouncycastle.asn1.ASN1Encodable value) {
        return new Extension(oid, critical, Crypto.encode(value));
    }

    static DERSequence sequence(org.bouncycastle.asn1.ASN1Encodable... values) {
        return new DERSequence(values);
    }

    static KeyPair requireMatchingType(KeyPair keyPair) {
        String algorithm = keyPair.getPrivate().getAlgorithm();
        if (!algorithm.equals("EC") && !algorithm.equals("RSA")) {
            throw new IllegalArgumentException("only EC and RSA key pairs are supported, got " + algorithm);
        }
        return keyPair;
    }
}
