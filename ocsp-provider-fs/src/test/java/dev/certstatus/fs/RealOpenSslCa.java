package dev.certstatus.fs;

import dev.certstatus.testkit.OpenSsl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A CA run by the real {@code openssl ca}, so that index.txt comes from OpenSSL itself. */
final class RealOpenSslCa {

  private final Path dir;
  private final Duration timeout;
  private int issued;

  private RealOpenSslCa(Path dir, Duration timeout) {
    this.dir = dir;
    this.timeout = timeout;
  }

  static RealOpenSslCa create(Path dir, Duration timeout) throws IOException {
    Files.createDirectories(dir.resolve("newcerts"));
    Files.writeString(dir.resolve("index.txt"), "");
    Files.writeString(dir.resolve("serial"), "1000\n");
    Files.writeString(dir.resolve("openssl.cnf"), String.join("\n",
        "[ ca ]", "default_ca = testca", "[ testca ]", "dir = .",
        "database = $dir/index.txt", "new_certs_dir = $dir/newcerts",
        "certificate = $dir/ca.pem", "private_key = $dir/ca.key", "serial = $dir/serial",
        "default_md = sha256", "default_days = 365", "policy = anything",
        "unique_subject = no", "[ anything ]", "commonName = supplied", ""));
    RealOpenSslCa ca = new RealOpenSslCa(dir, timeout);
    ca.run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=Real OpenSSL CA", "-days", "3650");
    return ca;
  }

  /** @return the serial of the new certificate, as openssl printed it to its serial file */
  String issue(String name) throws IOException {
    String serial = Files.readString(dir.resolve("serial")).strip();
    String key = name + ".key";
    String csr = name + ".csr";
    run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", key, "-out", csr, "-subj", "/CN=" + name);
    run("ca", "-batch", "-config", "openssl.cnf", "-in", csr, "-out", name + ".pem");
    issued++;
    return serial;
  }

  void revoke(String serial, String... how) throws IOException {
    String[] args = new String[4 + how.length];
    args[0] = "ca";
    args[1] = "-config";
    args[2] = "openssl.cnf";
    args[3] = "-revoke";
    String[] full = new String[args.length + 1];
    System.arraycopy(args, 0, full, 0, 4);
    full[4] = "newcerts/" + serial + ".pem";
    System.arraycopy(how, 0, full, 5, how.length);
    run(full);
  }

  Path index() {
    return dir.resolve("index.txt");
  }

  Path newCerts() {
    return dir.resolve("newcerts");
  }

  int issued() {
    return issued;
  }

  private void run(String... args) {
    OpenSsl.Result result = OpenSsl.run(dir, timeout, args);
    if (!result.succeeded()) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: "
          + result);
    }
  }
}
