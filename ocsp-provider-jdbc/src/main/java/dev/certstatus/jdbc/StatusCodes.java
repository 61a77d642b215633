package dev.certstatus.jdbc;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the values of a table's status column mean. A value in none of the sets makes the row's
 * revocation state unknown: the provider answers {@code Unavailable} for it rather than guess.
 *
 * @param active certificates that are not revoked
 * @param revoked certificates that are revoked (permanently or on hold, by the reason column)
 * @param archived certificates kept after expiry: revoked if the row carries a revocation reason
 *     (other than the table's "not revoked" value and removeFromCRL), else not revoked
 */
public record StatusCodes(Set<Integer> active, Set<Integer> revoked, Set<Integer> archived) {

  /**
   * EJBCA's {@code CertificateConstants}: 0 unassigned, 10 inactive, 11 rollover pending, 20
   * active, 21 notified about expiration are not revoked; 40 revoked (the reason tells a hold,
   * 6, from a permanent revocation); 60 archived. EJBCA's removed codes 30 (temporarily revoked)
   * and 50 (expired) are unknown, so a row carrying them answers {@code Unavailable}.
   */
  public static final StatusCodes EJBCA = new StatusCodes(Set.of(0, 10, 11, 20, 21), Set.of(40),
      Set.of(60));

  /** Copies the sets and checks that no value has two meanings. */
  public StatusCodes {
    active = Set.copyOf(Objects.requireNonNull(active, "active"));
    revoked = Set.copyOf(Objects.requireNonNull(revoked, "revoked"));
    archived = Set.copyOf(Objects.requireNonNull(archived, "archived"));
    Set<Integer> seen = new HashSet<>();
    for (Set<Integer> s : java.util.List.of(active, revoked, archived)) {
      for (Integer v : s) {
        if (!seen.add(v)) {
          throw new IllegalArgumentException("status value " + v + " is in more than one of"
              + " active " + active + ", revoked " + revoked + ", archived " + archived);
        }
      }
    }
    if (revoked.isEmpty()) {
      throw new IllegalArgumentException("status codes need at least one revoked value");
    }
  }
}
