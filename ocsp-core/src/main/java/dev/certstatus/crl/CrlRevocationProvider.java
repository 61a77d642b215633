package dev.certstatus.crl;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.RevocationProvider;
import dev.certstatus.core.Role;
import dev.certstatus.core.SourceState;
import dev.certstatus.core.StatusQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CRLException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A revocation source backed by one CA's CRLs (RFC 5280 sections 5 and 6.3): complete CRLs,
 * delta CRLs, CRLs partitioned by distribution point or by reason, and indirect CRLs.
 *
 * <p>A CRL is used only if its signature verifies with the CA's key or a permitted CRL signer's
 * (with cRLSign), its inner and outer signature algorithms match, it has no unknown critical
 * extension, and its thisUpdate is not in the future. Past its nextUpdate plus the grace, a CRL
 * is stale: a signed permanent revocation on it still answers {@code Revoked}, but a hold or an
 * absence answers {@code Unavailable}. A serial absent from CRLs that together cover only some
 * revocation reasons is {@code Unavailable}, never {@code NotRevoked}.
 *
 * <p>Answers come from an immutable snapshot swapped atomically by {@link #reload()}. A CRL that
 * fails to load keeps the last good one from the same source; a CRL never replaces a newer one
 * (by CRL number) of the same scope.
 *
 * <pre>{@code
 * CrlRevocationProvider crl = CrlRevocationProvider.builder("ca-crl", caCert)
 *     .crl(Path.of("/var/lib/pki/ca.crl"))
 *     .grace(Duration.ofHours(1))
 *     .build();
 * }</pre>
 */
public final class CrlRevocationProvider implements RevocationProvider {

  private static final Logger LOG = LoggerFactory.getLogger(CrlRevocationProvider.class);

  /** Reads a CRL's bytes. */
  @FunctionalInterface
  private interface ByteSource {
    byte[] read() throws IOException;
  }

  private record Source(String name, ByteSource bytes) {}

  private final String id;
  private final IssuerId issuer;
  private final X500Principal issuerName;
  private final List<Signer> signers;
  private final List<Source> sources;
  private final Duration grace;
  private final Clock clock;
  private final boolean ignoreDistributionPointNames;
  private final Finding notCovered;

  private volatile CrlSnapshot snapshot = CrlSnapshot.EMPTY;
  private final AtomicLong generation = new AtomicLong();
  private final Object reloadLock = new Object();
  private final Map<String, String> failingSources = new LinkedHashMap<>();
  private volatile long failedReloads;
  private volatile Optional<String> lastFailure = Optional.empty();

  private CrlRevocationProvider(Builder b) {
    this.id = b.id;
    this.issuer = b.issuer;
    this.issuerName = b.issuerName;
    this.signers = List.copyOf(b.signers);
    this.sources = List.copyOf(b.sources);
    this.grace = b.grace;
    this.clock = b.clock;
    this.ignoreDistributionPointNames = b.ignoreDistributionPointNames;
    this.notCovered = new Finding.NotCovered(id, DataVersion.NONE, Role.REVOCATION);
  }

  /**
   * A builder for the CRLs of a CA given by its certificate. The CA's key verifies its CRLs if
   * the certificate permits cRLSign (or has no key usage extension).
   *
   * @param id the provider id
   * @param ca the CA whose certificates the CRLs cover
   * @return a builder
   */
  public static Builder builder(String id, X509Certificate ca) {
    Objects.requireNonNull(ca, "ca");
    return new Builder(id, IssuerId.of(ca), ca.getSubjectX500Principal(), Signer.of(ca));
  }

  /**
   * A builder for the CRLs of a CA known only by name and key, such as a trust anchor without a
   * certificate.
   *
   * @param id the provider id
   * @param anchor the CA; with a certificate, as {@link #builder(String, X509Certificate)}
   * @return a builder
   */
  public static Builder builder(String id, TrustAnchor anchor) {
    Objects.requireNonNull(anchor, "anchor");
    if (anchor.getTrustedCert() != null) {
      return builder(id, anchor.getTrustedCert());
    }
    X500Principal name = anchor.getCA();
    PublicKey key = anchor.getCAPublicKey();
    return new Builder(id, IssuerId.of(name, key), name, Signer.of(name, key));
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Set<Role> roles() {
    return Set.of(Role.REVOCATION);
  }

  /** @return the CA whose certificates this provider speaks for */
  public IssuerId issuer() {
    return issuer;
  }

  @Override
  public Finding find(Role role, StatusQuery query) {
    if (role != Role.REVOCATION) {
      return new Finding.NotCovered(id, DataVersion.NONE, role);
    }
    if (!issuer.equals(query.issuer())) {
      return notCovered;
    }
    CrlSnapshot s = snapshot;
    try {
      if (s.crls().isEmpty()) {
        return new Finding.Unavailable(id, DataVersion.NONE, Role.REVOCATION,
            "no usable CRL is loaded" + lastFailure.map(f -> ": " + f).orElse(""));
      }
      if (s.isEmpty()) {
        return new Finding.Unavailable(id, DataVersion.NONE, Role.REVOCATION,
            "only delta CRLs are loaded, and a delta CRL needs a complete CRL it applies to"
                + " (RFC 5280 5.2.4)");
      }
      return s.find(id, query, clock.millis());
    } catch (RuntimeException e) {
      return new Finding.Unavailable(id, s.version(), Role.REVOCATION,
          "lookup failed: " + e);
    }
  }

  @Override
  public long generation() {
    return generation.get();
  }

  @Override
  public SourceState state() {
    CrlSnapshot s = snapshot;
    return new SourceState(s.isEmpty() ? Optional.empty() : Optional.of(s.version()),
        generation.get(), failedReloads, lastFailure);
  }

  /** @return the number of revoked entries in the current snapshot, after delta merging */
  public int size() {
    return snapshot.entryCount();
  }

  /**
   * Reads every source again and swaps in a new snapshot if anything changed. Never throws: a
   * source that fails keeps its last good CRL, the failure is counted in {@link #state()} and
   * logged once (until that source recovers or fails differently).
   *
   * @return true if a new snapshot was swapped in
   */
  public boolean reload() {
    synchronized (reloadLock) {
      Instant now = clock.instant();
      CrlSnapshot previous = snapshot;
      List<String> failures = new ArrayList<>();
      List<VerifiedCrl> loaded = new ArrayList<>();
      for (Source source : sources) {
        try {
          byte[] bytes = source.bytes().read();
          if (bytes == null) {
            throw new IOException("the source returned no bytes");
          }
          loaded.add(CrlReader.read(source.name(), bytes, signers, now));
        } catch (CrlException e) {
          failures.add(failed(source.name(), e.getMessage()));
        } catch (IOException | RuntimeException e) {
          failures.add(failed(source.name(), "CRL " + source.name() + ": cannot be read: " + e));
        }
      }
      // Per scope, the newest CRL wins, whether loaded now or before: CRL numbers never go back.
      Map<String, VerifiedCrl> chosen = new LinkedHashMap<>();
      for (VerifiedCrl c : previous.crls()) {
        chosen.put(c.scopeKey(), c);
      }
      Set<VerifiedCrl> fromBefore = new HashSet<>(previous.crls());
      for (VerifiedCrl c : loaded) {
        VerifiedCrl held = chosen.get(c.scopeKey());
        boolean newer = held == null || c.compareAge(held) >= 0;
        if (!newer && fromBefore.contains(held)) {
          failures.add(failed(c.source, "CRL " + c.source + ": " + c.label()
              + " is older than " + held.label() + ", which stays in use"));
          continue;
        }
        if (newer) {
          chosen.put(c.scopeKey(), c);
        }
        // Two sources of one scope loaded together are both fine; the newer CRL serves.
        if (failingSources.remove(c.source) != null) {
          LOG.info("provider {}: CRL {} is usable again", id, c.source);
        }
      }
      if (!failures.isEmpty()) {
        failedReloads++;
        lastFailure = Optional.of(String.join("; ", failures));
      }
      if (sameCrls(previous.crls(), chosen.values())) {
        return false;
      }
      snapshot = CrlSnapshot.of(chosen.values(), grace, issuerName,
          ignoreDistributionPointNames);
      generation.incrementAndGet();
      LOG.debug("provider {} now answers from {}", id, snapshot.version().label());
      return true;
    }
  }

  /** Logs a source's failure once: again only when it changes or after the source recovered. */
  private String failed(String source, String message) {
    String before = failingSources.put(source, message);
    if (!message.equals(before)) {
      LOG.warn("provider {}: {}{}", id, message,
          snapshot.crls().isEmpty() ? "" : "; keeping the last good data");
    }
    return message;
  }

  private static boolean sameCrls(List<VerifiedCrl> a, java.util.Collection<VerifiedCrl> b) {
    if (a.size() != b.size()) {
      return false;
    }
    Set<String> digests = new HashSet<>();
    for (VerifiedCrl c : a) {
      digests.add(Arrays.toString(c.digest));
    }
    for (VerifiedCrl c : b) {
      if (!digests.contains(Arrays.toString(c.digest))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "CrlRevocationProvider[" + id + ", " + issuerName.getName() + ", "
        + snapshot.version().label() + "]";
  }

  /** Builds a {@link CrlRevocationProvider}; each call checks its argument. */
  public static final class Builder {
    private final String id;
    private final IssuerId issuer;
    private final X500Principal issuerName;
    private final List<Signer> signers = new ArrayList<>();
    private final List<Source> sources = new ArrayList<>();
    private final PublicKey caKey;
    private Duration grace = Duration.ZERO;
    private Clock clock = Clock.systemUTC();
    private boolean ignoreDistributionPointNames;

    private Builder(String id, IssuerId issuer, X500Principal issuerName, Signer ca) {
      Objects.requireNonNull(id, "id");
      if (id.isBlank()) {
        throw new IllegalArgumentException("the provider id must not be blank");
      }
      this.id = id;
      this.issuer = issuer;
      this.issuerName = issuerName;
      this.caKey = ca.key();
      signers.add(ca);
    }

    /**
     * Permits a CRL signer that the CA issued: a certificate signed by the CA's key whose key
     * usage includes cRLSign. With a name other than the CA's, it signs indirect CRLs.
     *
     * @param signer the CRL signer's certificate
     * @return this builder
     * @throws IllegalArgumentException if the CA did not sign it or it lacks cRLSign
     */
    public Builder crlSigner(X509Certificate signer) {
      Objects.requireNonNull(signer, "signer");
      try {
        signer.verify(caKey);
      } catch (GeneralSecurityException | RuntimeException e) {
        throw new IllegalArgumentException("CRL signer '" + signer.getSubjectX500Principal()
            .getName() + "' (serial " + signer.getSerialNumber().toString(16)
            + ") was not issued by " + issuerName.getName() + ": " + e.getMessage(), e);
      }
      return trustedCrlIssuer(signer);
    }

    /**
     * Permits a CRL issuer whose certificate the caller has validated itself, back to the trust
     * anchor of the certificates being checked (RFC 5280 6.3.3 (f)): a CRL signing key certified
     * by a parent CA, or the CA that issues indirect CRLs covering this CA. Its key usage must
     * include cRLSign.
     *
     * @param crlIssuer the validated certificate
     * @return this builder
     * @throws IllegalArgumentException if it lacks cRLSign
     */
    public Builder trustedCrlIssuer(X509Certificate crlIssuer) {
      Objects.requireNonNull(crlIssuer, "crlIssuer");
      Signer s = Signer.of(crlIssuer);
      if (!s.crlSign()) {
        throw new IllegalArgumentException(s.description() + " cannot sign CRLs: its key usage"
            + " lacks cRLSign");
      }
      signers.add(s);
      return this;
    }

    /**
     * Adds a CRL file, DER or PEM, read on every reload.
     *
     * @param file the file
     * @return this builder
     */
    public Builder crl(Path file) {
      Objects.requireNonNull(file, "file");
      return source(file.toString(), () -> Files.readAllBytes(file));
    }

    /**
     * Adds a CRL given as bytes, DER or PEM.
     *
     * @param name names the CRL in errors and data versions
     * @param encoded the encoding (copied)
     * @return this builder
     */
    public Builder crl(String name, byte[] encoded) {
      byte[] copy = Objects.requireNonNull(encoded, "encoded").clone();
      return source(name, () -> copy);
    }

    /**
     * Adds a CRL parsed by the JDK.
     *
     * @param name names the CRL in errors and data versions
     * @param crl the CRL
     * @return this builder
     */
    public Builder crl(String name, X509CRL crl) {
      Objects.requireNonNull(crl, "crl");
      try {
        return crl(name, crl.getEncoded());
      } catch (CRLException e) {
        throw new IllegalArgumentException("CRL " + name + " cannot be encoded: "
            + e.getMessage(), e);
      }
    }

    /**
     * Adds a CRL whose bytes (DER or PEM) a supplier gives on every reload, such as a download.
     * A supplier that throws or returns null counts as a failed load.
     *
     * @param name names the CRL in errors and data versions
     * @param supplier gives the current encoding
     * @return this builder
     */
    public Builder crl(String name, Supplier<byte[]> supplier) {
      Objects.requireNonNull(supplier, "supplier");
      return source(name, supplier::get);
    }

    private Builder source(String name, ByteSource bytes) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a CRL source name must not be blank");
      }
      for (Source s : sources) {
        if (s.name().equals(name)) {
          throw new IllegalArgumentException("two CRL sources are named '" + name + "'");
        }
      }
      sources.add(new Source(name, bytes));
      return this;
    }

    /**
     * How long after its nextUpdate a CRL still counts as fresh (default zero).
     *
     * @param grace a non-negative duration
     * @return this builder
     */
    public Builder grace(Duration grace) {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("grace must not be negative, got " + grace);
      }
      this.grace = grace;
      return this;
    }

    /**
     * @param clock the clock for freshness and for rejecting future thisUpdate times
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * For queries without the certificate (OCSP): take a CRL whose issuingDistributionPoint
     * names a distribution point as covering every certificate of the CA. Only correct when the
     * provider is given every distribution point's CRL; by default such a CRL cannot show that
     * an unlisted serial is not revoked, since it cannot tell the serial is in its scope.
     *
     * @return this builder
     */
    public Builder ignoreDistributionPointNames() {
      this.ignoreDistributionPointNames = true;
      return this;
    }

    /**
     * Builds the provider and loads its CRLs once. A CRL that cannot be used does not stop the
     * build: {@link CrlRevocationProvider#state()} reports it and lookups answer
     * {@code Unavailable} until a reload succeeds.
     *
     * @return the provider
     * @throws IllegalStateException if no CRL source was added
     */
    public CrlRevocationProvider build() {
      if (sources.isEmpty()) {
        throw new IllegalStateException("provider '" + id + "' has no CRL source");
      }
      CrlRevocationProvider p = new CrlRevocationProvider(this);
      p.reload();
      return p;
    }
  }
}
