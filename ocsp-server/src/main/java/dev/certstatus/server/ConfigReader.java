package dev.certstatus.server;

import dev.certstatus.core.HashAlgorithm;
import dev.certstatus.jdbc.IssuerMatch;
import dev.certstatus.jdbc.SerialEncoding;
import dev.certstatus.jdbc.StatusCodes;
import dev.certstatus.jdbc.TableMapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads the YAML configuration file into a {@link ServerConfig}. Every key is checked: an unknown
 * key, a missing one, a value of the wrong kind or out of range is a {@link ConfigException} that
 * names the file, the key path (such as {@code cas[0].signer.key}) and the bad value. Relative
 * paths resolve against the file's folder.
 */
final class ConfigReader {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  private final Path file;
  private final Path folder;

  private ConfigReader(Path file) {
    this.file = file;
    Path parent = file.toAbsolutePath().getParent();
    this.folder = parent == null ? Path.of(".").toAbsolutePath() : parent;
  }

  /**
   * @param file the configuration file
   * @return the configuration
   * @throws ConfigException for anything wrong with the file
   */
  static ServerConfig read(Path file) {
    return new ConfigReader(file).read();
  }

  private ServerConfig read() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such configuration file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the configuration file: " + e.getMessage());
    }
    Object root;
    try {
      LoadSettings settings = LoadSettings.builder().setLabel(file.toString())
          .setAllowDuplicateKeys(false).setMaxAliasesForCollections(20).build();
      root = new Load(settings).loadFromString(text);
    } catch (YamlEngineException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getMessage().strip());
    }
    if (root == null) {
      throw new ConfigException(file + ": the configuration file is empty");
    }
    Node top = new Node(root, "");
    top.allowOnly("server", "cas");
    ServerConfig.Http http = ServerConfig.Http.DEFAULTS;
    ServerConfig.Responder responder = ServerConfig.Responder.DEFAULTS;
    Optional<Node> server = top.opt("server");
    if (server.isPresent()) {
      http = http(server.get());
      responder = responder(server.get());
    }
    List<Node> caNodes = top.req("cas").list();
    if (caNodes.isEmpty()) {
      throw error("cas", caNodes, "at least one CA is needed");
    }
    List<ServerConfig.Ca> cas = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node n : caNodes) {
      ServerConfig.Ca ca = ca(n);
      if (!names.add(ca.name())) {
        throw error(n.path + ".name", ca.name(), "two CAs have this name");
      }
      cas.add(ca);
    }
    return new ServerConfig(Optional.of(file), http, responder, cas);
  }

  private ServerConfig.Http http(Node s) {
    s.allowOnly("bind", "port", "threads", "queue", "max-request-bytes", "request-timeout",
        "shutdown-grace", "nonce", "cache", "max-entries", "max-validity");
    ServerConfig.Http d = ServerConfig.Http.DEFAULTS;
    return new ServerConfig.Http(
        s.opt("bind").map(Node::string).orElse(d.bind()),
        s.opt("port").map(n -> n.integer(0, 65535)).orElse(d.port()),
        s.opt("threads").map(n -> n.integer(1, 1024)).orElse(d.threads()),
        s.opt("queue").map(n -> n.integer(0, 1_000_000)).orElse(d.queue()),
        s.opt("max-request-bytes").map(n -> n.integer(64, 16 * 1024 * 1024))
            .orElse(d.maxRequestBytes()),
        s.opt("request-timeout").map(n -> n.duration(Duration.ofSeconds(1)))
            .orElse(d.requestTimeout()),
        s.opt("shutdown-grace").map(n -> n.duration(Duration.ZERO)).orElse(d.shutdownGrace()));
  }

  private ServerConfig.Responder responder(Node s) {
    ServerConfig.Responder d = ServerConfig.Responder.DEFAULTS;
    return new ServerConfig.Responder(
        s.opt("nonce").map(n -> n.oneOf("optional", "required", "ignore")).orElse(d.nonce()),
        s.opt("cache").map(n -> n.integer(0, 10_000_000)).orElse(d.cacheSize()),
        s.opt("max-entries").map(n -> n.integer(1, 1000)).orElse(d.maxEntries()),
        s.opt("max-validity").map(n -> n.duration(Duration.ofSeconds(1)))
            .orElse(d.maxValidity()));
  }

  private ServerConfig.Ca ca(Node n) {
    n.allowOnly("name", "certificate", "key", "signer", "crls", "serial-dirs", "serial-lists",
        "index", "jdbc", "policy");
    Node nameNode = n.req("name");
    String name = nameNode.string();
    if (!NAME.matcher(name).matches()) {
      throw error(nameNode.path, name, "a CA name is 1 to 63 letters, digits, '.', '_' or '-'");
    }
    Path certificate = n.req("certificate").existingFile();
    ServerConfig.Signer signer;
    Optional<Node> signerNode = n.opt("signer");
    Optional<Node> caKey = n.opt("key");
    if (signerNode.isPresent()) {
      if (caKey.isPresent()) {
        throw error(caKey.get().path, caKey.get().value,
            "give either the CA's key or a signer, not both");
      }
      signer = signer(signerNode.get());
    } else if (caKey.isPresent()) {
      signer = new ServerConfig.Signer.Pem(certificate, caKey.get().existingFile());
    } else {
      throw error(n.path + ".signer", null,
          "missing: a signer (certificate and key, or keystore), or the CA's own key");
    }
    return new ServerConfig.Ca(name, certificate, Optional.of(signer),
        n.opt("crls").map(x -> x.paths(Kind.FILE_OR_FOLDER)).orElse(List.of()),
        n.opt("serial-dirs").map(x -> x.paths(Kind.FOLDER)).orElse(List.of()),
        n.opt("serial-lists").map(x -> x.paths(Kind.FILE)).orElse(List.of()),
        n.opt("index").map(Node::existingFile),
        n.opt("jdbc").map(this::jdbc),
        n.opt("policy").map(this::policy).orElse(ServerConfig.Policy.DEFAULTS));
  }

  private ServerConfig.Signer signer(Node s) {
    s.allowOnly("certificate", "key", "keystore", "password-env", "alias");
    Optional<Node> keystore = s.opt("keystore");
    if (keystore.isPresent()) {
      for (String k : List.of("certificate", "key")) {
        if (s.opt(k).isPresent()) {
          throw error(s.path + "." + k, s.opt(k).get().value,
              "a keystore holds the certificate and key; give one or the other");
        }
      }
      return new ServerConfig.Signer.KeyStore(keystore.get().existingFile(),
          s.req("password-env").envName(), s.opt("alias").map(Node::string));
    }
    for (String k : List.of("password-env", "alias")) {
      if (s.opt(k).isPresent()) {
        throw error(s.path + "." + k, s.opt(k).get().value, "only for a keystore signer");
      }
    }
    return new ServerConfig.Signer.Pem(s.req("certificate").existingFile(),
        s.req("key").existingFile());
  }

  private ServerConfig.Jdbc jdbc(Node j) {
    j.allowOnly("url", "user", "password-env", "preset", "table", "mapping");
    Node url = j.req("url");
    if (!url.string().startsWith("jdbc:")) {
      throw error(url.path, url.value, "a JDBC URL starts with 'jdbc:'");
    }
    String preset = j.opt("preset").map(n -> n.oneOf("default", "ejbca", "none"))
        .orElse("default");
    Optional<Node> table = j.opt("table");
    Optional<Node> mapping = j.opt("mapping");
    if ("none".equals(preset)) {
      for (Optional<Node> needed : List.of(table, mapping)) {
        if (needed.isEmpty()) {
          String key = needed == table ? "table" : "mapping";
          throw error(j.path + "." + key, null, "missing: with preset none, the table and its"
              + " columns are given in full");
        }
      }
    }
    Optional<TableMapping> base;
    TableMapping.Builder builder;
    try {
      Optional<String> name = table.map(Node::string);
      base = "none".equals(preset) ? Optional.empty()
          : Optional.of(JdbcPresets.mapping(preset, name));
      builder = base.isPresent() ? base.get().toBuilder()
          : TableMapping.builder(name.orElseThrow());
    } catch (IllegalArgumentException e) {
      throw error(table.get().path, table.get().value, e.getMessage());
    }
    if (mapping.isPresent()) {
      columns(mapping.get(), base, builder);
    }
    TableMapping built;
    try {
      built = builder.build();
    } catch (IllegalStateException e) {
      throw error(j.path + ".mapping", null, e.getMessage());
    }
    return new ServerConfig.Jdbc(url.string(), j.opt("user").map(Node::string),
        j.opt("password-env").map(Node::envName), built);
  }

  /**
   * Applies a {@code mapping:} block to a preset's mapping (or, with preset none, to an empty
   * one): each key names a column or how it is written; a column given as {@code none} is one the
   * table does not have.
   */
  private void columns(Node m, Optional<TableMapping> base, TableMapping.Builder b) {
    m.allowOnly("serial", "serial-encoding", "issuer", "issuer-match", "issuer-digest",
        "not-before", "not-after", "revocation-time", "revocation-reason", "not-revoked-reason",
        "invalidity-date", "status", "status-codes", "fingerprint", "fingerprint-digest",
        "change", "change-overlap");
    pairedColumn(m, "serial", base.map(TableMapping::serialColumn), "serial-encoding",
        n -> SerialEncoding.valueOf(n.oneOf("hex", "hex-upper", "decimal", "bytes")
            .replace('-', '_').toUpperCase(Locale.ROOT)),
        base.map(TableMapping::serialEncoding), "missing: hex, hex-upper, decimal or bytes",
        b::serialColumn, null);
    Optional<Node> digest = m.opt("issuer-digest");
    if (digest.isPresent() && m.opt("issuer-match").isEmpty()) {
      throw error(digest.get().path, digest.get().value, "only with issuer-match");
    }
    pairedColumn(m, "issuer", base.map(TableMapping::issuerColumn), "issuer-match",
        n -> issuerMatch(m, n, digest), base.map(TableMapping::issuerMatch),
        "missing: dn, ca-fingerprint or key-hash", b::issuerColumn, null);
    optionalColumn(m.opt("not-before"), b::notBeforeColumn, b::noNotBeforeColumn);
    optionalColumn(m.opt("not-after"), b::notAfterColumn, b::noNotAfterColumn);
    m.opt("revocation-time").ifPresent(n -> apply(n, () -> b.revocationTimeColumn(n.string())));
    Optional<Node> reason = m.opt("revocation-reason");
    optionalColumn(reason, b::revocationReasonColumn, b::noRevocationReasonColumn);
    m.opt("not-revoked-reason").ifPresent(n -> {
      if (reason.isPresent() && isNone(reason.get())) {
        throw error(n.path, n.value, "the table has no revocation-reason column");
      }
      b.notRevokedReason(n.integer(Integer.MIN_VALUE, Integer.MAX_VALUE));
    });
    optionalColumn(m.opt("invalidity-date"), b::invalidityDateColumn, b::noInvalidityDateColumn);
    pairedColumn(m, "status", base.flatMap(TableMapping::statusColumn), "status-codes",
        this::statusCodes, base.flatMap(TableMapping::statusCodes),
        "missing: what the status values mean ({active: [...], revoked: [...], archived:"
            + " [...]})", b::statusColumn, b::noStatusColumn);
    pairedColumn(m, "fingerprint", base.flatMap(TableMapping::fingerprintColumn),
        "fingerprint-digest", Node::string, base.flatMap(TableMapping::fingerprintDigest),
        "missing: the digest, such as SHA-256", b::fingerprintColumn, b::noFingerprintColumn);
    pairedColumn(m, "change", base.flatMap(TableMapping::changeColumn), "change-overlap",
        n -> (long) n.integer(0, Integer.MAX_VALUE),
        Optional.of(base.filter(x -> x.changeColumn().isPresent())
            .map(TableMapping::changeOverlap).orElse(DEFAULT_CHANGE_OVERLAP)),
        "missing", b::changeColumn, b::noChangeColumn);
  }

  /**
   * A column that comes with a second key saying how to read it (its encoding, match, codes,
   * digest or overlap). Either key alone changes only itself: the other comes from the preset.
   *
   * @param drop what {@code none} does, or null for a column every table has
   */
  private <T> void pairedColumn(Node m, String key, Optional<String> presetColumn,
      String second, Function<Node, T> readSecond, Optional<T> presetSecond,
      String secondMissing, BiConsumer<String, T> set, Runnable drop) {
    Optional<Node> column = m.opt(key);
    Optional<Node> how = m.opt(second);
    if (drop != null && column.isPresent() && isNone(column.get())) {
      how.ifPresent(n -> {
        throw error(n.path, n.value, "the table has no " + key + " column");
      });
      drop.run();
      return;
    }
    if (column.isEmpty() && how.isEmpty()) {
      return;
    }
    String name = column.map(Node::string).or(() -> presetColumn)
        .orElseThrow(() -> error(m.path + "." + key, null, "missing"));
    T value = how.map(readSecond).or(() -> presetSecond)
        .orElseThrow(() -> error(m.path + "." + second, null, secondMissing));
    apply(column.or(() -> how).orElseThrow(), () -> set.accept(name, value));
  }

  /** One minute, as the presets: for a column of epoch milliseconds. */
  private static final long DEFAULT_CHANGE_OVERLAP = 60_000;

  private IssuerMatch issuerMatch(Node m, Node match, Optional<Node> digest) {
    String how = match.oneOf("dn", "ca-fingerprint", "key-hash");
    if ("dn".equals(how)) {
      digest.ifPresent(d -> {
        throw error(d.path, d.value, "not with issuer-match dn");
      });
      return IssuerMatch.byDn();
    }
    Node d = digest.orElseThrow(() -> error(m.path + ".issuer-digest", null,
        "missing: the digest the issuer column holds for " + how + ", such as "
            + ("key-hash".equals(how) ? "SHA-256" : "SHA-1")));
    if ("key-hash".equals(how)) {
      for (HashAlgorithm a : HashAlgorithm.values()) {
        if (a.jcaName().equalsIgnoreCase(d.string())) {
          return IssuerMatch.byKeyHash(a);
        }
      }
      throw error(d.path, d.value, "expected one of SHA-1, SHA-256, SHA-384, SHA-512");
    }
    try {
      return IssuerMatch.byCaFingerprint(d.string());
    } catch (IllegalArgumentException e) {
      throw error(d.path, d.value, e.getMessage());
    }
  }

  private StatusCodes statusCodes(Node n) {
    n.allowOnly("active", "revoked", "archived");
    try {
      return new StatusCodes(n.opt("active").map(Node::integers).orElse(Set.of()),
          n.opt("revoked").map(Node::integers).orElse(Set.of()),
          n.opt("archived").map(Node::integers).orElse(Set.of()));
    } catch (IllegalArgumentException e) {
      throw error(n.path, n.value, e.getMessage());
    }
  }

  private static boolean isNone(Node n) {
    return "none".equalsIgnoreCase(n.string());
  }

  private void optionalColumn(Optional<Node> node, Consumer<String> set, Runnable drop) {
    node.ifPresent(n -> {
      if (isNone(n)) {
        drop.run();
      } else {
        apply(n, () -> set.accept(n.string()));
      }
    });
  }

  /** Runs a builder call, turning its refusal into an error at this key. */
  private void apply(Node n, Runnable call) {
    try {
      call.run();
    } catch (IllegalArgumentException e) {
      throw error(n.path, n.value, e.getMessage());
    }
  }

  private ServerConfig.Policy policy(Node p) {
    p.allowOnly("non-issued", "non-issued-max-lag", "validity", "revocation-only", "crl-grace",
        "max-age", "reload-interval");
    ServerConfig.Policy d = ServerConfig.Policy.DEFAULTS;
    return new ServerConfig.Policy(
        p.opt("non-issued").map(n -> n.oneOf("unknown", "revoked")).orElse(d.nonIssued()),
        p.opt("non-issued-max-lag").map(n -> n.duration(Duration.ZERO))
            .orElse(d.nonIssuedMaxLag()),
        p.opt("validity").map(n -> n.oneOf("enforce", "ignore")).orElse(d.validity()),
        p.opt("revocation-only").map(Node::bool).orElse(d.revocationOnly()),
        p.opt("crl-grace").map(n -> n.duration(Duration.ZERO)).orElse(d.crlGrace()),
        p.opt("max-age").map(n -> n.duration(Duration.ofSeconds(1))).orElse(d.maxAge()),
        p.opt("reload-interval").map(n -> n.duration(Duration.ofSeconds(1)))
            .orElse(d.reloadInterval()));
  }

  private ConfigException error(String path, Object value, String why) {
    return new ConfigException(Optional.of(file), path.isEmpty() ? "(top level)" : path, value,
        why);
  }

  /**
   * Parses a duration written as {@code 90s}, {@code 5m}, {@code 6h}, {@code 1d}, {@code 250ms},
   * or ISO-8601 ({@code PT10M}).
   *
   * @param text the text
   * @return the duration, or empty if it is not one
   */
  static Optional<Duration> parseDuration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = DURATION.matcher(t);
    if (m.matches()) {
      long v = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          return Optional.of(Duration.ofMillis(v));
        case "s":
          return Optional.of(Duration.ofSeconds(v));
        case "m":
          return Optional.of(Duration.ofMinutes(v));
        case "h":
          return Optional.of(Duration.ofHours(v));
        default:
          return Optional.of(Duration.ofDays(v));
      }
    }
    try {
      return Optional.of(Duration.parse(text.strip()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private enum Kind { FILE, FOLDER, FILE_OR_FOLDER }

  /** A value in the YAML tree with its key path, for messages. */
  private final class Node {
    final Object value;
    final String path;

    Node(Object value, String path) {
      this.value = value;
      this.path = path;
    }

    @SuppressWarnings("unchecked")
    Map<Object, Object> map() {
      if (!(value instanceof Map)) {
        throw error(path, value, "expected a mapping of keys to values");
      }
      return (Map<Object, Object>) value;
    }

    void allowOnly(String... keys) {
      Set<String> allowed = Set.of(keys);
      for (Object k : map().keySet()) {
        if (!(k instanceof String) || !allowed.contains(k)) {
          throw error(child(String.valueOf(k)), k, "unknown key; known here: "
              + String.join(", ", keys));
        }
      }
    }

    Optional<Node> opt(String key) {
      Map<Object, Object> m = map();
      if (!m.containsKey(key) || m.get(key) == null) {
        return Optional.empty();
      }
      return Optional.of(new Node(m.get(key), child(key)));
    }

    Node req(String key) {
      return opt(key).orElseThrow(() -> error(child(key), null, "missing"));
    }

    private String child(String key) {
      return path.isEmpty() ? key : path + "." + key;
    }

    List<Node> list() {
      if (!(value instanceof List)) {
        throw error(path, value, "expected a list");
      }
      List<?> l = (List<?>) value;
      List<Node> out = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        out.add(new Node(l.get(i), path + "[" + i + "]"));
      }
      return out;
    }

    String string() {
      if (value instanceof Map || value instanceof List || value instanceof byte[]) {
        throw error(path, value, "expected a single value");
      }
      String s = String.valueOf(value).strip();
      if (s.isEmpty()) {
        throw error(path, value, "must not be empty");
      }
      return s;
    }

    String oneOf(String... choices) {
      String s = string();
      for (String c : choices) {
        if (c.equalsIgnoreCase(s)) {
          return c;
        }
      }
      throw error(path, value, "expected one of " + String.join(", ", choices));
    }

    int integer(int min, int max) {
      if (!(value instanceof Integer || value instanceof Long)) {
        throw error(path, value, "expected a whole number");
      }
      long v = ((Number) value).longValue();
      if (v < min || v > max) {
        throw error(path, value, "expected a number from " + min + " to " + max);
      }
      return (int) v;
    }

    /** A list of whole numbers, or a single one. */
    Set<Integer> integers() {
      Set<Integer> out = new HashSet<>();
      for (Node item : value instanceof List ? list() : List.of(this)) {
        out.add(item.integer(Integer.MIN_VALUE, Integer.MAX_VALUE));
      }
      return out;
    }

    boolean bool() {
      if (!(value instanceof Boolean)) {
        throw error(path, value, "expected true or false");
      }
      return (Boolean) value;
    }

    Duration duration(Duration min) {
      Optional<Duration> d = value instanceof Map || value instanceof List ? Optional.empty()
          : parseDuration(String.valueOf(value));
      if (d.isEmpty()) {
        throw error(path, value, "expected a duration such as 90s, 5m, 6h, 1d or PT10M");
      }
      if (d.get().compareTo(min) < 0) {
        throw error(path, value, "must be at least " + min);
      }
      return d.get();
    }

    String envName() {
      String s = string();
      if (!s.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw error(path, value, "expected the name of an environment variable");
      }
      return s;
    }

    Path path() {
      return folder.resolve(string()).normalize();
    }

    Path existingFile() {
      Path p = path();
      if (!Files.isRegularFile(p)) {
        throw error(path, value, Files.exists(p) ? p + " is not a file" : "no such file " + p);
      }
      return p;
    }

    /** A list of paths (a single value counts as a list of one). */
    List<Path> paths(Kind kind) {
      List<Node> items = value instanceof List ? list() : List.of(this);
      Map<Path, Node> out = new LinkedHashMap<>();
      for (Node item : items) {
        Path p = item.path();
        if (!Files.exists(p)) {
          throw error(item.path, item.value, "no such file or folder " + p);
        }
        if (kind == Kind.FILE && !Files.isRegularFile(p)) {
          throw error(item.path, item.value, p + " is not a file");
        }
        if (kind == Kind.FOLDER && !Files.isDirectory(p)) {
          throw error(item.path, item.value, p + " is not a folder");
        }
        if (out.put(p, item) != null) {
          throw error(item.path, item.value, "listed twice");
        }
      }
      return List.copyOf(out.keySet());
    }
  }
}
