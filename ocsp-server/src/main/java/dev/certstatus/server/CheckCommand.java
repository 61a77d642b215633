package dev.certstatus.server;

import picocli.CommandLine.Command;

/** {@code check}: decide one certificate and print the answer on one line, or as JSON. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Decide one certificate from the given sources: GOOD, REVOKED or UNKNOWN."
        + " Exit code 0 whatever the status.")
final class CheckCommand extends DecideCommand {
  @Override
  boolean explain() {
    return false;
  }
}
