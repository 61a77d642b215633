package dev.certstatus.memory;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.RevocationProvider;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.Role;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A revocation source built in code: one CA's revoked serials with time, reason and invalidity
 * date. For unit tests of PKI code and for embedding callers. Thread-safe; every change bumps
 * {@link #generation()}.
 */
public final class InMemoryRevocationList implements RevocationProvider {

  private final String id;
  private final IssuerId issuer;
  private final ConcurrentHashMap<SerialNumber, Finding.Revoked> revoked =
      new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private final Finding notRevoked;
  private final Finding notCovered;

  /**
   * @param id the provider id
   * @param issuer the CA whose revocations these are; other issuers are not covered
   */
  public InMemoryRevocationList(String id, IssuerId issuer) {
    this.id = Objects.requireNonNull(id, "id");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.notRevoked = new Finding.NotRevoked(id, DataVersion.NONE);
    this.notCovered = new Finding.NotCovered(id, DataVersion.NONE, Role.REVOCATION);
  }

  /**
   * Revokes a serial.
   *
   * @param serial the serial
   * @param time the revocation time
   * @param reason the reason; not removeFromCRL (use {@link #release})
   * @return this
   */
  public InMemoryRevocationList revoke(SerialNumber serial, Instant time,
      RevocationReason reason) {
    return revoke(serial, time, Optional.of(reason), Optional.empty());
  }

  /**
   * Revokes a serial, with every detail a CRL entry can carry.
   *
   * @param serial the serial
   * @param time the revocation time
   * @param reason the reason, if any; not removeFromCRL
   * @param invalidityDate the invalidity date, if any
   * @return this
   */
  public InMemoryRevocationList revoke(SerialNumber serial, Instant time,
      Optional<RevocationReason> reason, Optional<Instant> invalidityDate) {
    Objects.requireNonNull(serial, "serial");
    revoked.put(serial, new Finding.Revoked(id, DataVersion.NONE, time, reason, invalidityDate));
    generation.incrementAndGet();
    return this;
  }

  /**
   * Removes a serial from the list, as releasing a certificateHold does.
   *
   * @param serial the serial
   * @return this
   */
  public InMemoryRevocationList release(SerialNumber serial) {
    if (revoked.remove(Objects.requireNonNull(serial, "serial")) != null) {
      generation.incrementAndGet();
    }
    return this;
  }

  /** @return the number of revoked serials */
  public int size() {
    return revoked.size();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Set<Role> roles() {
    return Set.of(Role.REVOCATION);
  }

  @Override
  public Finding find(Role role, StatusQuery query) {
    if (!issuer.equals(query.issuer())) {
      return notCovered;
    }
    Finding r = revoked.get(query.serial());
    return r == null ? notRevoked : r;
  }

  @Override
  public long generation() {
    return generation.get();
  }

  @Override
  public String toString() {
    return "InMemoryRevocationList[" + id + ", " + revoked.size() + " revoked]";
  }
}
