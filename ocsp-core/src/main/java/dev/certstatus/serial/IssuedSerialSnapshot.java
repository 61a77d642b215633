package dev.certstatus.serial;

import dev.certstatus.core.DataVersion;
import java.util.Objects;

/**
 * What an {@link IssuedSerialProvider} answers from: a set of issued serials and the version of
 * the data. The version's {@link DataVersion#asOf() asOf} is the time up to which the set is known
 * to be complete (every certificate issued before it is in the set), and its
 * {@link DataVersion#freshUntil() freshUntil} the time after which the provider stops answering
 * from it.
 *
 * @param serials the issued serials, with their details where the source has them
 * @param version where the data came from and how long it is good for
 */
public record IssuedSerialSnapshot(IssuedSerialSet serials, DataVersion version) {

  /** Checks for nulls. */
  public IssuedSerialSnapshot {
    Objects.requireNonNull(serials, "serials");
    Objects.requireNonNull(version, "version");
  }

  /**
   * @param serials issued serials without details
   * @param version the data's version
   * @return the snapshot
   */
  public static IssuedSerialSnapshot of(SerialSet serials, DataVersion version) {
    return new IssuedSerialSnapshot(IssuedSerialSet.of(serials), version);
  }

  /** @return the number of serials */
  public int size() {
    return serials.size();
  }
}
