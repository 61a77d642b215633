package dev.certstatus.memory;

import dev.certstatus.core.CertificateHash;
import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.RevocationProvider;
import dev.certstatus.core.Role;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.core.Validity;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An issuance source built in code: the serials one CA issued, with their validity and
 * certificate hash where known. For unit tests of PKI code and for embedding callers that keep
 * their own records. Thread-safe; every {@code add} bumps {@link #generation()}.
 */
public final class InMemoryIssuedSerials implements RevocationProvider {

  private record Entry(Optional<Validity> validity, Optional<CertificateHash> hash) {}

  private final String id;
  private final IssuerId issuer;
  private final ConcurrentHashMap<SerialNumber, Entry> serials = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private final Finding notIssued;
  private final Finding notCovered;

  /**
   * @param id the provider id
   * @param issuer the CA whose serials these are; other issuers are not covered
   */
  public InMemoryIssuedSerials(String id, IssuerId issuer) {
    this.id = Objects.requireNonNull(id, "id");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.notIssued = new Finding.NotIssued(id, DataVersion.NONE);
    this.notCovered = new Finding.NotCovered(id, DataVersion.NONE, Role.ISSUANCE);
  }

  /**
   * Records a serial as issued, with nothing else known about it.
   *
   * @param serial the serial
   * @return this
   */
  public InMemoryIssuedSerials add(SerialNumber serial) {
    return put(serial, new Entry(Optional.empty(), Optional.empty()));
  }

  /**
   * Records a serial as issued, with its validity.
   *
   * @param serial the serial
   * @param validity the certificate's validity
   * @return this
   */
  public InMemoryIssuedSerials add(SerialNumber serial, Validity validity) {
    return put(serial, new Entry(Optional.of(validity), Optional.empty()));
  }

  /**
   * Records a certificate as issued: its serial, validity and SHA-256 hash, so that a different
   * certificate with the same serial answers CERTIFICATE_MISMATCH.
   *
   * @param certificate the issued certificate
   * @return this
   */
  public InMemoryIssuedSerials add(X509Certificate certificate) {
    try {
      return put(SerialNumber.of(certificate.getSerialNumber()), new Entry(
          Optional.of(new Validity(certificate.getNotBefore().toInstant(),
              certificate.getNotAfter().toInstant())),
          Optional.of(CertificateHash.of("SHA-256", certificate.getEncoded()))));
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot encode certificate "
          + certificate.getSerialNumber().toString(16), e);
    }
  }

  private InMemoryIssuedSerials put(SerialNumber serial, Entry entry) {
    serials.put(Objects.requireNonNull(serial, "serial"), entry);
    generation.incrementAndGet();
    return this;
  }

  /** @return the number of serials recorded */
  public int size() {
    return serials.size();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Set<Role> roles() {
    return Set.of(Role.ISSUANCE);
  }

  @Override
  public Finding find(Role role, StatusQuery query) {
    if (!issuer.equals(query.issuer())) {
      return notCovered;
    }
    Entry e = serials.get(query.serial());
    return e == null ? notIssued : new Finding.Issued(id, DataVersion.NONE, e.validity, e.hash);
  }

  @Override
  public long generation() {
    return generation.get();
  }

  @Override
  public String toString() {
    return "InMemoryIssuedSerials[" + id + ", " + serials.size() + " serials]";
  }
}
