package dev.certstatus.server;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.RevocationProvider;
import dev.certstatus.core.SourceState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The freshness of every source behind the responder, for {@code /health}: healthy when every
 * source has data that is not past its freshness; otherwise the stale or never-loaded ones are
 * named.
 */
final class SourceHealth {

  /**
   * A source and the CA it serves.
   *
   * @param ca the CA's name
   * @param provider the source
   */
  record Served(String ca, RevocationProvider provider) {
    Served {
      Objects.requireNonNull(ca, "ca");
      Objects.requireNonNull(provider, "provider");
    }
  }

  /**
   * The health at one instant.
   *
   * @param healthy true if every source is fresh
   * @param json the body of {@code /health}
   */
  record Report(boolean healthy, String json) {}

  private final List<Served> sources;
  private final Clock clock;

  SourceHealth(List<Served> sources, Clock clock) {
    this.sources = List.copyOf(sources);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  List<Served> sources() {
    return sources;
  }

  Report check() {
    Instant now = clock.instant();
    List<Object> all = new ArrayList<>();
    List<Object> unhealthy = new ArrayList<>();
    for (Served s : sources) {
      SourceState state;
      String problem = null;
      try {
        state = s.provider().state();
      } catch (RuntimeException e) {
        state = null;
        problem = "state unavailable: " + e;
      }
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("ca", s.ca());
      o.put("source", s.provider().id());
      if (state != null) {
        boolean fresh = state.isFresh(now);
        if (!fresh) {
          problem = state.version().isEmpty() ? "no data loaded" : "stale";
        }
        o.put("fresh", fresh);
        DataVersion v = state.version().orElse(null);
        o.put("data", v == null ? null : v.label());
        o.put("asOf", v == null ? null : v.asOf().map(Instant::toString).orElse(null));
        o.put("freshUntil", v == null ? null : v.freshUntil().map(Instant::toString).orElse(null));
        o.put("failedReloads", state.failedReloads());
        o.put("lastFailure", state.lastFailure().orElse(null));
      } else {
        o.put("fresh", false);
      }
      o.put("problem", problem);
      all.add(o);
      if (problem != null) {
        unhealthy.add(s.ca() + "/" + s.provider().id() + ": " + problem);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", unhealthy.isEmpty() ? "UP" : "DOWN");
    body.put("time", now.toString());
    body.put("unhealthy", unhealthy);
    body.put("sources", all);
    return new Report(unhealthy.isEmpty(), Json.write(body));
  }
}
