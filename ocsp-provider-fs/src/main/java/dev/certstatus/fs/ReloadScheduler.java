package dev.certstatus.fs;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a reload every interval, and a quiet period after the last change {@link WatchService}
 * reports for the watched paths. All reloads run on one daemon thread, one at a time.
 *
 * <p>For each watched path both the path's parent (to see the path itself deleted, re-created or
 * switched, as an exporter's symbolic link is) and, for a directory, the directory it resolves
 * to (to see files come and go) are watched; events in the parent about other names are ignored.
 * Watches are renewed after every reload, since a re-created directory is a new one. Network
 * shares often deliver no events at all: the interval is the backstop.
 */
final class ReloadScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReloadScheduler.class);

  private final String name;
  private final Runnable reload;
  private final List<Path> watched;
  private final Duration quietPeriod;
  private final ScheduledExecutorService executor;
  private final WatchService watchService;
  private final Thread watcher;
  private final Map<WatchKey, Set<Path>> parentKeys = new HashMap<>();
  private final Set<WatchKey> directoryKeys = new HashSet<>();
  private ScheduledFuture<?> pending;

  /**
   * @param name names the threads, for thread dumps
   * @param reload the reload; exceptions it throws are logged, never end the schedule
   * @param interval between interval reloads
   * @param watched the paths to watch; empty for none
   * @param quietPeriod how long after the last change event to reload
   * @throws IOException if a watch service cannot be created
   */
  ReloadScheduler(String name, Runnable reload, Duration interval, List<Path> watched,
      Duration quietPeriod) throws IOException {
    this.name = Objects.requireNonNull(name, "name");
    this.watched = List.copyOf(watched);
    this.quietPeriod = Objects.requireNonNull(quietPeriod, "quietPeriod");
    Objects.requireNonNull(reload, "reload");
    this.reload = () -> {
      try {
        reload.run();
      } catch (RuntimeException e) {
        LOG.error("reload of {} failed unexpectedly", name, e);
      }
      renewWatches();
    };
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "certstatus-reload-" + name);
      t.setDaemon(true);
      return t;
    });
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(this.reload, millis, millis, TimeUnit.MILLISECONDS);
    if (this.watched.isEmpty()) {
      this.watchService = null;
      this.watcher = null;
    } else {
      this.watchService = FileSystems.getDefault().newWatchService();
      executor.execute(this::renewWatches);
      this.watcher = new Thread(this::watch, "certstatus-watch-" + name);
      this.watcher.setDaemon(true);
      this.watcher.start();
    }
  }

  /**
   * Starts the schedule a source's builder asks for.
   *
   * @param settings the builder's settings
   * @param reload the source's reload
   * @param watched the paths to watch, if the settings ask for watching
   * @return the scheduler, or empty when the source is not scheduled
   * @throws IllegalStateException if the watch service cannot be created
   */
  static Optional<ReloadScheduler> start(FileSourceBuilder<?> settings, Runnable reload,
      List<Path> watched) {
    if (!settings.schedule) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ReloadScheduler(settings.id, reload, settings.reloadInterval,
          settings.watch ? watched : List.of(), settings.quietPeriod));
    } catch (IOException e) {
      throw new IllegalStateException("provider " + settings.id + ": cannot watch " + watched
          + ": " + e.getMessage(), e);
    }
  }

  /** Asks for a reload as soon as the reload thread is free (after the current one, if any). */
  void reloadNow() {
    executor.execute(reload);
  }

  private void watch() {
    try {
      while (true) {
        WatchKey key = watchService.take();
        boolean relevant = false;
        Set<Path> children;
        synchronized (this) {
          children = parentKeys.getOrDefault(key, Set.of());
          relevant = directoryKeys.contains(key);
        }
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == StandardWatchEventKinds.OVERFLOW
              || children.contains((Path) event.context())) {
            relevant = true;
          }
        }
        key.reset();
        if (relevant) {
          debounce();
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException closed) {
      // close() ends the watch.
    }
  }

  private synchronized void debounce() {
    if (pending != null) {
      pending.cancel(false);
    }
    if (!executor.isShutdown()) {
      pending = executor.schedule(reload, quietPeriod.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void renewWatches() {
    if (watchService == null) {
      return;
    }
    for (WatchKey key : parentKeys.keySet()) {
      key.cancel();
    }
    for (WatchKey key : directoryKeys) {
      key.cancel();
    }
    parentKeys.clear();
    directoryKeys.clear();
    for (Path path : watched) {
      Path absolute = path.toAbsolutePath();
      register(absolute.getParent(), absolute.getFileName());
      if (Files.isDirectory(absolute)) {
        register(absolute, null);
      }
    }
  }

  /** Watches a directory: for changes to one child name, or to anything when child is null. */
  private void register(Path directory, Path child) {
    if (directory == null) {
      return;
    }
    try {
      WatchKey key = directory.toRealPath().register(watchService,
          StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
          StandardWatchEventKinds.ENTRY_MODIFY);
      if (child == null) {
        directoryKeys.add(key);
      } else {
        parentKeys.computeIfAbsent(key, k -> new HashSet<>()).add(child);
      }
    } catch (IOException | ClosedWatchServiceException e) {
      // A missing path is reported by the reload itself; the interval keeps looking.
      LOG.debug("{}: cannot watch {}: {}", name, directory, e.toString());
    }
  }

  /** Stops the schedule and the watch; a reload running now finishes. */
  @Override
  public void close() {
    executor.shutdownNow();
    if (watchService != null) {
      try {
        watchService.close();
      } catch (IOException e) {
        LOG.debug("{}: closing the watch service: {}", name, e.toString());
      }
      watcher.interrupt();
    }
  }
}
