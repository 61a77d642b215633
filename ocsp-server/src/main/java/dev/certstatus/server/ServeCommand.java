package dev.certstatus.server;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: the HTTP responder for every CA of a configuration file. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve OCSP over HTTP for every CA in the configuration file, until stopped.")
final class ServeCommand extends CommandBase implements Callable<Integer> {

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "The YAML configuration file.")
  Path config;

  @Option(names = "--port", paramLabel = "N",
      description = "The port, overriding server.port (0: any free port).")
  Integer port;

  @Option(names = "--bind", paramLabel = "ADDR",
      description = "The address, overriding server.bind (default 127.0.0.1).")
  String bind;

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig c = ConfigReader.read(config);
    ServerConfig.Http http = c.http();
    if (port != null) {
      if (port < 0 || port > 65535) {
        throw ConfigException.flag("--port", port, "expected 0 to 65535");
      }
      http = http.withPort(port);
    }
    if (bind != null) {
      http = http.withBind(bind);
    }
    c = new ServerConfig(c.file(), http, c.responder(), c.cas());
    ResponderService service = ResponderService.start(c, Clock.systemUTC(), env);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "certstatus-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("serving OCSP for " + c.cas().size() + " CA(s) at " + service.uri());
    out.flush();
    stopped.await();
    return Main.OK;
  }
}
