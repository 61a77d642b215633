package dev.certstatus.server;

/** Entry point of {@code java -jar ocsp-server.jar}. */
public final class Main {
  private Main() {}

  /** @param args the command line */
  public static void main(String[] args) {
    System.exit(0);
  }
}
