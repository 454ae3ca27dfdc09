/*
 * Which series an item counts in (pure): its category, source, each topic tag and each tracked term
 * it mentions; once the stories stage has placed it, its story (`story:<id>`, counted apart, see
 * spikes.service.ts); once the entities stage has linked it, each of its entities' canonical one
 * (`entity:<id>`, also counted apart, bounded by `spikes.entities`).
 */
import type { CountableItem, SeriesKind } from '../store/volumes.port.js';

export const BUCKET_MS = 300_000;

/** Start of the 5-minute bucket holding `ms`, as ISO-8601. */
export const bucketOf = (ms: number): string => new Date(ms - (((ms % BUCKET_MS) + BUCKET_MS) % BUCKET_MS)).toISOString();

const words = (s: string): Set<string> => new Set(s.toLowerCase().normalize('NFKC').split(/[^\p{L}\p{N}]+/u).filter(Boolean));

/** A tracked term's words, lower-cased (`"Login + outage"` → login, outage). */
export const termWords = (term: string): string[] => [...words(term)];

export const seriesKind = (key: string): SeriesKind => key.slice(0, key.indexOf(':')) as SeriesKind;

/** The series keys of one item. */
export const seriesKeys = (item: CountableItem, terms: readonly string[]): string[] => {
  const keys = new Set<string>([`category:${item.category}`, `source:${item.source}`]);
  for (const tag of item.tags) if (tag.trim()) keys.add(`tag:${tag.trim().toLowerCase()}`);
  if (terms.length > 0) {
    const have = words(`${item.title ?? ''} ${item.text}`);
    for (const term of terms) {
      const need = termWords(term);
      if (need.length > 0 && need.every((w) => have.has(w))) keys.add(`term:${need.join(' ')}`);
    }
  }
  return [...keys];
};

/** The series of one story. */
export const storySeriesKey = (storyId: number): string => `story:${storyId}`;

/** The series of one (canonical) entity. */
export const entitySeriesKey = (entityId: number): string => `entity:${entityId}`;

/** The entity id of an `entity:<id>` key, or undefined for any other key. */
export const entityIdOf = (key: string): number | undefined => {
  const m = /^entity:(\d+)$/.exec(key);
  return m ? Number(m[1]) : undefined;
};
