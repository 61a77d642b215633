package dev.certstatus.server;

import dev.certstatus.fs.SerialDirectoryExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
  }

  @Option(names = "--to", required = true, paramLabel = "DIR",
      description = "The path readers use: a symbolic link this command creates and switches.")
  Path to;

  @Override
  public Integer call() {
    Path source = from.index != null ? from.index : from.certs;
    String flag = from.index != null ? "--from-index" : "--from-certs";
    if (!Files.exists(source)) {
      throw ConfigException.flag(flag, source, "no such file or folder");
    }
    if (Files.isDirectory(to, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw ConfigException.flag("--to", to, "is a real folder; the export needs a path it can"
          + " make a symbolic link (move the folder away, or name a new path)");
    }
    SerialDirectoryExporter exporter = new SerialDirectoryExporter(to, Clock.systemUTC());
    SerialDirectoryExporter.Export e;
    try {
      e = from.index != null ? exporter.exportIndex(source) : exporter.exportCertificates(source);
    } catch (IOException ex) {
      throw new SourceException(flag + " " + source + ": " + ex.getMessage(), ex);
    }
    spec.commandLine().getOut().println("exported " + e.serials() + " serials as of "
        + e.exportedAt() + " to " + to + " -> " + e.directory());
    return Main.OK;
  }
}
