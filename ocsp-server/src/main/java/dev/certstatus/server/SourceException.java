package dev.certstatus.server;

/**
 * A data source (a CA certificate, key, CRL, serial directory, index or database) could not be
 * read at all. Exit code 2.
 */
final class SourceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  SourceException(String message) {
    super(message);
  }

  SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
