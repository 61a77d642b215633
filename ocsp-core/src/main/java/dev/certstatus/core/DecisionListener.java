package dev.certstatus.core;

/**
 * Called for every decision: the place for metrics, audit logs and for watching requests for
 * serials the CA never issued (the CA/Browser Forum Baseline Requirements ask CAs to monitor
 * those). Called on the deciding thread, so it must be quick; an exception it throws is logged and
 * never changes the answer.
 */
@FunctionalInterface
public interface DecisionListener {

  /** @param decision the decision just made */
  void onDecision(Decision decision);
}
