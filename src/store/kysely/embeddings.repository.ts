import type { Kysely } from 'kysely';
import type { EmbeddingCache } from '../embeddings.port.js';
import { float32FromBytes, float32ToBytes } from './float32.js';
import type { Database } from './tables.js';

/** Hashes per `in (…)` list, rows per insert: well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

/** The embedding cache over Kysely; identical on SQLite and PostgreSQL. */
export const createEmbeddingsRepository = (db: Kysely<Database>): EmbeddingCache => ({
  async get(model, hashes) {
    const out = new Map<string, Float32Array>();
    const unique = [...new Set(hashes)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = await db.selectFrom('embeddings').select(['text_hash', 'dims', 'vector']).where('model', '=', model).where('text_hash', 'in', unique.slice(i, i + CHUNK)).execute();
      for (const r of rows) {
        // A row whose blob does not hold `dims` values (a hand edit, a cut copy) is a miss.
        const v = float32FromBytes(r.vector);
        if (v.length === Number(r.dims)) out.set(r.text_hash, v);
      }
    }
    return out;
  },

  async put(model, entries, now) {
    for (let i = 0; i < entries.length; i += CHUNK) {
      await db
        .insertInto('embeddings')
        .values(entries.slice(i, i + CHUNK).map((e) => ({ model, text_hash: e.hash, dims: e.vector.length, vector: float32ToBytes(e.vector), created_at: now })))
        .onConflict((oc) => oc.columns(['model', 'text_hash']).doNothing())
        .execute();
    }
  },
});
