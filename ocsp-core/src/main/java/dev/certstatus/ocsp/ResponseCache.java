package dev.certstatus.ocsp;

import dev.certstatus.core.DecisionChain;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pre-produced responses (RFC 5019 / RFC 9919 style) for nonce-less single-entry requests, keyed
 * by the request's CertID exactly as encoded (the response repeats it, so SHA-1 with NULL
 * parameters and SHA-1 without are different entries).
 *
 * <p>An entry is served until the earlier of its own end (the response's nextUpdate, or sooner
 * when the answer changes by time alone) and the next change of the data behind it, which
 * {@link DecisionChain#dataGeneration()} reveals. Bounded: when full, an arbitrary entry makes
 * room, which costs one signature later and needs no bookkeeping on the hit path.
 */
final class ResponseCache {

  /**
   * @param result the response, marked as cached
   * @param chain the chain that decided it
   * @param generation the chain's data generation read before deciding
   * @param until the first instant it may no longer be served
   */
  record Entry(OcspResult result, DecisionChain chain, long generation, Instant until) {}

  private final int maxSize;
  private final ConcurrentHashMap<ByteBuffer, Entry> entries;

  ResponseCache(int maxSize) {
    this.maxSize = maxSize;
    this.entries = new ConcurrentHashMap<>(Math.min(maxSize, 1 << 16));
  }

  Optional<OcspResult> get(ByteBuffer key, Instant now) {
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (!now.isBefore(e.until()) || e.chain().dataGeneration() != e.generation()) {
      entries.remove(key, e);
      return Optional.empty();
    }
    return Optional.of(e.result());
  }

  void put(ByteBuffer key, Entry entry) {
    while (entries.size() >= maxSize && !entries.containsKey(key)) {
      Iterator<ByteBuffer> it = entries.keySet().iterator();
      if (!it.hasNext()) {
        break;
      }
      it.next();
      it.remove();
    }
    entries.put(key, entry);
  }

  int size() {
    return entries.size();
  }
}
