package dev.certstatus.server;

import picocli.CommandLine.Command;

/** {@code explain}: decide one certificate and print every finding, its data and the rule. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Like check, but print every source's finding, the data behind it and the"
        + " rule that fired, in words.")
final class ExplainCommand extends DecideCommand {
  @Override
  boolean explain() {
    return true;
  }
}
