package dev.certstatus.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.ContentSigner;

/**
 * Key generation, signing and conversions, all through BouncyCastle's lightweight API so no JCA
 * provider has to be registered and the bytes do not depend on which JDK runs the tests.
 */
final class Crypto {
    /**
     * Generated keys by derivation seed. Keys are a pure function of the seed, so sharing them
     * between TestPki instances changes nothing observable and saves seconds of RSA generation.
     */
    private static final Map<String, KeyPair> KEY_CACHE = new ConcurrentHashMap<>();

    private Crypto() {
    }

    static byte[] derive(long seed, String label) {
        SHA256Digest digest = new SHA256Digest();
        byte[] seedBytes = BigInteger.valueOf(seed).toByteArray();
        digest.update(seedBytes, 0, seedBytes.length);
        digest.update((byte) 0);
        byte[] labelBytes = label.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        digest.update(labelBytes, 0, labelBytes.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    static KeyPair keyPair(byte[] derivedSeed, KeyType type) {
        String cacheKey = type + ":" + new BigInteger(1, derivedSeed).toString(16);
        return KEY_CACHE.computeIfAbsent(cacheKey, k -> generate(new DeterministicRandom(derivedSeed), type));
    }

    private static KeyPair generate(DeterministicRandom random, KeyType type) {
        AsymmetricCipherKeyPair pair;
        switch (type) {
            case EC_P256:
            case EC_P384: {
                ASN1ObjectIdentifier curve = type == KeyType.EC_P256
                        ? SECObjectIdentifiers.secp256r1 : SECObjectIdentifiers.secp384r1;
                ECKeyPairGenerator generator = new ECKeyPairGenerator();
                generator.init(new ECKeyGenerationParameters(ECNamedDomainParameters.lookup(curve), random));
                pair = generator.generateKeyPair();
                break;
            }
            case RSA_2048: {
                RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
                generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), random, 2048, 112));
                pair = generator.generateKeyPair();
                break;
            }
            default:
                throw new IllegalArgumentException("unsupported key type " + type);
        }
        try {
            String algorithm = type == KeyType.RSA_2048 ? "RSA" : "EC";
            // Re-encode into the JDK's own key classes so the keys work with any JCA API
            // (Signature, KeyStore, TLS) without BouncyCastle being a registered provider.
            KeyFactory factory = KeyFactory.getInstance(algorithm);
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic()).getEncoded()));
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(
                    PrivateKeyInfoFactory.createPrivateKeyInfo(pair.getPrivate()).getEncoded()));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot convert a generated " + type + " key", e);
        }
    }

    /** A content signer for the key: deterministic ECDSA (RFC 6979) or RSA PKCS#1 v1.5. */
    static ContentSigner signer(PrivateKey privateKey) {
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(privateKey.getEncoded()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot use private key of algorithm " + privateKey.getAlgorithm(), e);
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        if (key instanceof ECPrivateKeyParameters) {
            ECPrivateKeyParameters ecKey = (ECPrivateKeyParameters) key;
            boolean p384 = ecKey.getParameters().getN().bitLength() > 256;
            AlgorithmIdentifier algorithm = new AlgorithmIdentifier(
                    p384 ? X9ObjectIdentifiers.ecdsa_with_SHA384 : X9ObjectIdentifiers.ecdsa_with_SHA256);
            return new BufferingSigner(algorithm, buffer) {
                @Override
                public byte[] getSignature() {
                    Digest digest = p384 ? new SHA384Digest() : new SHA256Digest();
                    byte[] hash = digest(digest, buffer.toByteArray());
                    ECDSASigner ecdsa = new ECDSASigner(new HMacDSAKCalculator(
                            p384 ? new SHA384Digest() : new SHA256Digest()));
                    ecdsa.init(true, ecKey);
                    BigInteger[] rs = ecdsa.generateSignature(hash);
                    return encode(new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]), new ASN1Integer(rs[1])}));
                }
            };
        }
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(
                PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
        return new BufferingSigner(algorithm, buffer) {
            @Override
            public byte[] getSignature() {
                RSADigestSigner rsa = new RSADigestSigner(new SHA256Digest());
                rsa.init(true, key);
                byte[] data = buffer.toByteArray();
                rsa.update(data, 0, data.length);
                try {
                    return rsa.generateSignature();
                } catch (org.bouncycastle.crypto.CryptoException e) {
                    throw new IllegalStateException("RSA signing failed", e);
                }
            }
        };
    }

    private abstract static class BufferingSigner implements ContentSigner {
        private final AlgorithmIdentifier algorithm;
        private final ByteArrayOutputStream buffer;

        BufferingSigner(AlgorithmIdentifier algorithm, ByteArrayOutputStream buffer) {
            this.algorithm = algorithm;
            this.buffer = buffer;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithm;
        }

        @Override
        public OutputStream getOutputStream() {
            return buffer;
        }
    }

    static byte[] digest(Digest digest, byte[] data) {
        digest.update(data, 0, data.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    /** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
    static byte[] keyIdentifier(PublicKey publicKey) {
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
        return digest(new SHA1Digest(), info.getPublicKeyData().getBytes());
    }

    static byte[] encode(org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a DN the JDK way, so that "CN=a, O=b" means what X500Principal means (O encoded
     * first); BouncyCastle's own string parser would encode the RDNs in the opposite order.
     */
    static X500Name name(String distinguishedName) {
        if (distinguishedName == null || distinguishedName.isBlank()) {
            throw new IllegalArgumentException("distinguished name must not be blank: '" + distinguishedName + "'");
        }
        X500Principal principal;
        try {
            principal = new X500Principal(distinguishedName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid distinguished name: '" + distinguishedName + "'", e);
        }
        return X500Name.getInstance(principal.getEncoded());
    }

    static Instant seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    static Date date(Instant instant) {
        return Date.from(seconds(instant));
    }

    static X509Certificate certificate(X509CertificateHolder holder) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK rejected a certificate the test kit built", e);
        }
    }

    static X509CRL crl(X509CRLHolder holder) {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(holder.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK rejected a CRL the test kit built", e);
        }
    }

    static X500Name subjectOf(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }
}
