package dev.certstatus.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Writes test PKI material in the formats other tools read: PEM and DER certificates and CRLs,
 * PKCS#8 and traditional OpenSSL private keys, PKCS#12 keystores, and Windows-style issued-serial
 * directories. All methods create parent directories and overwrite existing files.
 */
public final class PkiFiles {
    private PkiFiles() {
    }

    /**
     * Encodes certificates as concatenated PEM "CERTIFICATE" blocks (a bundle when several).
     *
     * @param certificates one or more certificates
     * @return the PEM text
     */
    public static String pem(X509Certificate... certificates) {
        if (certificates.length == 0) {
            throw new IllegalArgumentException("at least one certificate is needed, got none");
        }
        StringBuilder out = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            out.append(pem("CERTIFICATE", encoded(certificate)));
        }
        return out.toString();
    }

    /**
     * Encodes a CRL as a PEM "X509 CRL" block.
     *
     * @param crl the CRL
     * @return the PEM text
     */
    public static String pem(X509CRL crl) {
        try {
            return pem("X509 CRL", crl.getEncoded());
        } catch (java.security.cert.CRLException e) {
            throw new IllegalStateException("cannot encode CRL of " + crl.getIssuerX500Principal(), e);
        }
    }

    /**
     * Encodes a private key as a PKCS#8 "PRIVATE KEY" PEM block.
     *
     * @param privateKey an EC or RSA key
     * @return the PEM text
     */
    public static String pkcs8Pem(PrivateKey privateKey) {
        return pem("PRIVATE KEY", privateKey.getEncoded());
    }

    /**
     * Encodes a private key in OpenSSL's traditional form: "EC PRIVATE KEY" (RFC 5915, with the
     * curve and public key, which OpenSSL needs) or "RSA PRIVATE KEY" (PKCS#1).
     *
     * @param keyPair an EC or RSA key pair; the public half fills the EC structure's publicKey
     * @return the PEM text
     */
    public static String traditionalPem(KeyPair keyPair) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(keyPair.getPrivate().getEncoded());
        try {
            String algorithm = keyPair.getPrivate().getAlgorithm();
            if (algorithm.equals("RSA")) {
                return pem("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded("DER"));
            }
            if (algorithm.equals("EC")) {
                org.bouncycastle.asn1.sec.ECPrivateKey inner =
                        org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
                ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
                DERBitString publicKey = new DERBitString(
                        SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()).getPublicKeyData().getBytes());
                int orderBits = ((java.security.interfaces.ECPrivateKey) keyPair.getPrivate())
                        .getParams().getOrder().bitLength();
                org.bouncycastle.asn1.sec.ECPrivateKey full = new org.bouncycastle.asn1.sec.ECPrivateKey(
                        orderBits, inner.getKey(), publicKey, curve);
                return pem("EC PRIVATE KEY", full.getEncoded("DER"));
            }
            throw new IllegalArgumentException("no traditional PEM form for key algorithm " + algorithm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes certificates as PEM (a bundle when several).
     *
     * @param file the target file
     * @param certificates one or more certificates
     * @return the file
     */
    public static Path writePem(Path file, X509Certificate... certificates) {
        return write(file, pem(certificates).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Writes a certificate as DER.
     *
     * @param file the target file
     * @param certificate the certificate
     * @return the file
     */
    public static Path writeDer(Path file, X509Certificate certificate) {
        return write(file, encoded(certificate));
    }

    /**
     * Writes a CRL as PEM.
     *
     * @param file the target file
     * @param crl the CRL
     * @return the file
     */
    public static Path writePem(Path file, X509CRL crl) {
        return write(file, pem(crl).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Writes a CRL as DER.
     *
     * @param file the target file
     * @param crl the CRL
     * @return the file
     */
    public static Path writeDer(Path file, X509CRL crl) {
        try {
            return write(file, crl.getEncoded());
        } catch (java.security.cert.CRLException e) {
            throw new IllegalStateException("cannot encode CRL of " + crl.getIssuerX500Principal(), e);
        }
    }

    /**
     * Writes a private key as PKCS#8 PEM ("PRIVATE KEY").
     *
     * @param file the target file
     * @param privateKey the key
     * @return the file
     */
    public static Path writePkcs8Pem(Path file, PrivateKey privateKey) {
        return write(file, pkcs8Pem(privateKey).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Writes a private key as PKCS#8 DER.
     *
     * @param file the target file
     * @param privateKey the key
     * @return the file
     */
    public static Path writePkcs8Der(Path file, PrivateKey privateKey) {
        return write(file, privateKey.getEncoded());
    }

    /**
     * Writes a private key in OpenSSL's traditional PEM form; see {@link #traditionalPem(KeyPair)}.
     *
     * @param file the target file
     * @param keyPair the key pair
     * @return the file
     */
    public static Path writeTraditionalPem(Path file, KeyPair keyPair) {
        return write(file, traditionalPem(keyPair).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Writes a PKCS#12 keystore with one key entry: the key and its chain.
     *
     * @param file the target file
     * @param alias the entry alias
     * @param privateKey the key
     * @param chain the certificate chain, the key's certificate first
     * @param password the store and key password
     * @return the file
     */
    public static Path writePkcs12(Path file, String alias, PrivateKey privateKey, List<X509Certificate> chain,
                                   char[] password) {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(password, "password");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("PKCS#12 entry '" + alias + "' needs a certificate chain, got none");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, privateKey, password, chain.toArray(new Certificate[0]));
            createParent(file);
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
            return file;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build PKCS#12 keystore " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a PKCS#12 keystore for an issued certificate: its key and chain up to the root.
     *
     * @param file the target file
     * @param alias the entry alias
     * @param certificate the certificate and key
     * @param password the store and key password
     * @return the file
     */
    public static Path writePkcs12(Path file, String alias, IssuedCert certificate, char[] password) {
        return writePkcs12(file, alias, certificate.privateKey(), certificate.chain(), password);
    }

    /**
     * Returns the file name a Windows CA gives a serial in an issued-serial directory: uppercase
     * hex, even length, without leading zero octets ("00" for zero). A negative serial, which no
     * CA should issue, is written as the hex of its two's-complement DER content octets.
     *
     * @param serial the serial
     * @return the name
     */
    public static String serialFileName(BigInteger serial) {
        byte[] bytes = serial.toByteArray();
        int start = 0;
        if (serial.signum() > 0 && bytes.length > 1 && bytes[0] == 0) {
            start = 1;
        }
        return HexFormat.of().withUpperCase().formatHex(bytes, start, bytes.length);
    }

    /**
     * Writes one empty file per serial, named by {@link #serialFileName(BigInteger)}, into a
     * directory (created if missing). Existing files are left alone, as a CA export would.
     *
     * @param directory the issued-serial directory
     * @param serials the serials
     * @return the directory
     */
    public static Path writeSerialDirectory(Path directory, Collection<BigInteger> serials) {
        try {
            Files.createDirectories(directory);
            for (BigInteger serial : serials) {
                Path file = directory.resolve(serialFileName(serial));
                if (!Files.exists(file)) {
                    Files.createFile(file);
                }
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the serials a CA issued (not forged ones) as an issued-serial directory.
     *
     * @param directory the issued-serial directory
     * @param ca the CA
     * @return the directory
     */
    public static Path writeSerialDirectory(Path directory, TestCa ca) {
        return writeSerialDirectory(directory, ca.issuedSerials());
    }

    private static String pem(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    static Path write(Path file, byte[] content) {
        try {
            createParent(file);
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
