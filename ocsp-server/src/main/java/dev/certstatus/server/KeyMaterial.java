package dev.certstatus.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads the certificates and keys a configuration names: certificates in PEM or DER, private keys
 * in PEM (PKCS#8, or the traditional RSA and EC forms), and PKCS#12 key stores. A file that
 * cannot be read or parsed is a {@link SourceException} naming it.
 */
final class KeyMaterial {

  /**
   * A private key with its certificate.
   *
   * @param key the private key
   * @param certificate its certificate
   */
  record Signing(PrivateKey key, X509Certificate certificate) {}

  private KeyMaterial() {}

  /**
   * @param file a PEM or DER certificate; of a PEM bundle, the first
   * @return the certificate
   */
  static X509Certificate certificate(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(in);
      if (!(c instanceof X509Certificate)) {
        throw new SourceException(file + ": not an X.509 certificate");
      }
      return (X509Certificate) c;
    } catch (IOException e) {
      throw new SourceException(file + ": cannot read the certificate: " + e.getMessage(), e);
    } catch (CertificateException e) {
      throw new SourceException(file + ": not a PEM or DER certificate: " + e.getMessage(), e);
    }
  }

  /**
   * @param file a PEM private key: PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY") or SEC1
   *     ("EC PRIVATE KEY"); encrypted keys are not supported
   * @return the key
   */
  static PrivateKey privateKey(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser pem = new PEMParser(r)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      Object o;
      while ((o = pem.readObject()) != null) {
        if (o instanceof PrivateKeyInfo) {
          return converter.getPrivateKey((PrivateKeyInfo) o);
        }
        if (o instanceof PEMKeyPair) {
          return converter.getKeyPair((PEMKeyPair) o).getPrivate();
        }
      }
      throw new SourceException(file + ": no unencrypted PEM private key (PRIVATE KEY, RSA"
          + " PRIVATE KEY or EC PRIVATE KEY) in the file");
    } catch (IOException e) {
      throw new SourceException(file + ": cannot read the private key: " + e.getMessage(), e);
    }
  }

  /**
   * @param file a PKCS#12 key store
   * @param password its password
   * @param alias the entry; empty: the only key entry
   * @return the key and its certificate
   */
  static Signing keyStore(Path file, char[] password, Optional<String> alias) {
    KeyStore ks;
    try (InputStream in = Files.newInputStream(file)) {
      ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new SourceException(file + ": cannot open the PKCS#12 key store (wrong password?): "
          + e.getMessage(), e);
    }
    try {
      List<String> keyAliases = new ArrayList<>();
      for (String a : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(a)) {
          keyAliases.add(a);
        }
      }
      String chosen;
      if (alias.isPresent()) {
        if (!keyAliases.contains(alias.get())) {
          throw new SourceException(file + ": no key entry '" + alias.get() + "'; key entries: "
              + keyAliases);
        }
        chosen = alias.get();
      } else if (keyAliases.size() == 1) {
        chosen = keyAliases.get(0);
      } else {
        throw new SourceException(file + ": " + keyAliases.size() + " key entries " + keyAliases
            + "; name one with alias");
      }
      Key key = ks.getKey(chosen, password);
      Certificate cert = ks.getCertificate(chosen);
      if (!(key instanceof PrivateKey) || !(cert instanceof X509Certificate)) {
        throw new SourceException(file + ": entry '" + chosen + "' has no private key with an"
            + " X.509 certificate");
      }
      return new Signing((PrivateKey) key, (X509Certificate) cert);
    } catch (GeneralSecurityException e) {
      throw new SourceException(file + ": cannot read the key entry: " + e.getMessage(), e);
    }
  }

  /**
   * @param signer a configured signer
   * @param env where password environment variables are looked up
   * @return its key and certificate
   */
  static Signing signing(ServerConfig.Signer signer, java.util.function.Function<String, String> env) {
    if (signer instanceof ServerConfig.Signer.Pem) {
      ServerConfig.Signer.Pem p = (ServerConfig.Signer.Pem) signer;
      return new Signing(privateKey(p.key()), certificate(p.certificate()));
    }
    ServerConfig.Signer.KeyStore k = (ServerConfig.Signer.KeyStore) signer;
    String password = env.apply(k.passwordEnv());
    if (password == null) {
      throw new ConfigException("the environment variable " + k.passwordEnv()
          + " (the password of " + k.keystore() + ") is not set");
    }
    return keyStore(k.keystore(), password.toCharArray(), k.alias());
  }
}
