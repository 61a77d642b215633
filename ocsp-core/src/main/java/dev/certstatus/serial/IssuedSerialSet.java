package dev.certstatus.serial;

import dev.certstatus.core.CertificateHash;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.Validity;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The serials a CA issued, with what the source knows of each certificate: its validity and a
 * fingerprint, both optional per entry. Stored column by column beside a {@link SerialSet}:
 * 16 bytes per entry for validity and the digest length for fingerprints, only when some entry
 * has them. Immutable.
 */
public final class IssuedSerialSet {

  private final SerialSet serials;
  private final InstantColumn notBefore;
  private final InstantColumn notAfter;
  private final String hashAlgorithm;
  private final int hashLength;
  private final byte[] hashes;
  private final long[] hashPresent;

  private IssuedSerialSet(SerialSet serials, InstantColumn notBefore, InstantColumn notAfter,
      String hashAlgorithm, int hashLength, byte[] hashes, long[] hashPresent) {
    this.serials = serials;
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    this.hashAlgorithm = hashAlgorithm;
    this.hashLength = hashLength;
    this.hashes = hashes;
    this.hashPresent = hashPresent;
  }

  /**
   * @param serials issued serials about which nothing else is known
   * @return the set, without validity or fingerprints
   */
  public static IssuedSerialSet of(SerialSet serials) {
    return new IssuedSerialSet(Objects.requireNonNull(serials, "serials"), null, null, null, 0,
        null, null);
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the serials; {@link SerialSet#indexOf} gives the index the accessors take */
  public SerialSet serials() {
    return serials;
  }

  /** @return the number of distinct serials */
  public int size() {
    return serials.size();
  }

  /** @return false when no entry can have details: the set is its serials and nothing else */
  boolean hasDetailColumns() {
    return notBefore != null || hashPresent != null;
  }

  /**
   * @param index an index from {@link SerialSet#indexOf}
   * @return true if the source recorded a validity or a fingerprint for this entry
   */
  public boolean hasDetails(int index) {
    Objects.checkIndex(index, serials.size());
    return (notBefore != null && notBefore.isPresent(index))
        || (hashPresent != null && (hashPresent[index >>> 6] & (1L << index)) != 0);
  }

  /**
   * @param index an index from {@link SerialSet#indexOf}
   * @return the certificate's validity, if recorded
   */
  public Optional<Validity> validity(int index) {
    Objects.checkIndex(index, serials.size());
    if (notBefore == null || !notBefore.isPresent(index)) {
      return Optional.empty();
    }
    return Optional.of(new Validity(notBefore.get(index).get(), notAfter.get(index).get()));
  }

  /**
   * @param index an index from {@link SerialSet#indexOf}
   * @return the certificate's fingerprint, if recorded
   */
  public Optional<CertificateHash> certificateHash(int index) {
    Objects.checkIndex(index, serials.size());
    if (hashPresent == null || (hashPresent[index >>> 6] & (1L << index)) == 0) {
      return Optional.empty();
    }
    byte[] value = Arrays.copyOfRange(hashes, index * hashLength, (index + 1) * hashLength);
    return Optional.of(new CertificateHash(hashAlgorithm, value));
  }

  /** @return an estimate of the heap the set and its columns occupy, in bytes */
  public long memoryBytes() {
    long bytes = 48 + serials.memoryBytes();
    if (notBefore != null) {
      bytes += notBefore.memoryBytes() + notAfter.memoryBytes();
    }
    if (hashes != null) {
      bytes += Memory.array(hashes.length, 1) + Memory.array(hashPresent.length, 8);
    }
    return bytes;
  }

  @Override
  public String toString() {
    return "IssuedSerialSet[" + size() + " serials" + (notBefore != null ? ", validity" : "")
        + (hashes != null ? ", " + hashAlgorithm + " fingerprints" : "") + "]";
  }

  /**
   * Collects issued serials and their details. When a serial is added twice, the first entry
   * added stays. Not thread-safe; builds once.
   */
  public static final class Builder {

    private final SetBuilder keys = new SetBuilder(true, Sorter.FIRST);
    private final InstantColumn.Builder notBefore = new InstantColumn.Builder();
    private final InstantColumn.Builder notAfter = new InstantColumn.Builder();
    private boolean anyValidity;
    private String hashAlgorithm;
    private int hashLength;
    private byte[] hashes = new byte[0];
    private long[] hashPresent = new long[1];
    private int count;

    private Builder() {}

    /**
     * @param serial an issued serial about which nothing else is known
     * @return this builder
     */
    public Builder add(SerialNumber serial) {
      return add(serial, Optional.empty(), Optional.empty());
    }

    /**
     * @param serial an issued serial
     * @param validity its certificate's validity
     * @return this builder
     */
    public Builder add(SerialNumber serial, Validity validity) {
      return add(serial, Optional.of(validity), Optional.empty());
    }

    /**
     * @param serial an issued serial
     * @param validity its certificate's validity, if known
     * @param hash its certificate's fingerprint, if known; every fingerprint in one set uses the
     *     same algorithm
     * @return this builder
     * @throws IllegalArgumentException if the fingerprint's algorithm differs from the first one
     */
    public Builder add(SerialNumber serial, Optional<Validity> validity,
        Optional<CertificateHash> hash) {
      Objects.requireNonNull(serial, "serial");
      Objects.requireNonNull(validity, "validity");
      Objects.requireNonNull(hash, "hash");
      if (hash.isPresent()) {
        checkAlgorithm(serial, hash.get());
      }
      if (count == Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("too many serials for one set: " + count);
      }
      keys.add(serial, count);
      notBefore.add(validity.map(Validity::notBefore).orElse(null));
      notAfter.add(validity.map(Validity::notAfter).orElse(null));
      anyValidity |= validity.isPresent();
      if (hash.isPresent()) {
        byte[] value = hash.get().value();
        long needed = (long) (count + 1) * hashLength;
        if (needed > Integer.MAX_VALUE - 16) {
          throw new IllegalStateException("too many fingerprints for one set: " + count);
        }
        if (needed > hashes.length) {
          hashes = Arrays.copyOf(hashes, (int) Math.min(Integer.MAX_VALUE - 16,
              Math.max(needed, hashes.length + (long) (hashes.length >> 1))));
        }
        System.arraycopy(value, 0, hashes, count * hashLength, hashLength);
        if ((count >>> 6) >= hashPresent.length) {
          hashPresent = Arrays.copyOf(hashPresent, hashPresent.length * 2);
        }
        hashPresent[count >>> 6] |= 1L << count;
      }
      count++;
      return this;
    }

    private void checkAlgorithm(SerialNumber serial, CertificateHash hash) {
      if (hashAlgorithm == null) {
        hashAlgorithm = hash.algorithm();
        hashLength = hash.value().length;
      } else if (!hashAlgorithm.equals(hash.algorithm())
          || hashLength != hash.value().length) {
        throw new IllegalArgumentException("serial " + serial + " has a " + hash.algorithm()
            + " fingerprint, but this set records " + hashAlgorithm);
      }
    }

    /**
     * @return the set
     * @throws IllegalStateException if called twice
     */
    public IssuedSerialSet build() {
      SetBuilder.Result r = keys.build();
      InstantColumn before = anyValidity ? notBefore.build(r.ids) : null;
      InstantColumn after = anyValidity ? notAfter.build(r.ids) : null;
      byte[] h = null;
      long[] present = null;
      if (hashAlgorithm != null) {
        h = new byte[r.ids.length * hashLength];
        present = new long[(r.ids.length + 63) >>> 6];
        for (int i = 0; i < r.ids.length; i++) {
          int id = (int) r.ids[i];
          if ((hashPresent[id >>> 6] & (1L << id)) != 0) {
            System.arraycopy(hashes, id * hashLength, h, i * hashLength, hashLength);
            present[i >>> 6] |= 1L << i;
          }
        }
      }
      hashes = null;
      return new IssuedSerialSet(r.set, before, after, hashAlgorithm, hashLength, h, present);
    }
  }
}
