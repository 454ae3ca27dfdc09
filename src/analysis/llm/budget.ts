import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.port.js';
import type { Clock } from '../../platform/clock.js';
import type { LlmLedger } from '../../store/llm.port.js';
import type { LlmConfig, LlmPrice } from './llm.config.js';

/** Estimated USD of one request from the configured price table (0, with one warning, for an unpriced model). */
export const createCostEstimator = (prices: Readonly<Record<string, LlmPrice>>, model: string, log: Logger): ((tokensIn: number, tokensOut: number) => number) => {
  const price = prices[model];
  let warned = false;
  return (tokensIn, tokensOut) => {
    if (!price) {
      if (!warned) log.warn({ model }, 'no price configured for this model (analysis.llm.prices): cost recorded as 0 and the USD budget cannot apply');
      warned = true;
      return 0;
    }
    return (tokensIn * price.inputPerMTok + tokensOut * price.outputPerMTok) / 1_000_000;
  };
};

export interface Budget {
  /** True when today's usage (UTC) has reached a configured daily limit. */
  exhausted(): Promise<boolean>;
}

/** The daily budget over the ledger's usage: checked before every request; logs once a day when it runs out. */
export const createBudget = (budget: LlmConfig['budget'], deps: { ledger: LlmLedger; clock: Clock; log: Logger; metrics: Metrics }): Budget => {
  let loggedDay = '';
  return {
    async exhausted() {
      if (budget.dailyUsd === undefined && budget.dailyTokens === undefined) return false;
      const day = deps.clock.now().toISOString().slice(0, 10);
      const u = await deps.ledger.usage(day);
      const tokens = u.tokensIn + u.tokensOut;
      let out = false;
      if (budget.dailyUsd !== undefined) {
        deps.metrics.analyzerBudgetLimit?.('usd', budget.dailyUsd);
        deps.metrics.analyzerBudgetRemaining('usd', Math.max(0, budget.dailyUsd - u.costUsd));
        out ||= u.costUsd >= budget.dailyUsd;
      }
      if (budget.dailyTokens !== undefined) {
        deps.metrics.analyzerBudgetLimit?.('tokens', budget.dailyTokens);
        deps.metrics.analyzerBudgetRemaining('tokens', Math.max(0, budget.dailyTokens - tokens));
        out ||= tokens >= budget.dailyTokens;
      }
      if (out && loggedDay !== day) {
        loggedDay = day;
        deps.log.warn(
          { day, spentUsd: Number(u.costUsd.toFixed(6)), spentTokens: tokens, dailyUsd: budget.dailyUsd, dailyTokens: budget.dailyTokens },
          'daily LLM budget exhausted: the heuristic answers until the next UTC day',
        );
      }
      return out;
    },
  };
};
