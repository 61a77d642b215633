package dev.certstatus.core;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.cert.ocsp.CertificateID;

/**
 * Routes queries to the {@link DecisionChain} of the CA they name, for responders and validators
 * that serve several CAs. A query for a CA without a chain is UNKNOWN(UNKNOWN_ISSUER) (rule 0).
 * Immutable and thread-safe.
 */
public final class IssuerRouter implements Decider {

  private final Map<IssuerId, DecisionChain> byIssuer;
  private final Map<ByteBuffer, DecisionChain> byHashes;
  private final DecisionListener[] listeners;

  private IssuerRouter(Map<IssuerId, DecisionChain> chains, List<DecisionListener> listeners) {
    this.byIssuer = Map.copyOf(chains);
    Map<ByteBuffer, DecisionChain> hashes = new HashMap<>();
    for (DecisionChain c : chains.values()) {
      for (HashAlgorithm a : HashAlgorithm.values()) {
        hashes.put(key(a, c.issuer().nameHash(a), c.issuer().keyHash(a)), c);
      }
    }
    this.byHashes = Map.copyOf(hashes);
    this.listeners = listeners.toArray(new DecisionListener[0]);
  }

  /**
   * @param chains one chain per CA
   * @return a router over them
   * @throws IllegalArgumentException if two chains serve the same CA
   */
  public static IssuerRouter of(DecisionChain... chains) {
    Builder b = builder();
    for (DecisionChain c : chains) {
      b.chain(c);
    }
    return b.build();
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @param issuer a CA
   * @return its chain, if this router serves it
   */
  public Optional<DecisionChain> chainFor(IssuerId issuer) {
    return Optional.ofNullable(byIssuer.get(issuer));
  }

  /**
   * Finds a CA by the hashes of an OCSP CertID.
   *
   * @param algorithm the CertID's hash algorithm
   * @param nameHash the issuer name hash
   * @param keyHash the issuer key hash
   * @return the chain of the CA with those hashes, if served
   */
  public Optional<DecisionChain> chainFor(HashAlgorithm algorithm, byte[] nameHash,
      byte[] keyHash) {
    return Optional.ofNullable(byHashes.get(key(algorithm, nameHash, keyHash)));
  }

  /**
   * @param id a BouncyCastle CertID, with any supported hash algorithm and either form of
   *     AlgorithmIdentifier parameters
   * @return the chain of the CA it names, if served
   */
  public Optional<DecisionChain> chainFor(CertificateID id) {
    return HashAlgorithm.forOid(id.getHashAlgOID().getId())
        .flatMap(a -> chainFor(a, id.getIssuerNameHash(), id.getIssuerKeyHash()));
  }

  /** @return every chain, in no particular order */
  public List<DecisionChain> chains() {
    return List.copyOf(byIssuer.values());
  }

  @Override
  public Decision decide(StatusQuery query) {
    Objects.requireNonNull(query, "query");
    DecisionChain chain = byIssuer.get(query.issuer());
    Decision d = chain != null
        ? chain.decide(query)
        : Decision.unknown(query, UnknownReason.UNKNOWN_ISSUER, Rule.UNKNOWN_ISSUER, List.of());
    Listeners.notify(listeners, d);
    return d;
  }

  private static ByteBuffer key(HashAlgorithm a, byte[] nameHash, byte[] keyHash) {
    ByteBuffer b = ByteBuffer.allocate(1 + nameHash.length + keyHash.length);
    b.put((byte) a.ordinal()).put(nameHash).put(keyHash).flip();
    return b;
  }

  /** Builds an {@link IssuerRouter}. */
  public static final class Builder {
    private final Map<IssuerId, DecisionChain> chains = new LinkedHashMap<>();
    private final List<DecisionListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * @param chain a CA's chain
     * @return this builder
     * @throws IllegalArgumentException if a chain for the same CA was added
     */
    public Builder chain(DecisionChain chain) {
      Objects.requireNonNull(chain, "chain");
      if (chains.putIfAbsent(chain.issuer(), chain) != null) {
        throw new IllegalArgumentException("two chains serve " + chain.issuer());
      }
      return this;
    }

    /**
     * @param listener called for every decision the router makes, including UNKNOWN_ISSUER
     * @return this builder
     */
    public Builder listener(DecisionListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** @return the router */
    public IssuerRouter build() {
      return new IssuerRouter(chains, listeners);
    }
  }
}
