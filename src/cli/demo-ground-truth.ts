import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Store } from '../store/store.port.js';

/** Who the ground-truth labels are recorded as (the label history shows it). */
export const GROUND_TRUTH_ACTOR = 'ground-truth';
/** Each label is given this long after its post (capped at now), so a no-look-ahead backtest has a history. */
const LABEL_DELAY_MS = 3_600_000;

export interface GroundTruthLabels {
  relevant: number;
  irrelevant: number;
}

/*
 * The demo corpus's own ground truth as labels: posts of the incidents the generator planted (the
 * `incident` field of data/demo/corpus.jsonl) are relevant, every other post irrelevant. For trying
 * `harvest backtest` and the learned relevance model on the demo without labelling 2,000 posts by hand.
 */
export const labelDemoGroundTruth = async (store: Store, corpusFile: string, now: Date): Promise<GroundTruthLabels> => {
  const counts: GroundTruthLabels = { relevant: 0, irrelevant: 0 };
  const lines = createInterface({ input: createReadStream(corpusFile, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const post = JSON.parse(line) as { id?: unknown; incident?: unknown };
    if (typeof post.id !== 'string') continue;
    const item = await store.findItem('demo', post.id);
    if (!item) continue;
    const label = typeof post.incident === 'string' && post.incident !== '' ? 'relevant' : 'irrelevant';
    const at = new Date(Math.min(Date.parse(item.createdAt) + LABEL_DELAY_MS, now.getTime())).toISOString();
    await store.labels.set({ itemId: item.id, label, actor: GROUND_TRUTH_ACTOR, at });
    counts[label] += 1;
  }
  return counts;
};
