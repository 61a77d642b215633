package dev.certstatus.crl;

/** A CRL that cannot be used; the message names the CRL's source and what is wrong with it. */
final class CrlException extends Exception {

  CrlException(String source, String problem) {
    super("CRL " + source + ": " + problem);
  }

  CrlException(String source, String problem, Throwable cause) {
    super("CRL " + source + ": " + problem, cause);
  }
}
