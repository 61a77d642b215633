package dev.certstatus.testkit;

import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The entry point: a deterministic, in-process PKI for tests.
 *
 * <p>Everything a {@code TestPki} produces (keys, serial numbers, certificates, CRL bytes) is a
 * function of its seed and of the calls made on it, so two runs with the same seed and the same
 * calls give byte-identical output. Each key is derived from the seed and the subject it is for
 * (and how many keys that subject already got), so adding a certificate to a test does not change
 * the keys of the others. The clock is fixed ({@link #DEFAULT_NOW} until changed with
 * {@link #now(Instant)}) and is used for every default time.
 *
 * <p>Not thread-safe: build the PKI in one thread, then share its products.
 *
 * <pre>{@code
 * TestPki pki = TestPki.withSeed(42);
 * TestCa root = pki.rootCa("CN=Test Root CA").build();
 * TestCa sub = root.intermediateCa("CN=Test Sub CA").rsa().build();
 * IssuedCert leaf = sub.issue("CN=leaf.example").build();
 * sub.revoke(leaf.serial(), pki.now(), RevocationReason.KEY_COMPROMISE);
 * X509CRL crl = sub.crl().build();
 * }</pre>
 */
public final class TestPki {
    /** The default clock value: 2026-01-01T00:00:00Z. */
    public static final Instant DEFAULT_NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final long seed;
    private final Map<String, Integer> labelUses = new HashMap<>();
    private Instant now = DEFAULT_NOW;

    private TestPki(long seed) {
        this.seed = seed;
    }

    /**
     * Creates a PKI whose keys and serial numbers derive from the seed.
     *
     * @param seed any value; the same seed gives the same PKI
     * @return a new PKI with the clock at {@link #DEFAULT_NOW}
     */
    public static TestPki withSeed(long seed) {
        return new TestPki(seed);
    }

    /**
     * Returns the seed this PKI was created with.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Returns the PKI's clock, the default for validity starts, thisUpdate and revocation times.
     *
     * @return the current instant of this PKI, whole seconds
     */
    public Instant now() {
        return now;
    }

    /**
     * Moves the PKI's clock. Sub-second parts are dropped because certificates and CRLs encode
     * whole seconds.
     *
     * @param instant the new current instant
     * @return this PKI
     */
    public TestPki now(Instant instant) {
        this.now = Crypto.seconds(Objects.requireNonNull(instant, "instant"));
        return this;
    }

    /**
     * Starts a self-signed root CA.
     *
     * @param subjectDn the subject, in RFC 2253 / X500Principal syntax, e.g. {@code "CN=Test Root CA"}
     * @return a builder; call {@link CaBuilder#build()} to create the CA
     */
    public CaBuilder rootCa(String subjectDn) {
        return new CaBuilder(this, null, Crypto.name(subjectDn));
    }

    /** A key for a subject: derived from the seed, the subject and how often it was asked for. */
    KeyPair newKeyPair(String subject, KeyType type) {
        String label = "key|" + type + "|" + subject;
        int use = labelUses.merge(label, 1, Integer::sum);
        return Crypto.keyPair(Crypto.derive(seed, label + "|" + use), type);
    }

    /**
     * A 16-octet positive serial derived from the seed and a label, the size public CAs use,
     * so tests exercise realistic serials rather than 1, 2, 3.
     */
    BigInteger newSerial(String label) {
        int use = labelUses.merge("serial|" + label, 1, Integer::sum);
        byte[] bytes = new byte[16];
        new DeterministicRandom(Crypto.derive(seed, "serial|" + label + "|" + use)).nextBytes(bytes);
        bytes[0] = (byte) ((bytes[0] & 0x7f) | 0x40);
        return new BigInteger(1, bytes);
    }
}
