package dev.certstatus.serial;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.SerialNumber;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable map from revoked serial to its revocation: time, reason and invalidity date, as
 * a CRL's entries give them. Stored column by column beside a {@link SerialSet}: about 9 bytes
 * per entry on top of the serial, 8 more where invalidity dates are recorded.
 *
 * <pre>{@code
 * RevocationMap revoked = RevocationMap.builder()
 *     .add(serial, revocationTime, Optional.of(RevocationReason.KEY_COMPROMISE), Optional.empty())
 *     .build();
 * int i = revoked.indexOf(query.serial());
 * Finding f = i < 0 ? notRevoked : revoked.revoked(i, providerId, version);
 * }</pre>
 */
public final class RevocationMap {

  private static final byte NO_REASON = -1;

  private final SerialSet serials;
  private final InstantColumn times;
  private final byte[] reasons;
  private final InstantColumn invalidityDates;

  private RevocationMap(SerialSet serials, InstantColumn times, byte[] reasons,
      InstantColumn invalidityDates) {
    this.serials = serials;
    this.times = times;
    this.reasons = reasons;
    this.invalidityDates = invalidityDates;
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the revoked serials; {@link SerialSet#indexOf} gives the index the accessors take */
  public SerialSet serials() {
    return serials;
  }

  /**
   * @param serial a serial
   * @return its index, or -1 if it is not revoked here
   */
  public int indexOf(SerialNumber serial) {
    return serials.indexOf(serial);
  }

  /** @return the number of revoked serials */
  public int size() {
    return serials.size();
  }

  /**
   * @param index an index from {@link #indexOf}
   * @return the revocation time
   */
  public Instant revocationTime(int index) {
    Objects.checkIndex(index, serials.size());
    return times.get(index).orElseThrow();
  }

  /**
   * @param index an index from {@link #indexOf}
   * @return the reason, if the entry gives one
   */
  public Optional<RevocationReason> reason(int index) {
    Objects.checkIndex(index, serials.size());
    byte code = reasons[index];
    return code == NO_REASON ? Optional.empty() : RevocationReason.ofCode(code);
  }

  /**
   * @param index an index from {@link #indexOf}
   * @return the invalidity date, if the entry gives one
   */
  public Optional<Instant> invalidityDate(int index) {
    Objects.checkIndex(index, serials.size());
    return invalidityDates == null ? Optional.empty() : invalidityDates.get(index);
  }

  /**
   * @param index an index from {@link #indexOf}
   * @param providerId the provider that answers
   * @param version the data the map came from
   * @return the entry as a finding
   */
  public Finding.Revoked revoked(int index, String providerId, DataVersion version) {
    return new Finding.Revoked(providerId, version, revocationTime(index), reason(index),
        invalidityDate(index));
  }

  /** @return an estimate of the heap the map occupies, in bytes */
  public long memoryBytes() {
    return 32 + serials.memoryBytes() + times.memoryBytes() + Memory.array(reasons.length, 1)
        + (invalidityDates == null ? 0 : invalidityDates.memoryBytes());
  }

  @Override
  public String toString() {
    return "RevocationMap[" + size() + " revoked]";
  }

  /**
   * Collects revocations. A serial added twice keeps the revocation that rule 1 of the decision
   * chain would pick (earliest time, then not on hold, then the lowest reason code), and of equal
   * ones the first added. Not thread-safe; builds once.
   */
  public static final class Builder {

    private final InstantColumn.Builder times = new InstantColumn.Builder();
    private final InstantColumn.Builder invalidityDates = new InstantColumn.Builder();
    private final SetBuilder keys = new SetBuilder(true, this::choose);
    private byte[] reasons = new byte[64];
    private boolean anyInvalidityDate;
    private int count;

    private Builder() {}

    /**
     * @param serial the revoked serial
     * @param time when it was revoked
     * @param reason the reason, if given; never removeFromCRL (a delta CRL's removal is applied
     *     by leaving the serial out)
     * @param invalidityDate the invalidity date, if given
     * @return this builder
     * @throws IllegalArgumentException for removeFromCRL
     */
    public Builder add(SerialNumber serial, Instant time, Optional<RevocationReason> reason,
        Optional<Instant> invalidityDate) {
      Objects.requireNonNull(serial, "serial");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(invalidityDate, "invalidityDate");
      if (reason.isPresent() && reason.get() == RevocationReason.REMOVE_FROM_CRL) {
        throw new IllegalArgumentException("serial " + serial + ": removeFromCRL is not a"
            + " revocation; leave the serial out instead");
      }
      if (count == Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("too many serials for one map: " + count);
      }
      keys.add(serial, count);
      times.add(time);
      invalidityDates.add(invalidityDate.orElse(null));
      anyInvalidityDate |= invalidityDate.isPresent();
      if (count == reasons.length) {
        reasons = Arrays.copyOf(reasons, count + (count >> 1));
      }
      reasons[count] = reason.map(r -> (byte) r.code()).orElse(NO_REASON);
      count++;
      return this;
    }

    /** Rule 1's order among revocations of one serial; ties keep the first added. */
    private long choose(long kept, long other) {
      int a = (int) kept;
      int b = (int) other;
      int c = times.compare(a, b);
      if (c == 0) {
        c = Boolean.compare(isHold(a), isHold(b));
      }
      if (c == 0) {
        c = Integer.compare(Math.max(0, reasons[a]), Math.max(0, reasons[b]));
      }
      return c <= 0 ? kept : other;
    }

    private boolean isHold(int id) {
      return reasons[id] == RevocationReason.CERTIFICATE_HOLD.code();
    }

    /**
     * @return the map
     * @throws IllegalStateException if called twice
     */
    public RevocationMap build() {
      SetBuilder.Result r = keys.build();
      byte[] rs = new byte[r.ids.length];
      for (int i = 0; i < rs.length; i++) {
        rs[i] = reasons[(int) r.ids[i]];
      }
      return new RevocationMap(r.set, times.build(r.ids), rs,
          anyInvalidityDate ? invalidityDates.build(r.ids) : null);
    }
  }
}
