package dev.certstatus.server;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line tool, {@code java -jar ocsp-server.jar}: {@code check}, {@code explain},
 * {@code serve}, {@code export-serials} and {@code demo}.
 *
 * <p>Exit codes: 0 when the command did its job (whatever the certificate's status), 1 for a
 * usage or configuration error (the message names the file, key or flag and the bad value), 2
 * when a source could not be read at all.
 */
@Command(name = "ocsp-server", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Deterministic certificate status: check or explain one certificate, serve OCSP"
        + " over HTTP, export issued serials safely, or run the demo.",
    subcommands = {CheckCommand.class, ExplainCommand.class, ServeCommand.class,
        ExportSerialsCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  /** Exit code: the command did its job. */
  static final int OK = 0;
  /** Exit code: a usage or configuration error. */
  static final int USAGE = 1;
  /** Exit code: a source could not be read at all. */
  static final int SOURCE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private Main() {}

  /**
   * Runs the tool and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(out, err, System::getenv, args));
  }

  /**
   * Runs the tool in this process.
   *
   * @param out standard output
   * @param err standard error
   * @param env the environment (passwords named in configuration)
   * @param args the command line
   * @return the exit code
   */
  static int run(PrintWriter out, PrintWriter err, Function<String, String> env, String... args) {
    CommandLine cl = new CommandLine(new Main(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        K k = CommandLine.defaultFactory().create(type);
        if (k instanceof CommandBase) {
          ((CommandBase) k).env = env;
        }
        return k;
      }
    });
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((e, a) -> {
      err.println("error: " + e.getMessage());
      e.getCommandLine().usage(err);
      return USAGE;
    });
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ConfigException) {
        err.println("error: " + e.getMessage());
        return USAGE;
      }
      if (e instanceof SourceException) {
        err.println("error: " + e.getMessage());
        return SOURCE;
      }
      err.println("error: " + e);
      e.printStackTrace(err);
      return USAGE;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a command: check, explain, serve, export-serials or demo");
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"ocsp-server " + (v == null ? "(development build)" : v)};
    }
  }
}
