package dev.certstatus.ocsp;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.RevocationProvider;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.Role;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provider for one role whose data carries a version with dates, like a CRL or a serial export,
 * and that can be switched to unavailable, as a stale or unreachable source is.
 */
final class DatedProvider implements RevocationProvider {

  private final String id;
  private final Role role;
  private final IssuerId issuer;
  private final Set<SerialNumber> serials = ConcurrentHashMap.newKeySet();
  private final Map<SerialNumber, Instant> revoked = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private volatile DataVersion version;
  private volatile boolean unavailable;

  DatedProvider(String id, Role role, IssuerId issuer, DataVersion version) {
    this.id = id;
    this.role = role;
    this.issuer = issuer;
    this.version = version;
  }

  /** Issuance role: records a serial as issued. */
  DatedProvider issued(SerialNumber serial) {
    serials.add(serial);
    generation.incrementAndGet();
    return this;
  }

  /** Revocation role: records a revocation (keyCompromise). */
  DatedProvider revoked(SerialNumber serial, Instant at) {
    revoked.put(serial, at);
    generation.incrementAndGet();
    return this;
  }

  DatedProvider unavailable(boolean value) {
    unavailable = value;
    generation.incrementAndGet();
    return this;
  }

  DatedProvider version(DataVersion value) {
    version = value;
    generation.incrementAndGet();
    return this;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Set<Role> roles() {
    return Set.of(role);
  }

  @Override
  public Finding find(Role r, StatusQuery q) {
    DataVersion v = version;
    if (!issuer.equals(q.issuer())) {
      return new Finding.NotCovered(id, v, r);
    }
    if (unavailable) {
      return new Finding.Unavailable(id, v, r, "switched off by the test");
    }
    if (r == Role.ISSUANCE) {
      return serials.contains(q.serial())
          ? new Finding.Issued(id, v, Optional.empty(), Optional.empty())
          : new Finding.NotIssued(id, v);
    }
    Instant at = revoked.get(q.serial());
    return at == null ? new Finding.NotRevoked(id, v)
        : new Finding.Revoked(id, v, at, Optional.of(RevocationReason.KEY_COMPROMISE),
            Optional.empty());
  }

  @Override
  public long generation() {
    return generation.get();
  }
}
