import { Type } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
/** ENTITY_KINDS (src/entities/normalize.ts). */
const Kind = Type.Union([Type.Literal('person'), Type.Literal('lab'), Type.Literal('org'), Type.Literal('product')]);

const entityFields = {
  id: Type.Integer(),
  kind: Kind,
  name: Type.String(),
  namespace: Type.String({ description: '`name` for names found in text and affiliations, else the source whose account it is (arxiv, github, x, …).' }),
  profileUrl: Nullable(Type.String()),
  items: Type.Integer({ description: 'Items naming it or anything merged into it.' }),
  firstSeen: Nullable(Type.String()),
  lastSeen: Nullable(Type.String()),
};

export const EntityBody = Type.Object(entityFields, { additionalProperties: false });

export const EntityMergeBody = Type.Object(
  {
    id: Type.Integer(),
    fromId: Type.Integer(),
    intoId: Type.Integer(),
    name: Type.String({ description: 'The merged entity’s name.' }),
    namespace: Type.String(),
    reason: Type.String(),
    evidence: Type.String({ description: 'JSON: the profile link, or the name and the shared topics.' }),
    createdAt: Type.String(),
    undoneAt: Nullable(Type.String()),
  },
  { additionalProperties: false },
);

export const EntityDetailBody = Type.Object(
  {
    ...entityFields,
    mergedInto: Type.Union([Type.Integer(), Type.Null()]),
    sources: Type.Array(Type.Object({ source: Type.String(), count: Type.Integer() }, { additionalProperties: false })),
    topics: Type.Array(Type.Object({ topic: Type.String(), count: Type.Integer() }, { additionalProperties: false })),
    merged: Type.Array(EntityMergeBody),
    recent: Type.Array(
      Type.Object(
        { id: Type.Integer(), source: Type.String(), title: Nullable(Type.String()), text: Type.String(), url: Nullable(Type.String()), createdAt: Type.String(), role: Type.String(), topic: Nullable(Type.String()) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const EntitiesQuery = Type.Object(
  {
    kind: Type.Optional(Kind),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Part of the name (compared normalised: case, accents and punctuation ignored).' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);

export const EntityParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const SignalEntitiesBody = Type.Object(
  { entities: Type.Array(Type.Object({ id: Type.Integer(), kind: Kind, name: Type.String(), role: Type.String() }, { additionalProperties: false })) },
  { additionalProperties: false },
);
