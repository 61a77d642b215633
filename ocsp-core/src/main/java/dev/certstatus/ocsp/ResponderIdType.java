package dev.certstatus.ocsp;

/** How a response names its signer (RFC 6960 4.2.1, ResponderID). */
public enum ResponderIdType {
  /** byKey: the SHA-1 hash of the signer's public key (the default; RFC 5019 recommends it). */
  KEY_HASH,
  /** byName: the signer certificate's subject name. */
  NAME
}
