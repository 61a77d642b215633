package dev.certstatus.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** A provider that answers each role with a finding fixed in advance: the rule tests' input. */
final class FixedProvider implements RevocationProvider {

  private final String id;
  private final Map<Role, Finding> findings;

  FixedProvider(String id, Map<Role, Finding> findings) {
    this.id = id;
    this.findings = new EnumMap<>(findings);
  }

  static FixedProvider of(Finding... findings) {
    Map<Role, Finding> m = new EnumMap<>(Role.class);
    for (Finding f : findings) {
      m.put(f.role(), f);
    }
    return new FixedProvider(findings[0].providerId(), m);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Set<Role> roles() {
    return findings.keySet();
  }

  @Override
  public Finding find(Role role, StatusQuery query) {
    return findings.get(role);
  }

  @Override
  public String toString() {
    return id + findings.values();
  }
}
