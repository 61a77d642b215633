package dev.certstatus.server;

import java.util.function.Function;
import picocli.CommandLine;

/**
 * What every command has: its picocli spec (for its output streams) and the environment, which
 * {@link Main#run} injects so that tests can supply their own passwords.
 */
abstract class CommandBase {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  Function<String, String> env = System::getenv;
}
