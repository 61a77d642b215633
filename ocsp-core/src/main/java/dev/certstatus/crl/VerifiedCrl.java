package dev.certstatus.crl;

import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A CRL whose encoding, signature, extensions and times were checked: only such CRLs reach a
 * snapshot. Immutable.
 */
final class VerifiedCrl {

  final String source;
  final X500Principal issuer;
  final X500Name issuerName;
  final Optional<BigInteger> number;
  final Optional<BigInteger> deltaBase;
  final Instant thisUpdate;
  final Optional<Instant> nextUpdate;
  final CrlScope scope;
  /** Entries by certificate issuer: an indirect CRL lists the certificates of several CAs. */
  final Map<X500Principal, RevokedIndex> entries;
  final PublicKey signerKey;
  final byte[] digest;

  VerifiedCrl(String source, X500Principal issuer, X500Name issuerName,
      Optional<BigInteger> number, Optional<BigInteger> deltaBase, Instant thisUpdate,
      Optional<Instant> nextUpdate, CrlScope scope, Map<X500Principal, RevokedIndex> entries,
      PublicKey signerKey, byte[] digest) {
    this.source = source;
    this.issuer = issuer;
    this.issuerName = issuerName;
    this.number = number;
    this.deltaBase = deltaBase;
    this.thisUpdate = thisUpdate;
    this.nextUpdate = nextUpdate;
    this.scope = scope;
    this.entries = Map.copyOf(entries);
    this.signerKey = signerKey;
    this.digest = digest;
  }

  boolean isDelta() {
    return deltaBase.isPresent();
  }

  /** Orders CRLs of one scope: by CRL number, then thisUpdate; an unnumbered CRL is oldest. */
  int compareAge(VerifiedCrl other) {
    int byNumber = number.orElse(BigInteger.ONE.negate())
        .compareTo(other.number.orElse(BigInteger.ONE.negate()));
    return byNumber != 0 ? byNumber : thisUpdate.compareTo(other.thisUpdate);
  }

  /** Issuer, scope and kind: two CRLs with the same key compete, the newer one wins. */
  String scopeKey() {
    return issuer.getName(X500Principal.CANONICAL) + "|" + HexFormat.of().formatHex(
        scope.encoded()) + "|" + (isDelta() ? "delta" : "full");
  }

  String label() {
    return "CRL " + number.map(n -> "#" + n).orElse("without number") + " from " + source;
  }

  int size() {
    int n = 0;
    for (RevokedIndex i : entries.values()) {
      n += i.size();
    }
    return n;
  }

  @Override
  public String toString() {
    return label();
  }
}
