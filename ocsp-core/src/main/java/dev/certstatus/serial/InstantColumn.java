package dev.certstatus.serial;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Optional instants, one per entry, as epoch seconds (8 bytes each) plus nanoseconds only when
 * some instant has them. Absent is {@link Long#MIN_VALUE} seconds, which no {@link Instant} has.
 */
final class InstantColumn {

  private static final long ABSENT = Long.MIN_VALUE;

  private final long[] seconds;
  private final int[] nanos;

  private InstantColumn(long[] seconds, int[] nanos) {
    this.seconds = seconds;
    this.nanos = nanos;
  }

  Optional<Instant> get(int index) {
    long s = seconds[index];
    return s == ABSENT ? Optional.empty()
        : Optional.of(Instant.ofEpochSecond(s, nanos == null ? 0 : nanos[index]));
  }

  boolean isPresent(int index) {
    return seconds[index] != ABSENT;
  }

  long memoryBytes() {
    return 16 + Memory.array(seconds.length, 8)
        + (nanos == null ? 0 : Memory.array(nanos.length, 4));
  }

  /** Collects instants by input id. */
  static final class Builder {
    private long[] seconds = new long[64];
    private int[] nanos;
    private int count;

    /** Appends an instant, or null for absent. */
    void add(Instant instant) {
      if (count == seconds.length) {
        seconds = Arrays.copyOf(seconds, count + (count >> 1));
        if (nanos != null) {
          nanos = Arrays.copyOf(nanos, seconds.length);
        }
      }
      if (instant == null) {
        seconds[count] = ABSENT;
      } else {
        seconds[count] = instant.getEpochSecond();
        if (instant.getNano() != 0) {
          if (nanos == null) {
            nanos = new int[seconds.length];
          }
          nanos[count] = instant.getNano();
        }
      }
      count++;
    }

    /** Compares two entries by input id, absent first. */
    int compare(int a, int b) {
      int c = Long.compare(seconds[a], seconds[b]);
      if (c != 0 || nanos == null) {
        return c;
      }
      return Integer.compare(nanos[a], nanos[b]);
    }

    /**
     * @param ids for each rank, the input id of the entry kept
     * @return the column in rank order
     */
    InstantColumn build(long[] ids) {
      long[] s = new long[ids.length];
      int[] n = nanos == null ? null : new int[ids.length];
      for (int i = 0; i < ids.length; i++) {
        int id = (int) ids[i];
        s[i] = seconds[id];
        if (n != null) {
          n[i] = nanos[id];
        }
      }
      return new InstantColumn(s, n);
    }
  }
}
