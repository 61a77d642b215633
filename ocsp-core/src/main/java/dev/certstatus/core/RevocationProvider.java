package dev.certstatus.core;

import java.util.Optional;
import java.util.Set;

/**
 * The SPI: a source of revocation or issuance facts, such as a CRL, an issued-serial directory or
 * a database table.
 *
 * <p>Implementations answer from immutable data (a snapshot swapped atomically on reload), are
 * safe for concurrent use, and never throw from {@link #find}: a failure inside becomes
 * {@link Finding.Unavailable}. A {@link DecisionChain} still guards every call, so a provider that
 * does throw only ever produces {@code Unavailable}, never a wrong answer.
 */
public interface RevocationProvider extends AutoCloseable {

  /** @return a short id, unique within a chain, that names the provider in findings and logs */
  String id();

  /** @return the roles this provider answers for: one, or both */
  Set<Role> roles();

  /**
   * Answers one query for one role.
   *
   * @param role one of {@link #roles()}
   * @param query the query
   * @return for {@link Role#REVOCATION}: Revoked, NotRevoked, Unavailable or NotCovered; for
   *     {@link Role#ISSUANCE}: Issued, NotIssued, Unavailable or NotCovered. Never null.
   */
  Finding find(Role role, StatusQuery query);

  /**
   * A number that changes whenever the data behind {@link #find} changes (a snapshot swap), so
   * that caches of answers can tell when they are out of date. Must be cheap.
   *
   * @return the generation; providers whose data never changes return 0
   */
  default long generation() {
    return 0;
  }

  /**
   * The state of the data behind the provider, for health checks and operators.
   *
   * @return the state; by default, unversioned data that never fails
   */
  default SourceState state() {
    return new SourceState(Optional.empty(), generation(), 0, Optional.empty());
  }

  /** Releases files, watchers, threads or connections. The default does nothing. */
  @Override
  default void close() {}
}
