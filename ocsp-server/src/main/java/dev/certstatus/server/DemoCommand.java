package dev.certstatus.server;

import dev.certstatus.core.HashAlgorithm;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.jdbc.JdbcSchema;
import dev.certstatus.jdbc.TableMapping;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.PkiFiles;
import dev.certstatus.testkit.RevocationReason;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: with no files at all, a test PKI in a temporary folder (an issued-serial
 * directory, a CRL and an H2 store), the responder on 127.0.0.1, and four OCSP queries over HTTP:
 * a good certificate, a revoked one, a forged one (signed by the CA's key, never recorded as
 * issued) and one of another CA.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Create a test CA in a temporary folder, serve OCSP for it on 127.0.0.1, ask"
        + " about a good, a revoked, a forged and an unknown-CA certificate, and print each"
        + " answer. Then serve until interrupted, or exit with --once.")
final class DemoCommand extends CommandBase implements Callable<Integer> {

  private static final String TABLE = TableMapping.DEFAULT_TABLE;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
      description = "The port (default 8080; 0: any free port).")
  int port;

  @Option(names = "--once", description = "Exit after printing the four answers.")
  boolean once;

  /** One certificate the demo asks about. */
  private record Query(String label, X509Certificate certificate, X509Certificate issuer,
      String note) {}

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw ConfigException.flag("--port", port, "expected 0 to 65535");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("certstatus-demo-");
    Instant now = Instant.now();
    TestPki pki = TestPki.withSeed(now.getEpochSecond()).now(now.minus(Duration.ofHours(1)));
    TestCa ca = pki.rootCa("CN=certstatus Demo CA,O=certstatus").ec().build();
    IssuedCert signer = ca.ocspSigner("CN=certstatus Demo OCSP Responder,O=certstatus").build();
    IssuedCert good = ca.issue("CN=good.example").build();
    IssuedCert revoked = ca.issue("CN=revoked.example").build();
    ca.revoke(revoked.serial(), pki.now(), RevocationReason.KEY_COMPROMISE);
    IssuedCert forged = ca.forge("CN=forged.example").build();
    TestCa other = pki.rootCa("CN=Some Other CA").ec().build();
    IssuedCert stranger = other.issue("CN=other-ca.example").build();

    Path caPem = PkiFiles.writePem(dir.resolve("ca.pem"), ca.certificate());
    Path ocspPem = PkiFiles.writePem(dir.resolve("ocsp.pem"), signer.certificate());
    Path ocspKey = PkiFiles.writePkcs8Pem(dir.resolve("ocsp.key"), signer.privateKey());
    Path crl = PkiFiles.writeDer(dir.resolve("ca.crl"), ca.crl().build());
    Path serials = PkiFiles.writeSerialDirectory(dir.resolve("serials"), ca);
    PkiFiles.writePem(dir.resolve("good.pem"), good.certificate());
    PkiFiles.writePem(dir.resolve("revoked.pem"), revoked.certificate());
    Path forgedPem = PkiFiles.writePem(dir.resolve("forged.pem"), forged.certificate());
    PkiFiles.writePem(dir.resolve("other-ca.pem"), other.certificate());
    PkiFiles.writePem(dir.resolve("other-ca-leaf.pem"), stranger.certificate());

    String jdbcUrl = "jdbc:h2:mem:certstatus-demo-" + now.toEpochMilli() + ";DB_CLOSE_DELAY=-1";
    try (Connection keepAlive = DriverManager.getConnection(jdbcUrl)) {
      store(keepAlive, ca);
      ServerConfig.Ca demoCa = new ServerConfig.Ca("demo", caPem,
          Optional.of(new ServerConfig.Signer.Pem(ocspPem, ocspKey)), List.of(crl),
          List.of(serials), List.of(), Optional.empty(),
          Optional.of(new ServerConfig.Jdbc(jdbcUrl, Optional.empty(), Optional.empty(),
              TableMapping.certstatus())),
          ServerConfig.Policy.DEFAULTS);
      ServerConfig config = new ServerConfig(Optional.empty(),
          ServerConfig.Http.DEFAULTS.withBind("127.0.0.1").withPort(port),
          ServerConfig.Responder.DEFAULTS, List.of(demoCa));
      try (ResponderService service = ResponderService.start(config, Clock.systemUTC(),
          name -> null)) {
        URI url = service.uri();
        out.println("certstatus demo");
        out.println("  test CA, OCSP signer, certificates, CRL, issued-serial directory: " + dir);
        out.println("  H2 certificate store: " + jdbcUrl);
        out.println("  OCSP responder: " + url);
        out.println();
        List<Query> queries = List.of(
            new Query("good.example", good.certificate(), ca.certificate(), ""),
            new Query("revoked.example", revoked.certificate(), ca.certificate(), ""),
            new Query("forged.example", forged.certificate(), ca.certificate(),
                "signed with the CA's key but never issued: on no CRL, so a CRL-only responder"
                    + " says GOOD"),
            new Query("other-ca.example", stranger.certificate(), other.certificate(),
                "issued by a CA this responder does not serve"));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        out.println("Asking the responder over HTTP (POST application/ocsp-request):");
        for (Query q : queries) {
          out.printf("  %-17s serial %s: %s%n", q.label(),
              SerialNumber.of(q.certificate().getSerialNumber()).toHex(),
              ask(client, url, q, signer.certificate()));
          if (!q.note().isEmpty()) {
            out.printf("  %-17s (%s)%n", "", q.note());
          }
        }
        CaSources sources = service.cas().get(0);
        out.println();
        out.println("Why the forged certificate is not GOOD (the responder's decision):");
        String why = DecisionText.explain(sources.chain().decide(StatusQuery.of(
            sources.issuer(), forged.certificate(), Instant.now())));
        for (String line : why.split("\n")) {
          out.println("  " + line);
        }
        out.println();
        out.println("The same query with OpenSSL as the client:");
        out.println("  openssl ocsp -url " + url + " -issuer " + caPem + " -cert " + forgedPem
            + " -VAfile " + ocspPem);
        out.flush();
        if (once) {
          return Main.OK;
        }
        out.println();
        out.println("Serving until interrupted (Ctrl+C).");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "demo-stop"));
        stopped.await();
      }
    }
    return Main.OK;
  }

  /** Writes every certificate the CA issued to the H2 store, in this project's schema. */
  private static void store(Connection c, TestCa ca) throws SQLException {
    JdbcSchema.statements(JdbcSchema.Dialect.H2, TABLE).forEach(sql -> {
      try (var s = c.createStatement()) {
        s.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create the demo table: " + e.getMessage(), e);
      }
    });
    String issuer = HexFormat.of().formatHex(IssuerId.of(ca.certificate())
        .keyHash(HashAlgorithm.SHA256));
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (issuer_key_hash,"
        + " serial, not_before, not_after, revocation_time, revocation_reason, cert_sha256,"
        + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (IssuedCert cert : ca.issued()) {
        var revocation = ca.revoked().stream()
            .filter(r -> r.serial().equals(cert.serial())).findFirst();
        ps.setString(1, issuer);
        ps.setString(2, SerialNumber.of(cert.serial()).toHex());
        ps.setLong(3, cert.certificate().getNotBefore().getTime());
        ps.setLong(4, cert.certificate().getNotAfter().getTime());
        if (revocation.isPresent()) {
          ps.setLong(5, revocation.get().revocationTime().toEpochMilli());
          ps.setInt(6, revocation.get().reason().code());
        } else {
          ps.setNull(5, java.sql.Types.BIGINT);
          ps.setNull(6, java.sql.Types.INTEGER);
        }
        ps.setString(7, sha256(cert.certificate()));
        ps.setLong(8, System.currentTimeMillis());
        ps.executeUpdate();
      }
    }
  }

  private static String sha256(X509Certificate c) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(c.getEncoded()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One OCSP query over HTTP, as any client would make it; the answer in words. */
  private static String ask(HttpClient client, URI url, Query q, X509Certificate responder)
      throws Exception {
    CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
        .get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(q.issuer()),
        q.certificate().getSerialNumber());
    byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
    HttpResponse<byte[]> http;
    try {
      http = client.send(HttpRequest.newBuilder(url)
          .header("Content-Type", "application/ocsp-request")
          .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      return "no answer: " + e.getMessage();
    }
    OCSPResp resp = new OCSPResp(http.body());
    switch (resp.getStatus()) {
      case OCSPResp.SUCCESSFUL:
        break;
      case OCSPResp.UNAUTHORIZED:
        return "unauthorized (an unsigned OCSP error: the responder does not serve this CA)";
      default:
        return "OCSP error status " + resp.getStatus();
    }
    BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
    boolean valid = basic.isSignatureValid(new JcaContentVerifierProviderBuilder()
        .build(responder));
    SingleResp single = basic.getResponses()[0];
    CertificateStatus status = single.getCertStatus();
    String answer;
    if (status == CertificateStatus.GOOD) {
      answer = "GOOD";
    } else if (status instanceof RevokedStatus) {
      RevokedStatus r = (RevokedStatus) status;
      answer = "REVOKED at " + r.getRevocationTime().toInstant() + (r.hasRevocationReason()
          ? ", reason " + dev.certstatus.core.RevocationReason.ofCode(r.getRevocationReason())
              .map(dev.certstatus.core.RevocationReason::rfcName).orElse("?") : "");
    } else if (status instanceof UnknownStatus) {
      answer = "UNKNOWN";
    } else {
      answer = String.valueOf(status);
    }
    return answer + (valid ? " (signed response, signature verified)"
        : " (SIGNATURE DOES NOT VERIFY)");
  }
}
