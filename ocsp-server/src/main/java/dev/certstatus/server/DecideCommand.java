package dev.certstatus.server;

import dev.certstatus.core.Decision;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Mixin;

/** {@code check} and {@code explain}: load the given sources once and decide one certificate. */
abstract class DecideCommand extends CommandBase implements Callable<Integer> {

  @Mixin
  SourceOptions options;

  /** @return true to explain, false for one line or JSON */
  abstract boolean explain();

  @Override
  public Integer call() {
    ServerConfig.Ca ca = options.toCa();
    Instant at = options.instant().orElseGet(Instant::now);
    Optional<X509Certificate> cert = Optional.ofNullable(options.subject.cert)
        .map(KeyMaterial::certificate);
    SerialNumber serial;
    if (cert.isPresent()) {
      serial = SerialNumber.of(cert.get().getSerialNumber());
    } else {
      try {
        serial = SerialNumber.parseHex(options.subject.serial);
      } catch (IllegalArgumentException e) {
        throw ConfigException.flag("--serial", options.subject.serial, e.getMessage());
      }
    }
    Function<String, String> passwords = name -> SourceOptions.JDBC_PASSWORD_FLAG.equals(name)
        ? options.jdbcPassword : env.apply(name);
    try (CaSources sources = CaSources.open(ca, Clock.systemUTC(), false, passwords)) {
      if (cert.isPresent() && !cert.get().getIssuerX500Principal()
          .equals(sources.caCertificate().getSubjectX500Principal())) {
        throw ConfigException.flag("--cert", options.subject.cert, "issued by "
            + cert.get().getIssuerX500Principal().getName() + ", not by the --issuer CA "
            + sources.caCertificate().getSubjectX500Principal().getName());
      }
      StatusQuery query = cert.isPresent()
          ? StatusQuery.of(sources.issuer(), cert.get(), at)
          : StatusQuery.of(sources.issuer(), serial, at);
      Decision d = sources.chain().decide(query);
      PrintWriter out = spec.commandLine().getOut();
      if (explain()) {
        out.print(DecisionText.explain(d));
      } else if (options.json) {
        out.println(DecisionText.json(d));
      } else {
        out.println(DecisionText.line(d));
      }
      out.flush();
      List<String> unreadable = sources.unreadable();
      if (!unreadable.isEmpty()) {
        throw new SourceException(String.join("; ", unreadable));
      }
    }
    return Main.OK;
  }
}
