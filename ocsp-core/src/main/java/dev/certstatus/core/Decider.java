package dev.certstatus.core;

/** Answers status queries: a {@link DecisionChain} for one CA, an {@link IssuerRouter} for many. */
public interface Decider {

  /**
   * Decides one query. Never throws for a lookup and never returns null.
   *
   * @param query the query
   * @return the decision
   */
  Decision decide(StatusQuery query);
}
