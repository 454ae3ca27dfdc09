/*
 * Bounds the stored document frequencies (story_df, ADR 0022 amended 2026-12-04). Every batch adds
 * its new terms to a row count kept in story_meta (`df_terms`); once it passes the limit, the rarest
 * terms are deleted — df 1 first, then df ≤ 2, … — until at most `PRUNE_TO` of the limit remain.
 * A pruned term reads df 0, which only makes it look as rare as it is (the in-memory table in
 * src/text/tfidf.ts drops the same terms). Runs in the batch's transaction: a killed run rolls
 * back with its batch, and the same batches prune the same rows.
 */
import type { Transaction } from 'kysely';
import type { Database } from './tables.js';

/** After a prune at most this share of the limit is left, so the next prune is far off. */
export const PRUNE_TO = 0.8;
/** Rarer than this is never needed to get under the limit in practice; a guard against a long loop. */
const MAX_PRUNE_DF = 64;
const META_KEY = 'df_terms';

const countRows = async (trx: Transaction<Database>): Promise<number> => {
  const row = await trx.selectFrom('story_df').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
};

const storedCount = async (trx: Transaction<Database>): Promise<number | undefined> => {
  const row = await trx.selectFrom('story_meta').select('value').where('key', '=', META_KEY).executeTakeFirst();
  return row === undefined ? undefined : Number(row.value);
};

const saveCount = async (trx: Transaction<Database>, value: number): Promise<void> => {
  await trx.insertInto('story_meta').values({ key: META_KEY, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
};

/**
 * Counts `newTerms` more story_df rows and, past `maxTerms`, deletes the rarest terms. Returns how
 * many rows were deleted. A store written before the count existed is counted once, here.
 */
export const pruneDocumentFrequencies = async (trx: Transaction<Database>, newTerms: number, maxTerms: number): Promise<number> => {
  const before = await storedCount(trx);
  let rows = before === undefined ? await countRows(trx) : before + newTerms;
  if (rows <= maxTerms) {
    if (before === undefined || newTerms > 0) await saveCount(trx, rows);
    return 0;
  }
  const target = Math.floor(maxTerms * PRUNE_TO);
  rows = await countRows(trx);
  const start = rows;
  for (let df = 1; rows > target && df <= MAX_PRUNE_DF; df++) {
    await trx.deleteFrom('story_df').where('n', '<=', df).execute();
    rows = await countRows(trx);
  }
  await saveCount(trx, rows);
  return Math.max(0, start - rows);
};
