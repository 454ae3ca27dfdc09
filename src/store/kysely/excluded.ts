import type { ExpressionBuilder } from 'kysely';
import type { Database } from './tables.js';

/** `SET col = excluded.col` for each column: the update half of an upsert, on both dialects. */
export const excludedSet =
  <T extends keyof Database>(columns: readonly string[]) =>
  (eb: ExpressionBuilder<{ excluded: Database[T] } & Database, T>) =>
    Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}` as never)])) as never;
