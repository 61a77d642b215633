package dev.certstatus.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code openssl} command line tool for interoperability tests. The binary is
 * {@code openssl} on the PATH, or the one named by the system property
 * {@code certstatus.openssl}.
 *
 * <p>Typical use in a JUnit test:
 * <pre>{@code
 * assumeTrue(OpenSsl.availableOrFailOnCi(), "openssl is not installed");
 * OpenSsl.Result result = OpenSsl.run(Duration.ofSeconds(30), "verify", "-CAfile", root.toString(), leaf.toString());
 * }</pre>
 */
public final class OpenSsl {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static volatile Boolean available;

    private OpenSsl() {
    }

    /**
     * The outcome of one run.
     *
     * @param exitCode the process exit code, or -1 when it timed out
     * @param stdout standard output, decoded as UTF-8
     * @param stderr standard error, decoded as UTF-8
     * @param timedOut true when the process was destroyed after the timeout
     */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
        /**
         * Validates the components.
         *
         * @param exitCode see the record description
         * @param stdout see the record description
         * @param stderr see the record description
         * @param timedOut see the record description
         * @throws NullPointerException if an output is null
         */
        public Result {
            Objects.requireNonNull(stdout, "stdout");
            Objects.requireNonNull(stderr, "stderr");
        }

        /**
         * Tells whether the run finished in time with exit code 0.
         *
         * @return true on success
         */
        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }
    }

    /**
     * Tells whether {@code openssl version} runs. The answer is cached for the JVM.
     *
     * @return true when openssl can be run
     */
    public static boolean available() {
        Boolean known = available;
        if (known == null) {
            boolean works;
            try {
                works = run(PROBE_TIMEOUT, "version").succeeded();
            } catch (UncheckedIOException e) {
                works = false;
            }
            available = works;
            known = works;
        }
        return known;
    }

    /**
     * For a JUnit assumption: true when openssl is available, false when it is not and this is
     * not CI (the test should be skipped), and an exception when it is missing on CI, where the
     * build image is expected to provide it.
     *
     * @return whether openssl is available
     * @throws IllegalStateException when CI=true and openssl cannot be run
     */
    public static boolean availableOrFailOnCi() {
        if (available()) {
            return true;
        }
        if (TestEnvironment.isCi()) {
            throw new IllegalStateException("openssl (" + binary() + ") cannot be run, and CI=true: "
                    + "interoperability tests must not be skipped on CI");
        }
        return false;
    }

    /**
     * Runs openssl in the current directory.
     *
     * @param timeout how long to wait before destroying the process
     * @param args the arguments after {@code openssl}
     * @return the result
     * @throws UncheckedIOException if the process cannot be started
     */
    public static Result run(Duration timeout, String... args) {
        return run(null, timeout, args);
    }

    /**
     * Runs openssl in a working directory, with standard input closed. Output goes to temporary
     * files rather than pipes, so a chatty process can never block on a full pipe; on timeout
     * the process (and its children) are destroyed forcibly.
     *
     * @param workingDirectory the directory to run in, or null for the current one
     * @param timeout how long to wait before destroying the process; must be positive
     * @param args the arguments after {@code openssl}
     * @return the result
     * @throws IllegalArgumentException if the timeout is not positive
     * @throws UncheckedIOException if the process cannot be started
     */
    public static Result run(Path workingDirectory, Duration timeout, String... args) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        List<String> command = new ArrayList<>();
        command.add(binary());
        command.addAll(List.of(args));
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("openssl-out", ".txt");
            err = Files.createTempFile("openssl-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            Process process = builder.start();
            process.getOutputStream().close();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            return new Result(finished ? process.exitValue() : -1,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                    !finished);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static String binary() {
        return System.getProperty("certstatus.openssl", "openssl");
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A leftover temp file is harmless; failing the test run over it would not be.
            }
        }
    }
}
