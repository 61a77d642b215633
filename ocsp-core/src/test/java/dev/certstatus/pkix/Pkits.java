package dev.certstatus.pkix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The NIST PKITS data (read in place from {@code pkits.dir}) and a runner for one test through
 * {@code CertPathValidator.getInstance("PKIX")}.
 */
final class Pkits {

  /** Inside every CRL's validity, as the data's README suggests. */
  static final Instant VALIDATION_TIME = Instant.parse("2011-04-15T00:00:00Z");

  /** The revocation sections of PKITS. */
  static final Set<String> REVOCATION_SECTIONS = Set.of("4.4", "4.5", "4.7", "4.14", "4.15");

  /** How revocation is checked. */
  enum Mode {
    /** Revocation disabled in the parameters, this checker added as a path checker. */
    CHECKER,
    /** Revocation enabled, this checker as the PKIXRevocationChecker, replacing the JDK's. */
    CHECKER_AS_REVOCATION_CHECKER,
    /** The JDK's own CRL checking over a CertStore of the test's certificates and CRLs. */
    JDK
  }

  /** One PKITS test of the manifest. */
  record Case(String id, String name, List<String> certs, List<String> crls,
      boolean shouldValidate, Optional<List<String>> initialPolicySet,
      boolean initialExplicitPolicy, boolean initialPolicyMappingInhibit,
      boolean initialAnyPolicyInhibit) {

    String displayName() {
      return id + " " + name;
    }

    String section() {
      String[] parts = id.split("\\.");
      return parts[0] + "." + parts[1];
    }
  }

  /** What the validator said. */
  record Outcome(boolean valid, Optional<CertPathValidatorException> failure) {
    String describe() {
      return valid ? "valid" : "invalid: " + failure.map(e -> e.getReason() + " at index "
          + e.getIndex() + ": " + e.getMessage()).orElse("");
    }
  }

  private final Path dir;
  private final CertificateFactory factory;

  Pkits(Path dir) throws GeneralSecurityException {
    this.dir = dir;
    this.factory = CertificateFactory.getInstance("X.509");
  }

  /**
   * The PKITS directory: the {@code pkits.dir} property if it holds the data, else the first
   * {@code shared/testdata/pkits} among the ancestors of the working directory (worktrees sit
   * deeper than the main checkout that the parent POM's default assumes).
   */
  static Optional<Path> locate() {
    List<Path> candidates = new ArrayList<>();
    String property = System.getProperty("pkits.dir");
    if (property != null && !property.isBlank()) {
      candidates.add(Path.of(property));
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      candidates.add(p.resolve("shared/testdata/pkits"));
    }
    return candidates.stream().filter(p -> Files.isRegularFile(p.resolve("manifest.json")))
        .findFirst();
  }

  @SuppressWarnings("unchecked")
  List<Case> cases() throws IOException {
    Map<String, Object> manifest = (Map<String, Object>) Json.parse(
        Files.readString(dir.resolve("manifest.json"), StandardCharsets.UTF_8));
    List<Case> cases = new ArrayList<>();
    for (Object o : (List<Object>) manifest.get("tests")) {
      Map<String, Object> t = (Map<String, Object>) o;
      cases.add(new Case((String) t.get("id"), (String) t.get("name"),
          (List<String>) (List<?>) t.get("certs"), (List<String>) (List<?>) t.get("crls"),
          (Boolean) t.get("shouldValidate"),
          Optional.ofNullable((List<String>) (List<?>) t.get("initialPolicySet")),
          Boolean.TRUE.equals(t.get("initialExplicitPolicy")),
          Boolean.TRUE.equals(t.get("initialPolicyMappingInhibit")),
          Boolean.TRUE.equals(t.get("initialAnyPolicyInhibit"))));
    }
    return cases;
  }

  X509Certificate certificate(String name) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(dir.resolve("certs").resolve(name + ".crt"))) {
      return (X509Certificate) factory.generateCertificate(in);
    }
  }

  X509CRL crl(String name) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(dir.resolve("crls").resolve(name + ".crl"))) {
      return (X509CRL) factory.generateCRL(in);
    }
  }

  /** Validates one test's path at {@link #VALIDATION_TIME} with the given revocation checking. */
  Outcome run(Case c, Mode mode) throws IOException, GeneralSecurityException {
    List<X509Certificate> certs = new ArrayList<>();
    for (String n : c.certs()) {
      certs.add(certificate(n));
    }
    List<X509CRL> crls = new ArrayList<>();
    for (String n : c.crls()) {
      crls.add(crl(n));
    }
    X509Certificate anchorCert = certs.get(0);
    TrustAnchor anchor = new TrustAnchor(anchorCert, null);
    CertPath path = factory.generateCertPath(path(anchorCert, certs));

    PKIXParameters params = new PKIXParameters(Set.of(anchor));
    params.setDate(Date.from(VALIDATION_TIME));
    c.initialPolicySet().ifPresent(p -> params.setInitialPolicies(new HashSet<>(p)));
    params.setExplicitPolicyRequired(c.initialExplicitPolicy());
    params.setPolicyMappingInhibited(c.initialPolicyMappingInhibit());
    params.setAnyPolicyInhibited(c.initialAnyPolicyInhibit());
    Clock clock = Clock.fixed(VALIDATION_TIME, ZoneOffset.UTC);
    switch (mode) {
      case CHECKER:
        params.setRevocationEnabled(false);
        params.addCertPathChecker(RevocationChecker.fromCrls(Set.of(anchor), certs, crls, clock));
        break;
      case CHECKER_AS_REVOCATION_CHECKER:
        params.setRevocationEnabled(true);
        params.setCertPathCheckers(List.of(
            RevocationChecker.fromCrls(Set.of(anchor), certs, crls, clock)));
        break;
      default:
        params.setRevocationEnabled(true);
        Collection<Object> all = new ArrayList<>(certs);
        all.addAll(crls);
        params.addCertStore(CertStore.getInstance("Collection",
            new CollectionCertStoreParameters(all)));
    }
    try {
      CertPathValidator.getInstance("PKIX").validate(path, params);
      return new Outcome(true, Optional.empty());
    } catch (CertPathValidatorException e) {
      return new Outcome(false, Optional.of(e));
    }
  }

  /**
   * The path from the end entity (last) up to the anchor (first), end entity first. The
   * manifest also lists certificates that are not on the path (CRL signers, indirect CRL
   * issuers), so each step takes the certificate whose key verifies the current one.
   */
  static List<X509Certificate> path(X509Certificate anchor, List<X509Certificate> certs) {
    List<X509Certificate> pool = new ArrayList<>(certs.subList(1, certs.size() - 1));
    List<X509Certificate> path = new ArrayList<>();
    X509Certificate current = certs.get(certs.size() - 1);
    path.add(current);
    while (!issuedBy(current, anchor)) {
      X509Certificate next = null;
      for (X509Certificate candidate : pool) {
        if (issuedBy(current, candidate)) {
          next = candidate;
          break;
        }
      }
      if (next == null) {
        break;
      }
      pool.remove(next);
      path.add(next);
      current = next;
    }
    return path;
  }

  private static boolean issuedBy(X509Certificate cert, X509Certificate issuer) {
    if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    try {
      cert.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
