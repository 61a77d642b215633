package dev.certstatus.jdbc;

import dev.certstatus.core.IssuerId;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The CAs a provider serves, and which of them an issuer-column value names. Column values are
 * resolved once and remembered, since a table holds few distinct issuers.
 */
final class Issuers {

  /** DN keywords EJBCA writes that RFC 2253 parsing does not know. */
  private static final Map<String, String> KEYWORDS = Map.of(
      "E", "1.2.840.113549.1.9.1",
      "EMAIL", "1.2.840.113549.1.9.1",
      "SN", "2.5.4.5",
      "GIVENNAME", "2.5.4.42",
      "SURNAME", "2.5.4.4",
      "UID", "0.9.2342.19200300.100.1.1",
      "DC", "0.9.2342.19200300.100.1.25",
      "ORGANIZATIONIDENTIFIER", "2.5.4.97");

  private static final int MAX_REMEMBERED = 10_000;

  /**
   * One served CA.
   *
   * @param id its id
   * @param key what its rows hold in the issuer column, normalised (lowercase hex), for hash
   *     matching; or the exact DN string configured, if any
   * @param names its name as sorted canonical RDNs, for DN matching
   */
  record Served(IssuerId id, Optional<String> key, List<String> names) {}

  private final IssuerMatch match;
  private final List<Served> served;
  private final ConcurrentHashMap<String, Integer> resolved = new ConcurrentHashMap<>();

  Issuers(IssuerMatch match, List<Served> served) {
    this.match = match;
    this.served = List.copyOf(served);
  }

  /**
   * Describes one CA for a mapping.
   *
   * @param certificate the CA certificate, needed for fingerprint matching
   * @param explicitKey the exact issuer-column value, overriding the derived one
   */
  static Served describe(IssuerMatch match, IssuerId id, Optional<X509Certificate> certificate,
      Optional<String> explicitKey) {
    Optional<String> key;
    if (explicitKey.isPresent()) {
      key = Optional.of(match instanceof IssuerMatch.Dn ? explicitKey.get()
          : normaliseHex(explicitKey.get()));
    } else if (match instanceof IssuerMatch.KeyHash) {
      key = Optional.of(HexFormat.of().formatHex(
          id.keyHash(((IssuerMatch.KeyHash) match).algorithm())));
    } else if (match instanceof IssuerMatch.CaFingerprint) {
      if (certificate.isEmpty()) {
        throw new IllegalArgumentException("issuer " + id + ": matching by CA fingerprint needs"
            + " the CA certificate, or the fingerprint given explicitly");
      }
      key = Optional.of(fingerprint(((IssuerMatch.CaFingerprint) match).jcaDigest(),
          certificate.get()));
    } else {
      key = Optional.empty();
    }
    return new Served(id, key, rdns(id.name()));
  }

  private static String fingerprint(String digest, X509Certificate certificate) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(digest)
          .digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot fingerprint CA certificate "
          + certificate.getSubjectX500Principal() + " with " + digest + ": " + e.getMessage(), e);
    }
  }

  private static String normaliseHex(String hex) {
    return hex.strip().replace(":", "").toLowerCase(Locale.ROOT);
  }

  /** The RDNs of a name in canonical form, sorted: equal for the same RDNs in any order. */
  private static List<String> rdns(X500Principal name) {
    try {
      List<String> out = new ArrayList<>();
      for (Rdn rdn : new LdapName(name.getName(X500Principal.CANONICAL)).getRdns()) {
        out.add(rdn.toString());
      }
      out.sort(null);
      return List.copyOf(out);
    } catch (InvalidNameException e) {
      // The JDK wrote this canonical form itself; LdapName reads RFC 2253, a superset.
      throw new IllegalStateException("cannot re-read canonical name " + name, e);
    }
  }

  /** @return the index of the served CA, or -1 if the query names none */
  int indexOf(IssuerId id) {
    for (int i = 0; i < served.size(); i++) {
      if (served.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  int size() {
    return served.size();
  }

  IssuerId id(int index) {
    return served.get(index).id();
  }

  /** @return the index of the served CA this issuer-column value names, or -1 */
  int resolve(String columnValue) {
    if (columnValue == null) {
      return -1;
    }
    Integer known = resolved.get(columnValue);
    if (known != null) {
      return known;
    }
    int index = compute(columnValue);
    if (resolved.size() >= MAX_REMEMBERED) {
      resolved.clear(); // a table full of distinct garbage issuers must not grow memory
    }
    resolved.put(columnValue, index);
    return index;
  }

  private int compute(String value) {
    if (!(match instanceof IssuerMatch.Dn)) {
      String hex = normaliseHex(value);
      for (int i = 0; i < served.size(); i++) {
        if (served.get(i).key().orElseThrow().equals(hex)) {
          return i;
        }
      }
      return -1;
    }
    for (int i = 0; i < served.size(); i++) {
      if (served.get(i).key().map(value::equals).orElse(false)) {
        return i;
      }
    }
    X500Principal parsed;
    try {
      parsed = new X500Principal(value, KEYWORDS);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    for (int i = 0; i < served.size(); i++) {
      if (served.get(i).id().name().equals(parsed)) {
        return i;
      }
    }
    List<String> names = rdns(parsed);
    for (int i = 0; i < served.size(); i++) {
      if (served.get(i).names().equals(names)) {
        return i;
      }
    }
    return -1;
  }
}
