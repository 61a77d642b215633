package dev.certstatus.server;

import dev.certstatus.core.IssuerId;
import dev.certstatus.core.IssuerRouter;
import dev.certstatus.core.RevocationProvider;
import dev.certstatus.ocsp.NoncePolicy;
import dev.certstatus.ocsp.OcspResponder;
import dev.certstatus.ocsp.OcspSigner;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve} assembled: every CA's sources and chain, the router, the OCSP engine with each
 * CA's signer, metrics, health and the HTTP transport. Configuration only: the decisions are the
 * chains', the encoding and signing the engine's.
 */
final class ResponderService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ResponderService.class);
  private static final java.security.Provider BOUNCY_CASTLE =
      new org.bouncycastle.jce.provider.BouncyCastleProvider();

  private final List<CaSources> cas;
  private final OcspHttpServer http;

  private ResponderService(List<CaSources> cas, OcspHttpServer http) {
    this.cas = cas;
    this.http = http;
  }

  /**
   * Opens every source, then starts listening.
   *
   * @param config the configuration
   * @param clock the clock of decisions and freshness
   * @param env where passwords named by {@code password-env} are read
   * @return the running responder
   * @throws ConfigException for a signer that does not fit its CA, or a port that is taken
   * @throws SourceException for a source that cannot be read at all
   */
  static ResponderService start(ServerConfig config, Clock clock, Function<String, String> env) {
    List<CaSources> cas = new ArrayList<>();
    try {
      Map<IssuerId, String> names = new LinkedHashMap<>();
      List<SourceHealth.Served> served = new ArrayList<>();
      for (ServerConfig.Ca ca : config.cas()) {
        CaSources sources = CaSources.open(ca, clock, true, env);
        cas.add(sources);
        if (names.putIfAbsent(sources.issuer(), ca.name()) != null) {
          throw new ConfigException(where(config, ca) + ": the CA certificate "
              + ca.certificate() + " is also the certificate of CA " + names.get(sources.issuer()));
        }
        for (RevocationProvider p : sources.providers()) {
          served.add(new SourceHealth.Served(ca.name(), p));
        }
      }
      ServerMetrics metrics = new ServerMetrics(names, clock);
      served.forEach(s -> metrics.watch(s.ca(), s.provider()));
      IssuerRouter.Builder router = IssuerRouter.builder().listener(metrics.decisionListener());
      cas.forEach(c -> router.chain(c.chain()));
      ServerConfig.Responder r = config.responder();
      OcspResponder.Builder engine = OcspResponder.builder().router(router.build()).clock(clock)
          .maxRequestBytes(config.http().maxRequestBytes()).maxEntries(r.maxEntries())
          .noncePolicy(NoncePolicy.valueOf(r.nonce().toUpperCase(Locale.ROOT)))
          .maxValidity(r.maxValidity()).cacheSize(r.cacheSize());
      for (CaSources c : cas) {
        engine.signer(c.issuer(), signer(config, c, env));
      }
      OcspHttpServer http = OcspHttpServer.start(config.http(),
          new EngineEndpoint(engine.build()), new SourceHealth(served, clock), metrics, clock);
      LOG.info("serving OCSP for {} CA(s) at {}", cas.size(), http.uri());
      return new ResponderService(cas, http);
    } catch (IOException e) {
      closeAll(cas);
      throw new ConfigException(config.file().map(f -> f + ": ").orElse("") + "server: cannot"
          + " listen on " + config.http().bind() + ":" + config.http().port() + ": " + e);
    } catch (RuntimeException e) {
      closeAll(cas);
      throw e;
    }
  }

  private static OcspSigner signer(ServerConfig config, CaSources c, Function<String, String> env) {
    ServerConfig.Ca ca = c.config();
    ServerConfig.Signer s = ca.signer().orElseThrow(
        () -> new ConfigException(where(config, ca) + ".signer: missing"));
    KeyMaterial.Signing k = KeyMaterial.signing(s, env);
    try {
      OcspSigner signer = k.certificate().equals(c.caCertificate())
          ? OcspSigner.ofCa(k.key(), c.caCertificate())
          : OcspSigner.delegated(k.key(), k.certificate(), c.caCertificate());
      // BouncyCastle's provider, as the engine's benchmarks measure it: faster ECDSA than the
      // JDK's on the machines measured (BENCHMARKS.md).
      return signer.withProvider(BOUNCY_CASTLE);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where(config, ca) + ".signer: " + e.getMessage());
    }
  }

  private static String where(ServerConfig config, ServerConfig.Ca ca) {
    return config.file().map(f -> f + ": ").orElse("") + "cas[" + config.cas().indexOf(ca)
        + "] (" + ca.name() + ")";
  }

  /** @return the responder's URL */
  URI uri() {
    return http.uri();
  }

  /** @return every CA's sources */
  List<CaSources> cas() {
    return cas;
  }

  @Override
  public void close() {
    http.close();
    closeAll(cas);
    LOG.info("stopped serving OCSP at {}", http.uri());
  }

  private static void closeAll(List<CaSources> cas) {
    cas.forEach(CaSources::close);
  }
}
