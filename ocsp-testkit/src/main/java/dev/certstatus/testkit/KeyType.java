package dev.certstatus.testkit;

/**
 * The key types the test PKI can generate. Each implies the signature algorithm used when a key
 * of that type signs: ECDSA with SHA-256 (P-256) or SHA-384 (P-384), made deterministic per
 * RFC 6979, and RSA PKCS#1 v1.5 with SHA-256, which is deterministic by construction.
 */
public enum KeyType {
    /** ECDSA on NIST P-256 (secp256r1); the default because it is fast to generate. */
    EC_P256,
    /** ECDSA on NIST P-384 (secp384r1). */
    EC_P384,
    /** RSA with a 2048-bit modulus and public exponent 65537. */
    RSA_2048
}
