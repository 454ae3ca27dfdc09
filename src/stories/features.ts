/*
 * What the assigner compares, computed once per item: the strong key (canonical URL), the MinHash
 * signature of the text's word shingles, and the weighted term counts behind its tf-idf vector.
 * Weights favour what tells one event from a similar one (ADR 0022): proper nouns, numbers (years,
 * counts, magnitudes), kept features (URLs, handles, hashtags) and the title.
 */
import { minhashOf, shingleHashes } from '../text/minhash.js';
import { termsOf, type Term } from '../text/terms.js';
import { forEachToken, type Token } from '../text/tokenize.js';
import { canonicalUrl } from '../text/url.js';

export interface StoryItem {
  /** The caller's unique key of the item; a new story is named after its first item's key. */
  key: string;
  text: string;
  title?: string | null;
  url?: string | null;
  /** Epoch milliseconds, when known. */
  at?: number;
  /**
   * Incident keys (pipeline only, ADR 0022 amendment 2026-12-05 later): e.g. `outage|brindlepost`,
   * the analysis category and a product the item names. An item joins the open story of any of its
   * keys whose latest member is within `incidentWindowMs`. `harvest cluster` never sets them.
   */
  incidents?: readonly string[];
  /**
   * Keys the item may join by but never opens or moves (pipeline only): a failure report about a
   * product in another category ("can't log into X" as a bug) joins X's breaking outage story.
   */
  incidentJoins?: readonly string[];
  /** The text's unit dense vector from the optional embedding provider (ADR 0022, embeddings); absent: tf-idf alone. */
  dense?: Float32Array;
}

/** Categories whose posts come in waves about one product within hours: an outage, a leak or phishing run. */
const INCIDENT_CATEGORIES: ReadonlySet<string> = new Set(['outage', 'security']);

/** The item's incident keys (`category|product`, one per product its analysis names); none for other categories. */
export const incidentKeys = (category: string | null, products: readonly string[]): string[] =>
  category !== null && INCIDENT_CATEGORIES.has(category) ? [...new Set(products.map((p) => `${category}|${p.toLowerCase()}`))].sort() : [];

/**
 * The keys an item may only join by: `outage|product` for each product it names when its text
 * reports a failure (`failure`, e.g. the heuristic's outage cues) but its category is neither
 * outage nor security (those have `incidentKeys`).
 */
export const incidentJoinKeys = (category: string | null, products: readonly string[], failure: boolean): string[] =>
  failure && (category === null || !INCIDENT_CATEGORIES.has(category)) ? [...new Set(products.map((p) => `outage|${p.toLowerCase()}`))].sort() : [];

export interface FeatureWeights {
  title: number;
  proper: number;
  number: number;
  feature: number;
}

export interface ItemFeatures {
  urlKey: string | undefined;
  signature: Uint32Array | undefined;
  /** term → summed weight of its occurrences. */
  tf: Map<string, number>;
}

/** Texts longer than this are cut before tokenizing: a story is told at the start of a text. */
export const MAX_TEXT_CHARS = 20_000;
const MAX_TOKENS = 4000;
const SIGNATURE_SIZE = 64;

const cueWeight = (t: Term, w: FeatureWeights): number => (t.cue === 'proper' ? w.proper : t.cue === 'number' ? w.number : t.cue === 'feature' ? w.feature : 1);

/** The token `addTerms` hands `termsOf`, reused (termsOf keeps nothing of it): no object per token. */
const scratch: Token = { text: '', kind: 'word', proper: false };

const addTerms = (tf: Map<string, number>, text: string, weight: number, w: FeatureWeights, words: string[] | undefined): void => {
  forEachToken(text.slice(0, MAX_TEXT_CHARS), { maxTokens: MAX_TOKENS }, (tokenText, kind, proper) => {
    if (words && kind !== 'url') words.push(tokenText);
    scratch.text = tokenText;
    scratch.kind = kind;
    scratch.proper = proper;
    const terms = termsOf(scratch);
    // An index loop: a for-of over the shared frozen lists allocated an iterator result per term.
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i] as Term;
      tf.set(t.term, (tf.get(t.term) ?? 0) + weight * cueWeight(t, w));
    }
  });
};

/** The features of one item (pure). */
export const itemFeatures = (item: StoryItem, w: FeatureWeights): ItemFeatures => {
  const tf = new Map<string, number>();
  const words: string[] = [];
  if (item.title) addTerms(tf, item.title, w.title, w, undefined);
  addTerms(tf, item.text, 1, w, words);
  return { urlKey: item.url ? canonicalUrl(item.url) : undefined, signature: minhashOf(shingleHashes(words), SIGNATURE_SIZE), tf };
};
