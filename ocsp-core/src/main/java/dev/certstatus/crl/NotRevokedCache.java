package dev.certstatus.crl;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Finding;
import java.util.function.Consumer;

/**
 * The NotRevoked finding of a snapshot is the same for every lookup: build it once, so that the
 * GOOD path allocates nothing. Racing first lookups may each build one; any of them is right.
 */
final class NotRevokedCache {

  private NotRevokedCache() {}

  static Finding.NotRevoked get(Finding.NotRevoked cached, String providerId,
      DataVersion version, Consumer<Finding.NotRevoked> store) {
    if (cached != null && cached.providerId().equals(providerId)) {
      return cached;
    }
    Finding.NotRevoked built = new Finding.NotRevoked(providerId, version);
    store.accept(built);
    return built;
  }
}
