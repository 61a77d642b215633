package dev.certstatus.server;

import dev.certstatus.jdbc.TableMapping;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration file, read by {@link ConfigReader}: the HTTP settings and one entry per CA.
 * Paths are already resolved against the file's folder.
 *
 * @param file the file it was read from, empty when built in code (the demo)
 * @param http the HTTP transport's settings
 * @param responder the OCSP engine's settings, shared by every CA
 * @param cas the CAs, at least one, with unique names
 */
record ServerConfig(Optional<Path> file, Http http, Responder responder, List<Ca> cas) {

  ServerConfig {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(responder, "responder");
    cas = List.copyOf(cas);
  }

  /**
   * The HTTP transport.
   *
   * @param bind the address to listen on
   * @param port the port; 0 picks a free one
   * @param threads worker threads
   * @param queue requests waiting for a worker before new ones are dropped
   * @param maxRequestBytes the largest request body or decoded GET request; larger gets 413
   * @param requestTimeout the longest a client may take to send its request, and to read the
   *     response: a slower connection is cut
   * @param shutdownGrace how long a graceful stop waits for requests in progress
   */
  record Http(String bind, int port, int threads, int queue, int maxRequestBytes,
      Duration requestTimeout, Duration shutdownGrace) {

    static final Http DEFAULTS = new Http("127.0.0.1", 8080, 16, 256, 16 * 1024,
        Duration.ofSeconds(10), Duration.ofSeconds(5));

    Http withBind(String b) {
      return new Http(b, port, threads, queue, maxRequestBytes, requestTimeout, shutdownGrace);
    }

    Http withPort(int p) {
      return new Http(bind, p, threads, queue, maxRequestBytes, requestTimeout, shutdownGrace);
    }
  }

  /**
   * The OCSP engine, one for every CA.
   *
   * @param nonce {@code optional} (echo a nonce when sent), {@code required} or {@code ignore}
   * @param cacheSize pre-produced responses kept; 0 signs every response
   * @param maxEntries request entries (CertIDs) accepted in one request
   * @param maxValidity the longest a response may be relied on (caps nextUpdate)
   */
  record Responder(String nonce, int cacheSize, int maxEntries, Duration maxValidity) {

    static final Responder DEFAULTS = new Responder("optional", 10_000, 32,
        Duration.ofHours(1));
  }

  /**
   * One CA: its certificate, who signs its responses, its sources and its policies.
   *
   * @param name a short name, used in source ids, logs and metrics
   * @param certificate the CA certificate file (PEM or DER)
   * @param signer who signs its responses; empty only where nothing is signed ({@code check})
   * @param crls CRL files or folders of CRL files
   * @param serialDirs issued-serial directories (one empty file per serial, named by its hex)
   * @param serialLists flat serial lists (one hex serial per line)
   * @param index an OpenSSL {@code index.txt}
   * @param jdbc a database of certificates
   * @param policy the decision and freshness policies
   */
  record Ca(String name, Path certificate, Optional<Signer> signer, List<Path> crls, List<Path> serialDirs,
      List<Path> serialLists, Optional<Path> index, Optional<Jdbc> jdbc, Policy policy) {

    Ca {
      crls = List.copyOf(crls);
      serialDirs = List.copyOf(serialDirs);
      serialLists = List.copyOf(serialLists);
    }
  }

  /** Who signs a CA's responses: a PEM certificate and key, or a PKCS#12 key store. */
  sealed interface Signer {

    /**
     * @param certificate the signer's certificate; the CA certificate itself when the CA signs
     * @param key its private key: PKCS#8, or the traditional RSA or EC PEM forms
     */
    record Pem(Path certificate, Path key) implements Signer {}

    /**
     * @param keystore a PKCS#12 file
     * @param passwordEnv the environment variable that holds its password
     * @param alias the entry to use; empty: the only key entry
     */
    record KeyStore(Path keystore, String passwordEnv, Optional<String> alias) implements Signer {}
  }

  /**
   * A database of certificates.
   *
   * @param url the JDBC URL
   * @param user the user, if any
   * @param passwordEnv the environment variable holding the password, if any
   * @param mapping where the table keeps serials, issuers and revocations: a preset, adjusted
   *     or replaced by the configuration's {@code mapping:} block
   */
  record Jdbc(String url, Optional<String> user, Optional<String> passwordEnv,
      TableMapping mapping) {

    Jdbc {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(mapping, "mapping");
    }
  }

  /**
   * A CA's policies.
   *
   * @param nonIssued {@code unknown} (the default) or {@code revoked} (RFC 6960 2.2)
   * @param nonIssuedMaxLag for {@code revoked}: how old the issuance data may be
   * @param validity {@code enforce} or {@code ignore}
   * @param revocationOnly answer GOOD for a serial on no CRL when no issuance source is
   *     configured (the pre-fix behaviour; logged as a warning)
   * @param crlGrace how long past its nextUpdate a CRL is still used
   * @param maxAge how old issued-serial data may get before it is stale
   * @param reloadInterval how often sources are reloaded
   */
  record Policy(String nonIssued, Duration nonIssuedMaxLag, String validity,
      boolean revocationOnly, Duration crlGrace, Duration maxAge, Duration reloadInterval) {

    static final Policy DEFAULTS = new Policy("unknown", Duration.ofHours(6), "enforce", false,
        Duration.ZERO, Duration.ofHours(24), Duration.ofMinutes(5));
  }
}
