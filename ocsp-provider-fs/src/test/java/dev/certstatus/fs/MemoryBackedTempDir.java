package dev.certstatus.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Puts a {@code @TempDir} on {@code /dev/shm} (tmpfs) when there is one: creating a hundred
 * thousand files on a journaling disk of a loaded CI machine takes tens of seconds, on tmpfs a
 * few. The scan under test reads the same directory entries either way.
 */
final class MemoryBackedTempDir implements TempDirFactory {

  @Override
  public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context)
      throws IOException {
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      return Files.createTempDirectory(shm, "certstatus-fs-");
    }
    return Files.createTempDirectory("certstatus-fs-");
  }
}
