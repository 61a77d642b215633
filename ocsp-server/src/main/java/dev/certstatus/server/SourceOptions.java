package dev.certstatus.server;

import dev.certstatus.jdbc.TableMapping;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The flags of {@code check} and {@code explain}: one certificate and the sources to decide it. */
final class SourceOptions {

  /** The name under which {@code check} passes {@code --jdbc-password} to the pool. */
  static final String JDBC_PASSWORD_FLAG = "--jdbc-password";

  @Option(names = "--issuer", required = true, paramLabel = "CA.pem",
      description = "The CA certificate (PEM or DER).")
  Path issuer;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Subject subject;

  /** The certificate, or only its serial. */
  static final class Subject {
    @Option(names = "--cert", paramLabel = "CERT.pem",
        description = "The certificate to decide (PEM or DER).")
    Path cert;

    @Option(names = "--serial", paramLabel = "HEX", description = "The serial to decide, in hex.")
    String serial;
  }

  @Option(names = "--crl", paramLabel = "FILE", description = "A CRL file or folder (repeatable).")
  List<Path> crls = new ArrayList<>();

  @Option(names = "--serial-dir", paramLabel = "DIR",
      description = "An issued-serial directory (repeatable).")
  List<Path> serialDirs = new ArrayList<>();

  @Option(names = "--serial-list", paramLabel = "FILE",
      description = "A flat list of issued serials, one hex serial a line (repeatable).")
  List<Path> serialLists = new ArrayList<>();

  @Option(names = "--index", paramLabel = "INDEX.txt", description = "An OpenSSL CA database.")
  Path index;

  @Option(names = "--jdbc-url", paramLabel = "URL", description = "A database of certificates.")
  String jdbcUrl;

  @Option(names = "--jdbc-user", paramLabel = "U")
  String jdbcUser;

  @Option(names = JDBC_PASSWORD_FLAG, paramLabel = "P")
  String jdbcPassword;

  @Option(names = "--jdbc-preset", paramLabel = "default|ejbca", defaultValue = "default",
      description = "The table layout: this project's schema (default) or EJBCA's.")
  String jdbcPreset;

  @Option(names = "--jdbc-table", paramLabel = "NAME",
      description = "The table, when not the preset's (such as a replica's copy).")
  String jdbcTable;

  @Option(names = "--non-issued", paramLabel = "unknown|revoked", defaultValue = "unknown",
      description = "The answer for a serial the CA never issued (default: unknown).")
  String nonIssued;

  @Option(names = "--revocation-only",
      description = "Without issuance sources, call anything not revoked GOOD (the pre-fix"
          + " behaviour).")
  boolean revocationOnly;

  @Option(names = "--at", paramLabel = "ISO-8601-INSTANT",
      description = "Decide for this instant, such as 2026-06-01T00:00:00Z (default: now).")
  String at;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  /** @return the CA configuration these flags describe */
  ServerConfig.Ca toCa() {
    require(issuer, "--issuer");
    for (Path p : crls) {
      require(p, "--crl");
    }
    for (Path p : serialDirs) {
      require(p, "--serial-dir");
      if (!java.nio.file.Files.isDirectory(p)) {
        throw ConfigException.flag("--serial-dir", p, "not a folder");
      }
    }
    for (Path p : serialLists) {
      require(p, "--serial-list");
    }
    if (index != null) {
      require(index, "--index");
    }
    if (subject.cert != null) {
      require(subject.cert, "--cert");
    }
    String ni = oneOf("--non-issued", nonIssued, "unknown", "revoked");
    Optional<ServerConfig.Jdbc> jdbc = Optional.empty();
    if (jdbcUrl != null) {
      if (!jdbcUrl.startsWith("jdbc:")) {
        throw ConfigException.flag("--jdbc-url", jdbcUrl, "a JDBC URL starts with 'jdbc:'");
      }
      jdbc = Optional.of(new ServerConfig.Jdbc(jdbcUrl, Optional.ofNullable(jdbcUser),
          Optional.ofNullable(jdbcPassword).map(p -> JDBC_PASSWORD_FLAG),
          presetMapping(jdbcPreset, jdbcTable)));
    } else {
      String[][] jdbcOnly = {{"--jdbc-user", jdbcUser},
          {JDBC_PASSWORD_FLAG, jdbcPassword == null ? null : "***"}, {"--jdbc-table", jdbcTable}};
      for (String[] flag : jdbcOnly) {
        if (flag[1] != null) {
          throw ConfigException.flag(flag[0], flag[1], "needs --jdbc-url");
        }
      }
    }
    if (crls.isEmpty() && serialDirs.isEmpty() && serialLists.isEmpty() && index == null
        && jdbc.isEmpty()) {
      throw new ConfigException("give at least one source: --crl, --serial-dir, --serial-list,"
          + " --index or --jdbc-url");
    }
    ServerConfig.Policy d = ServerConfig.Policy.DEFAULTS;
    ServerConfig.Policy policy = new ServerConfig.Policy(ni, d.nonIssuedMaxLag(), d.validity(),
        revocationOnly, d.crlGrace(), d.maxAge(), d.reloadInterval());
    return new ServerConfig.Ca("check", issuer, Optional.empty(), crls, serialDirs, serialLists,
        Optional.ofNullable(index), jdbc, policy);
  }

  /**
   * @param preset the {@code --jdbc-preset} flag's value, or null for the default
   * @param table the {@code --jdbc-table} flag's value, or null for the preset's table
   * @return the preset's mapping
   * @throws ConfigException naming the flag for an unknown preset or a table name that is not a
   *     plain SQL identifier
   */
  static TableMapping presetMapping(String preset, String table) {
    String p = oneOf("--jdbc-preset", preset == null ? "default" : preset, "default", "ejbca");
    try {
      return JdbcPresets.mapping(p, Optional.ofNullable(table));
    } catch (IllegalArgumentException e) {
      throw ConfigException.flag("--jdbc-table", table, e.getMessage());
    }
  }

  /** @return the instant to decide for, or empty for now */
  Optional<Instant> instant() {
    if (at == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(at));
    } catch (DateTimeParseException e) {
      throw ConfigException.flag("--at", at, "expected an ISO-8601 instant such as"
          + " 2026-06-01T00:00:00Z");
    }
  }

  private static void require(Path p, String flag) {
    if (!java.nio.file.Files.exists(p)) {
      throw ConfigException.flag(flag, p, "no such file or folder");
    }
  }

  private static String oneOf(String flag, String value, String... choices) {
    for (String c : choices) {
      if (c.equalsIgnoreCase(value)) {
        return c;
      }
    }
    throw ConfigException.flag(flag, value, "expected one of " + String.join(", ", choices));
  }
}
