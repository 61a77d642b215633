package dev.certstatus.testkit;

/** Facts about the environment the tests run in. */
public final class TestEnvironment {
    private TestEnvironment() {
    }

    /**
     * Tells whether the tests run on CI, where missing tools must fail tests instead of skipping
     * them (a skipped interoperability test on CI would hide a broken build image).
     *
     * @return true when the environment variable {@code CI} is {@code true} (any case)
     */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
