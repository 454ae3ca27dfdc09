import type { CachedVerdict, LlmLedger, LlmUsage } from '../../store/llm.port.js';

/** A process-local ledger (`harvest classify`, which opens no database): cache and usage last for the run. */
export const createMemoryLedger = (): LlmLedger => {
  const cache = new Map<string, CachedVerdict>();
  const usage = new Map<string, LlmUsage>();
  const key = (s: { provider: string; model: string; promptVersion: string }, hash: string): string => `${s.provider}\u0000${s.model}\u0000${s.promptVersion}\u0000${hash}`;
  return {
    getCached: async (scope, hashes) => {
      const out = new Map<string, CachedVerdict>();
      for (const h of hashes) {
        const r = cache.get(key(scope, h));
        if (r) out.set(h, structuredClone(r));
      }
      return out;
    },
    putCached: async (scope, entries) => {
      for (const e of entries) if (!cache.has(key(scope, e.contentHash))) cache.set(key(scope, e.contentHash), structuredClone(e.topic === undefined ? { result: e.result } : { result: e.result, topic: e.topic }));
    },
    addUsage: async (day, provider, model, u) => {
      const k = `${day}\u0000${provider}\u0000${model}`;
      const cur = usage.get(k) ?? { tokensIn: 0, tokensOut: 0, costUsd: 0, requests: 0 };
      usage.set(k, { tokensIn: cur.tokensIn + u.tokensIn, tokensOut: cur.tokensOut + u.tokensOut, costUsd: cur.costUsd + u.costUsd, requests: cur.requests + u.requests });
    },
    usage: async (day) => {
      const total = { tokensIn: 0, tokensOut: 0, costUsd: 0, requests: 0 };
      for (const [k, u] of usage) {
        if (!k.startsWith(`${day}\u0000`)) continue;
        total.tokensIn += u.tokensIn;
        total.tokensOut += u.tokensOut;
        total.costUsd += u.costUsd;
        total.requests += u.requests;
      }
      return total;
    },
  };
};
