package dev.certstatus.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a user runs it ({@code java -jar target/ocsp-server.jar}), after
 * {@code package}: the README's main-job command and the exit codes.
 */
class RunnableJarIT {

  @TempDir
  Path dir;

  /** What a run printed. */
  record Result(int code, String out, String err) {}

  private Result java(String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("server.jar", "target/ocsp-server.jar"));
    assertThat(jar).exists();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("java -jar " + String.join(" ", args) + " did not finish");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void theDemoAnswersGoodRevokedUnknownAndUnauthorizedThenExits() throws Exception {
    Result r = java("demo", "--once", "--port", "0");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("OCSP responder: http://127\\.0\\.0\\.1:\\d+/")
        .containsPattern("good\\.example +serial [0-9a-f]+: GOOD \\(signed response, signature"
            + " verified\\)")
        .containsPattern("revoked\\.example +serial [0-9a-f]+: REVOKED at .*, reason"
            + " keyCompromise")
        .containsPattern("forged\\.example +serial [0-9a-f]+: UNKNOWN \\(signed response")
        .containsPattern("other-ca\\.example +serial [0-9a-f]+: unauthorized")
        .contains("rule 6 fired", "openssl ocsp -url http://127.0.0.1:");
  }

  @Test
  void exitCodesOneForUsageAndTwoForAnUnreadableSource() throws Exception {
    Result usage = java("check", "--serial", "01");
    assertThat(usage.code()).isEqualTo(1);
    assertThat(usage.err()).contains("--issuer");
    Path config = Files.writeString(dir.resolve("bad.yaml"), "server: {port: x}\ncas: []\n");
    Result badConfig = java("serve", "--config", config.toString());
    assertThat(badConfig.code()).isEqualTo(1);
    assertThat(badConfig.err()).contains(config.toString(), "server.port", "(got 'x')");
    Path ca = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
    Result unreadable = java("check", "--issuer", ca.toString(), "--serial", "01",
        "--serial-list", ca.toString());
    assertThat(unreadable.code()).isEqualTo(2);
    assertThat(unreadable.err()).contains(ca.toString());
  }
}
