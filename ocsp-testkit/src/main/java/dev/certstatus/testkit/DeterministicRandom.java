package dev.certstatus.testkit;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * A SecureRandom whose output is a pure function of its seed: SHA-256 over seed and a block
 * counter. JDK DRBGs mix in system entropy even when seeded, and SHA1PRNG's behaviour is a
 * provider detail, so neither gives byte-identical keys across JDK versions. Test use only.
 */
final class DeterministicRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    private final byte[] seed;
    private final byte[] block = new byte[32];
    private long counter;
    private int available;

    DeterministicRandom(byte[] seed) {
        super(null, null);
        this.seed = seed.clone();
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (available == 0) {
                refill();
            }
            bytes[i] = block[block.length - available];
            available--;
        }
    }

    private void refill() {
        SHA256Digest digest = new SHA256Digest();
        digest.update(seed, 0, seed.length);
        byte[] count = ByteBuffer.allocate(Long.BYTES).putLong(counter++).array();
        digest.update(count, 0, count.length);
        digest.doFinal(block, 0);
        available = block.length;
    }

    @Override
    public byte[] generateSeed(int numBytes) {
        byte[] out = new byte[numBytes];
        nextBytes(out);
        return out;
    }

    // Ignored on purpose: extra seeding by callers (or by Random's constructor) must not make
    // the output depend on anything but the construction seed.
    @Override
    public void setSeed(long ignored) {
    }

    @Override
    public void setSeed(byte[] ignored) {
    }

    @Override
    public String getAlgorithm() {
        return "SHA256-counter (deterministic, tests only)";
    }
}
