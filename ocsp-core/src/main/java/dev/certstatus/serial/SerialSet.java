package dev.certstatus.serial;

import dev.certstatus.core.SerialNumber;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;
import java.util.stream.Stream;

/**
 * An immutable, exact and compact set of serial numbers, for issued-serial sets of tens or
 * hundreds of millions of certificates.
 *
 * <p>Exact: {@link #contains} never answers true for a serial that was not added (a false
 * "issued" would be a false GOOD) and never false for one that was. Compact: about 20 bytes per
 * 16-byte serial ({@link #memoryBytes()} tells), against about 110 for a
 * {@code HashSet<BigInteger>}. Lookups allocate nothing and touch one or two cache lines.
 *
 * <p>Any serial a {@link SerialNumber} can hold fits: lengths from 1 to
 * {@value SerialNumber#MAX_CONTENT_OCTETS} content octets, zero and negative values. Input may
 * be in any order and hold duplicates.
 *
 * <p>Each serial has an {@linkplain #indexOf index} from 0 to {@code size() - 1}, fixed for the
 * life of the set, so that callers can keep per-serial data in parallel arrays, as
 * {@link IssuedSerialSet} and {@link RevocationMap} do.
 *
 * <pre>{@code
 * SerialSet issued = SerialSet.of(serials);          // any Iterable<SerialNumber>
 * boolean known = issued.contains(query.serial());   // no allocation
 * }</pre>
 */
public final class SerialSet {

  private static final SerialSet EMPTY = new SerialSet(new Table[Keys.GROUPS], 0);

  private final Table[] tables;
  private final int size;

  SerialSet(Table[] tables, int size) {
    this.tables = tables;
    this.size = size;
  }

  /** @return the empty set */
  public static SerialSet empty() {
    return EMPTY;
  }

  /**
   * @param serials the serials, in any order, duplicates allowed
   * @return the set
   */
  public static SerialSet of(Iterable<? extends SerialNumber> serials) {
    Objects.requireNonNull(serials, "serials");
    return of(serials.iterator());
  }

  /**
   * @param serials the serials, in any order, duplicates allowed
   * @return the set
   */
  public static SerialSet of(Iterator<? extends SerialNumber> serials) {
    Objects.requireNonNull(serials, "serials");
    Builder b = builder();
    while (serials.hasNext()) {
      b.add(serials.next());
    }
    return b.build();
  }

  /**
   * @param serials the serials, in any order, duplicates allowed
   * @return the set
   */
  public static SerialSet of(Stream<? extends SerialNumber> serials) {
    Objects.requireNonNull(serials, "serials");
    return of(serials.iterator());
  }

  /**
   * @param serials the serials, duplicates allowed
   * @return the set
   */
  public static SerialSet of(SerialNumber... serials) {
    Objects.requireNonNull(serials, "serials");
    Builder b = builder();
    for (SerialNumber s : serials) {
      b.add(s);
    }
    return b.build();
  }

  /** @return a builder, for serials that arrive one at a time or as DER content octets */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @param serial a serial
   * @return true if the set holds it
   */
  public boolean contains(SerialNumber serial) {
    int group = Keys.group(serial);
    Table t = tables[group];
    return t != null && slot(t, group, serial) >= 0;
  }

  /**
   * @param serial a serial's value
   * @return true if the set holds it
   */
  public boolean contains(BigInteger serial) {
    int group = Keys.group(serial);
    Table t = group < 0 ? null : tables[group];
    return t != null && slot(t, group, serial) >= 0;
  }

  /**
   * Looks up a serial straight from the content octets of its DER INTEGER, as found in a
   * certificate or an OCSP request, without building a {@link SerialNumber}. Non-minimal
   * encodings (extra leading {@code 00} or {@code ff}) are read by value.
   *
   * @param octets the array
   * @param offset where the content octets start
   * @param length how many there are
   * @return true if the set holds the serial; false for an empty slice
   */
  public boolean containsContentOctets(byte[] octets, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, octets.length);
    int group = length == 0 ? -1 : Keys.group(octets, Keys.minimalStart(octets, offset, length),
        offset + length);
    Table t = group < 0 ? null : tables[group];
    return t != null && slot(t, group, octets, offset + length) >= 0;
  }

  /**
   * @param serial a serial
   * @return its index, from 0 to {@code size() - 1}, or -1 if the set does not hold it
   */
  public int indexOf(SerialNumber serial) {
    int group = Keys.group(serial);
    Table t = tables[group];
    int p = t == null ? -1 : slot(t, group, serial);
    return p < 0 ? -1 : t.rank(p);
  }

  /**
   * @param serial a serial's value
   * @return its index, or -1 if the set does not hold it
   */
  public int indexOf(BigInteger serial) {
    int group = Keys.group(serial);
    Table t = group < 0 ? null : tables[group];
    int p = t == null ? -1 : slot(t, group, serial);
    return p < 0 ? -1 : t.rank(p);
  }

  /**
   * @param octets the array
   * @param offset where the DER INTEGER content octets start
   * @param length how many there are
   * @return the serial's index, or -1 if the set does not hold it or the slice is empty
   */
  public int indexOfContentOctets(byte[] octets, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, octets.length);
    int group = length == 0 ? -1 : Keys.group(octets, Keys.minimalStart(octets, offset, length),
        offset + length);
    Table t = group < 0 ? null : tables[group];
    int p = t == null ? -1 : slot(t, group, octets, offset + length);
    return p < 0 ? -1 : t.rank(p);
  }

  // The slot lookups: contains stops at the slot; indexOf turns it into a rank, which costs a
  // look at the occupancy bitmap that contains does without.

  private static int slot(Table t, int group, SerialNumber serial) {
    int start = Keys.start(serial);
    int len = Keys.length(group);
    long x0 = Keys.word(serial, start, len, 0);
    switch (t.stride) {
      case 1:
        return t.find1(x0);
      case 2:
        return t.find2(x0, Keys.word(serial, start, len, 1));
      default:
        return t.findN(x0, Keys.word(serial, start, len, 1), Keys.word(serial, start, len, 2),
            t.stride > 3 ? Keys.word(serial, start, len, 3) : Long.MIN_VALUE);
    }
  }

  private static int slot(Table t, int group, BigInteger serial) {
    long low = serial.longValue();
    int len = Keys.length(group);
    long x0 = Keys.word(serial, low, len, 0);
    switch (t.stride) {
      case 1:
        return t.find1(x0);
      case 2:
        return t.find2(x0, Keys.word(serial, low, len, 1));
      default:
        return t.findN(x0, Keys.word(serial, low, len, 1), Keys.word(serial, low, len, 2),
            t.stride > 3 ? Keys.word(serial, low, len, 3) : Long.MIN_VALUE);
    }
  }

  /** The key is the last {@code length(group)} octets before {@code end}. */
  private static int slot(Table t, int group, byte[] octets, int end) {
    int len = Keys.length(group);
    int start = end - len;
    long x0 = Keys.word(octets, start, len, 0);
    switch (t.stride) {
      case 1:
        return t.find1(x0);
      case 2:
        return t.find2(x0, Keys.word(octets, start, len, 1));
      default:
        return t.findN(x0, Keys.word(octets, start, len, 1), Keys.word(octets, start, len, 2),
            t.stride > 3 ? Keys.word(octets, start, len, 3) : Long.MIN_VALUE);
    }
  }

  /** @return the number of distinct serials */
  public int size() {
    return size;
  }

  /** @return true if the set holds no serial */
  public boolean isEmpty() {
    return size == 0;
  }

  /**
   * An estimate of the heap this set occupies: its arrays and objects, as a 64-bit JVM with
   * compressed references lays them out.
   *
   * @return bytes
   */
  public long memoryBytes() {
    long bytes = 16 + Memory.array(tables.length, 4);
    for (Table t : tables) {
      if (t != null) {
        bytes += t.memoryBytes();
      }
    }
    return bytes;
  }

  /**
   * Visits every serial, in index order. Each visit builds a {@link SerialNumber}: for exports
   * and diffs, not for lookups.
   *
   * @param action called with each serial
   */
  public void forEach(Consumer<? super SerialNumber> action) {
    Objects.requireNonNull(action, "action");
    forEachIndexed((serial, index) -> action.accept(serial));
  }

  /**
   * Visits every serial with its index, in index order.
   *
   * @param action called with each serial and its index
   */
  public void forEachIndexed(ObjIntConsumer<? super SerialNumber> action) {
    Objects.requireNonNull(action, "action");
    int index = 0;
    for (Table t : tables) {
      if (t == null) {
        continue;
      }
      for (int p = t.firstSlot(); p >= 0; p = t.nextSlot(p)) {
        action.accept(Keys.serial(t.group, t.slots, p * t.stride), index++);
      }
    }
  }

  @Override
  public String toString() {
    return "SerialSet[" + size + " serials, " + memoryBytes() + " bytes]";
  }

  /**
   * Collects serials for a {@link SerialSet}. Not thread-safe; builds once.
   */
  public static final class Builder {

    private final SetBuilder keys = new SetBuilder(false, Sorter.FIRST);

    private Builder() {}

    /**
     * @param serial a serial; adding one twice is harmless
     * @return this builder
     */
    public Builder add(SerialNumber serial) {
      keys.add(serial, 0);
      return this;
    }

    /**
     * @param serials serials to add
     * @return this builder
     */
    public Builder addAll(Iterable<? extends SerialNumber> serials) {
      Objects.requireNonNull(serials, "serials");
      for (SerialNumber s : serials) {
        add(s);
      }
      return this;
    }

    /**
     * Adds a serial given as DER INTEGER content octets (a database column, a parsed
     * certificate), without building a {@link SerialNumber}. Non-minimal encodings are read by
     * value.
     *
     * @param octets the array
     * @param offset where the content octets start
     * @param length how many
     * @return this builder
     * @throws IllegalArgumentException if empty or longer than
     *     {@value SerialNumber#MAX_CONTENT_OCTETS} octets
     */
    public Builder addContentOctets(byte[] octets, int offset, int length) {
      keys.addContentOctets(octets, offset, length, 0);
      return this;
    }

    /**
     * @return the set
     * @throws IllegalStateException if called twice
     */
    public SerialSet build() {
      return keys.build().set;
    }
  }
}
