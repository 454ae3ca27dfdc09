import type { Logger } from '../../observability/logger.js';

/** Why a run sends no more requests: the circuit breaker opened, or the run's time budget ran out. */
export type GuardReason = 'circuit' | 'deadline';

export interface RunGuardConfig {
  /** Consecutive provider failures that open the breaker for the rest of the run (0: never). */
  circuitBreakerFailures: number;
  /** Wall time one run may spend on LLM requests, in seconds (0: no limit). */
  runTimeBudgetSeconds: number;
}

/**
 * One run's protection against a failing or hanging provider (ADR 0006): after N consecutive
 * failed requests, or once the time budget is spent, the rest of the run goes to the heuristic at
 * once. A request in flight when the budget runs out is aborted through `signal()`.
 */
export interface RunGuard {
  /** Null while requests may still be sent. */
  blocked(): GuardReason | null;
  /** The caller's signal combined with the run's deadline: aborted while `outer` is not means the budget ran out. */
  signal(outer?: AbortSignal): AbortSignal | undefined;
  success(): void;
  failure(): void;
}

export const createRunGuard = (config: RunGuardConfig, deps: { log: Logger; now?: () => number }): RunGuard => {
  const now = deps.now ?? (() => performance.now());
  const budgetMs = config.runTimeBudgetSeconds * 1000;
  const deadline = budgetMs > 0 ? now() + budgetMs : Number.POSITIVE_INFINITY;
  let consecutive = 0;
  let reported: GuardReason | null = null;
  const report = (reason: GuardReason): GuardReason => {
    if (reported !== reason) {
      reported = reason;
      const msg =
        reason === 'circuit'
          ? `${consecutive} consecutive LLM requests failed: circuit open, the heuristic answers the rest of this run`
          : `LLM time budget of ${config.runTimeBudgetSeconds} s for this run spent: the heuristic answers the rest of this run`;
      deps.log.warn({ reason, consecutiveFailures: consecutive }, msg);
    }
    return reason;
  };
  return {
    blocked() {
      if (config.circuitBreakerFailures > 0 && consecutive >= config.circuitBreakerFailures) return report('circuit');
      if (now() >= deadline) return report('deadline');
      return null;
    },
    signal(outer) {
      if (deadline === Number.POSITIVE_INFINITY) return outer;
      const timer = AbortSignal.timeout(Math.max(1, Math.ceil(deadline - now())));
      return outer ? AbortSignal.any([outer, timer]) : timer;
    },
    success() {
      consecutive = 0;
    },
    failure() {
      consecutive += 1;
    },
  };
};
