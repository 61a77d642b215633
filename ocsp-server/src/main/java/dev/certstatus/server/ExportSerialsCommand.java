package dev.certstatus.server;

import com.zaxxer.hikari.HikariDataSource;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.fs.SerialDirectoryExporter;
import dev.certstatus.jdbc.JdbcSerialExport;
import dev.certstatus.jdbc.TableMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code export-serials}: writes an issued-serial directory atomically (a new directory, then one
 * rename of a symbolic link), the safe equivalent of the Windows CA export script.
 */
@Command(name = "export-serials", mixinStandardHelpOptions = true,
    description = "Write an issued-serial directory atomically: readers of DIR (a symbolic link)"
        + " see the previous export or the new one, never a part.")
final class ExportSerialsCommand extends CommandBase implements Callable<Integer> {

  @ArgGroup(exclusive = true, multiplicity = "1")
  From from;

  /** Where the serials come from. */
  static final class From {
    @Option(names = "--from-index", paramLabel = "INDEX.txt",
        description = "Every serial of an OpenSSL CA database (valid, revoked and expired).")
    Path index;

    @Option(names = "--from-certs", paramLabel = "DIR",
        description = "The serials of the certificates (.pem, .crt, .cer, .der) in a folder.")
    Path certs;

    @Option(names = "--from-jdbc", paramLabel = "URL",
        description = "The serials of one CA's rows (--issuer) in a certificate table, revoked"
            + " ones included.")
    String jdbc;
  }

  @Option(names = "--issuer", paramLabel = "CA.pem",
      description = "With --from-jdbc: the CA certificate (PEM or DER) whose rows to export.")
  Path issuer;

  @Option(names = "--jdbc-user", paramLabel = "U", description = "With --from-jdbc: the user.")
  String jdbcUser;

  @Option(names = "--jdbc-password", paramLabel = "P",
      description = "With --from-jdbc: the password.")
  String jdbcPassword;

  @Option(names = "--jdbc-preset", paramLabel = "default|ejbca",
      description = "With --from-jdbc: the table layout (default: this project's schema).")
  String jdbcPreset;

  @Option(names = "--jdbc-table", paramLabel = "NAME",
      description = "With --from-jdbc: the table, when not the preset's.")
  String jdbcTable;

  @Option(names = "--to", required = true, paramLabel = "DIR",
      description = "The path readers use: a symbolic link this command creates and switches.")
  Path to;

  @Override
  public Integer call() {
    if (from.jdbc == null) {
      rejectWithoutJdbc();
    }
    if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
      throw ConfigException.flag("--to", to, "is a real folder; the export needs a path it can"
          + " make a symbolic link (move the folder away, or name a new path)");
    }
    SerialDirectoryExporter.Export e = from.jdbc != null ? exportJdbc()
        : exportFile(new SerialDirectoryExporter(to, Clock.systemUTC()));
    spec.commandLine().getOut().println("exported " + e.serials() + " serials as of "
        + e.exportedAt() + " to " + to + " -> " + e.directory());
    return Main.OK;
  }

  private void rejectWithoutJdbc() {
    String[][] jdbcOnly = {{"--issuer", issuer == null ? null : issuer.toString()},
        {"--jdbc-user", jdbcUser}, {"--jdbc-password", jdbcPassword == null ? null : "***"},
        {"--jdbc-preset", jdbcPreset}, {"--jdbc-table", jdbcTable}};
    for (String[] flag : jdbcOnly) {
      if (flag[1] != null) {
        throw ConfigException.flag(flag[0], flag[1], "only with --from-jdbc");
      }
    }
  }

  private SerialDirectoryExporter.Export exportFile(SerialDirectoryExporter exporter) {
    Path source = from.index != null ? from.index : from.certs;
    String flag = from.index != null ? "--from-index" : "--from-certs";
    if (!Files.exists(source)) {
      throw ConfigException.flag(flag, source, "no such file or folder");
    }
    try {
      return from.index != null ? exporter.exportIndex(source)
          : exporter.exportCertificates(source);
    } catch (IOException ex) {
      throw new SourceException(flag + " " + source + ": " + ex.getMessage(), ex);
    }
  }

  private SerialDirectoryExporter.Export exportJdbc() {
    if (!from.jdbc.startsWith("jdbc:")) {
      throw ConfigException.flag("--from-jdbc", from.jdbc, "a JDBC URL starts with 'jdbc:'");
    }
    if (issuer == null) {
      throw ConfigException.flag("--issuer", null, "--from-jdbc needs the CA certificate whose"
          + " rows to export");
    }
    if (!Files.exists(issuer)) {
      throw ConfigException.flag("--issuer", issuer, "no such file or folder");
    }
    TableMapping mapping = SourceOptions.presetMapping(jdbcPreset, jdbcTable);
    X509Certificate ca = KeyMaterial.certificate(issuer);
    ServerConfig.Jdbc jdbc = new ServerConfig.Jdbc(from.jdbc, Optional.ofNullable(jdbcUser),
        Optional.ofNullable(jdbcPassword).map(p -> SourceOptions.JDBC_PASSWORD_FLAG), mapping);
    List<SerialNumber> serials = new ArrayList<>();
    // The marker claims completeness as of the moment before the table was read, not after.
    Instant readStarted = Clock.systemUTC().instant();
    try (HikariDataSource ds = CaSources.dataSource("export", jdbc,
        name -> SourceOptions.JDBC_PASSWORD_FLAG.equals(name) ? jdbcPassword : env.apply(name))) {
      JdbcSerialExport.issuedSerials(ds, mapping, ca, serials::add);
    } catch (SQLException ex) {
      throw new SourceException("--from-jdbc " + from.jdbc + ", table " + mapping.table() + ": "
          + ex.getMessage(), ex);
    }
    if (serials.isEmpty()) {
      // Most likely the wrong CA or preset; an empty export would call every certificate of the
      // CA not issued.
      throw new SourceException("--from-jdbc " + from.jdbc + ": table " + mapping.table()
          + " has no rows of " + ca.getSubjectX500Principal() + " (check --issuer,"
          + " --jdbc-preset and --jdbc-table); nothing exported");
    }
    try {
      return new SerialDirectoryExporter(to, Clock.fixed(readStarted, ZoneOffset.UTC))
          .export(serials);
    } catch (IOException ex) {
      throw new SourceException("--to " + to + ": " + ex.getMessage(), ex);
    }
  }
}
