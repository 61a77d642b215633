package dev.certstatus.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.NonIssuedPolicy;
import dev.certstatus.core.RevocationProvider;
import dev.certstatus.core.SourceState;
import dev.certstatus.core.ValidityPolicy;
import dev.certstatus.fs.CrlFileProvider;
import dev.certstatus.fs.IssuedSerialFileProvider;
import dev.certstatus.fs.OpenSslIndexProvider;
import dev.certstatus.jdbc.JdbcStatusProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sources of one CA, opened from its configuration (or the {@code check} flags), and the
 * {@link DecisionChain} over them. Closing releases files, watchers, timers and connections.
 */
final class CaSources implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CaSources.class);
  private static final Duration JDBC_QUERY_TIMEOUT = Duration.ofSeconds(2);

  private final ServerConfig.Ca config;
  private final X509Certificate caCertificate;
  private final IssuerId issuer;
  private final List<RevocationProvider> providers;
  private final List<AutoCloseable> resources;
  private final DecisionChain chain;

  private CaSources(ServerConfig.Ca config, X509Certificate caCertificate,
      List<RevocationProvider> providers, List<AutoCloseable> resources) {
    this.config = config;
    this.caCertificate = caCertificate;
    this.issuer = IssuerId.of(caCertificate);
    this.providers = List.copyOf(providers);
    this.resources = List.copyOf(resources);
    DecisionChain.Builder b = DecisionChain.builder(issuer);
    providers.forEach(b::provider);
    ServerConfig.Policy p = config.policy();
    if ("revoked".equals(p.nonIssued())) {
      b.nonIssuedPolicy(NonIssuedPolicy.revoked(p.nonIssuedMaxLag()));
    }
    b.validityPolicy("ignore".equals(p.validity()) ? ValidityPolicy.IGNORE
        : ValidityPolicy.ENFORCE);
    if (p.revocationOnly()) {
      b.revocationOnly();
    }
    this.chain = b.build();
  }

  /**
   * Opens every source of a CA and loads each once.
   *
   * @param ca the CA's configuration
   * @param clock the clock of freshness
   * @param responder true for a responder, whose sources reload by themselves (files by interval
   *     and by watching, tables by sync); false for a one-shot command such as {@code check},
   *     which loads once and never reloads
   * @param env where environment variables (database passwords) are read
   * @return the sources
   * @throws SourceException if the CA certificate cannot be read, or a source has no data at all
   */
  static CaSources open(ServerConfig.Ca ca, Clock clock,
      boolean responder, Function<String, String> env) {
    X509Certificate caCert = KeyMaterial.certificate(ca.certificate());
    IssuerId issuer = IssuerId.of(caCert);
    boolean scheduled = responder;
    Duration interval = ca.policy().reloadInterval();
    Duration maxAge = ca.policy().maxAge();
    List<RevocationProvider> providers = new ArrayList<>();
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      if (!ca.crls().isEmpty()) {
        CrlFileProvider.Builder b = CrlFileProvider.builder("crl", caCert).clock(clock)
            .reloadInterval(interval).scheduled(scheduled).watch(scheduled)
            .configure(crl -> crl.grace(ca.policy().crlGrace()));
        for (Path p : ca.crls()) {
          if (Files.isDirectory(p)) {
            b.directory(p);
          } else {
            b.file(p);
          }
        }
        providers.add(b.build());
      }
      if (!ca.serialDirs().isEmpty()) {
        providers.add(IssuedSerialFileProvider.directories("serial-dirs", issuer, ca.serialDirs())
            .clock(clock).reloadInterval(interval).maxAge(maxAge).scheduled(scheduled)
            .watch(scheduled).build());
      }
      int n = 0;
      for (Path list : ca.serialLists()) {
        String id = ca.serialLists().size() == 1 ? "serial-list" : "serial-list-" + (++n);
        providers.add(IssuedSerialFileProvider.serialList(id, issuer, list).clock(clock)
            .reloadInterval(interval).maxAge(maxAge).scheduled(scheduled).watch(scheduled)
            .build());
      }
      if (ca.index().isPresent()) {
        providers.add(OpenSslIndexProvider.builder("index", issuer, ca.index().get()).clock(clock)
            .reloadInterval(interval).maxAge(maxAge).scheduled(scheduled).watch(scheduled)
            .build());
      }
      if (ca.jdbc().isPresent()) {
        HikariDataSource ds = dataSource(ca.name(), ca.jdbc().get(), env);
        resources.add(ds);
        JdbcStatusProvider.Builder b = JdbcStatusProvider.builder("jdbc", ds)
            .mapping(ca.jdbc().get().mapping())
            .issuer(caCert).clock(clock);
        if (scheduled) {
          // A responder answers from memory, synced in the background; loaded once now so that
          // it starts with data (or not at all).
          JdbcStatusProvider db = b.snapshot(interval, maxAge.compareTo(interval) > 0 ? maxAge
              : interval.multipliedBy(2)).build();
          providers.add(db);
          db.syncNow();
        } else {
          // One question: one indexed query, checked after the decision (see unreadable()).
          providers.add(b.perLookup(JDBC_QUERY_TIMEOUT).build());
        }
      }
    } catch (RuntimeException e) {
      closeAll(providers, resources);
      throw e;
    }
    List<String> unreadable = unreadable(providers);
    if (!unreadable.isEmpty() && (scheduled || ca.jdbc().isEmpty() || unreadable.size() > 1
        || !unreadable.get(0).startsWith("jdbc:"))) {
      closeAll(providers, resources);
      throw new SourceException("CA " + ca.name() + ": " + String.join("; ", unreadable));
    }
    return new CaSources(ca, caCert, providers, resources);
  }

  /**
   * @return for each source that has no data at all, its id and why (a per-lookup database
   *     source has data only after its first successful query)
   */
  List<String> unreadable() {
    return unreadable(providers);
  }

  private static List<String> unreadable(List<RevocationProvider> providers) {
    List<String> out = new ArrayList<>();
    for (RevocationProvider p : providers) {
      SourceState s = p.state();
      if (s.version().isEmpty()) {
        out.add(p.id() + ": could not be read: " + s.lastFailure().orElse("no data"));
      }
    }
    return out;
  }

  /**
   * A pool that starts without a connection, so that an unreachable database fails its first
   * query (within the connection timeout) rather than the pool's construction.
   */
  static HikariDataSource dataSource(String ca, ServerConfig.Jdbc jdbc,
      Function<String, String> env) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("certstatus-" + ca);
    hc.setJdbcUrl(jdbc.url());
    jdbc.user().ifPresent(hc::setUsername);
    if (jdbc.passwordEnv().isPresent()) {
      String password = env.apply(jdbc.passwordEnv().get());
      if (password == null) {
        throw new ConfigException("the environment variable " + jdbc.passwordEnv().get()
            + " (the database password of CA " + ca + ") is not set");
      }
      hc.setPassword(password);
    }
    hc.setMaximumPoolSize(8);
    hc.setConnectionTimeout(5_000);
    // Start without a connection: an unreachable database makes lookups Unavailable, which
    // the chain turns into UNKNOWN, rather than stopping the responder.
    hc.setInitializationFailTimeout(-1);
    try {
      return new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new SourceException("CA " + ca + ": cannot use the database " + jdbc.url() + ": "
          + e.getMessage(), e);
    }
  }

  private static void closeAll(List<RevocationProvider> providers,
      List<AutoCloseable> resources) {
    for (RevocationProvider p : providers) {
      p.close();
    }
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        LOG.debug("closing {} failed: {}", r, e.toString());
      }
    }
  }

  ServerConfig.Ca config() {
    return config;
  }

  X509Certificate caCertificate() {
    return caCertificate;
  }

  IssuerId issuer() {
    return issuer;
  }

  List<RevocationProvider> providers() {
    return providers;
  }

  DecisionChain chain() {
    return chain;
  }

  @Override
  public void close() {
    closeAll(providers, resources);
  }
}
