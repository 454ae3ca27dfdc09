/*
 * Entities for the CLI and the API (issue 16): the list, one entity's page, and undoing a merge,
 * over the store port. A merged entity's page is its canonical entity's (the reply says so).
 */
import { conflict, notFound } from '../domain/errors.js';
import type { EntityDetail, EntityListQuery, EntityMergeRow, EntityRow } from '../store/entities.port.js';
import type { Store } from '../store/store.port.js';

/** Items shown on an entity's page. */
export const ENTITY_PAGE_ITEMS = 50;

export const listEntities = (store: Store, q: EntityListQuery): Promise<{ entities: EntityRow[]; total: number }> => store.entities.list(q);

/** One entity; a merged one answers with the entity it was merged into. NOT_FOUND when there is none. */
export const entityPage = async (store: Store, id: number): Promise<EntityDetail> => {
  const e = await store.entities.get(id, ENTITY_PAGE_ITEMS);
  if (!e) throw notFound(`no entity ${id}`);
  if (e.mergedInto === null) return e;
  const into = await store.entities.get(e.mergedInto, ENTITY_PAGE_ITEMS);
  return into ?? e;
};

/** Undoes the merge of `id` into another entity; NOT_FOUND / CONFLICT (not merged) otherwise. */
export const unmergeEntity = async (store: Store, id: number, now: Date): Promise<EntityMergeRow> => {
  const e = await store.entities.get(id, 0);
  if (!e) throw notFound(`no entity ${id}`);
  if (e.mergedInto === null) throw conflict(`entity ${id} (${e.name}) is not merged into another; unmerge takes the id of the merged entity (see "merged" on its page)`);
  const undone = await store.entities.unmerge(id, now.toISOString());
  if (!undone) throw conflict(`entity ${id} is not merged`);
  return undone;
};
