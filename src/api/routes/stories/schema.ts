import { Type } from 'typebox';
import { MutedParam } from '../mutes/schema.js';
import { nullable } from '../../../domain/schema-tools.js';
import { SourceSchema as Source } from '../../../domain/signal.schema.js';

export const StoriesQuery = Type.Object(
  {
    page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    search: Type.Optional(Type.String({ maxLength: 200, description: 'Words of a member\'s text or title, every one required, case-insensitive; punctuation only separates words.' })),
    source: Type.Optional(Source),
    minSalience: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'Only stories with at least this salience.' })),
    minSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Only stories with at least this many members.' })),
    since: Type.Optional(Type.String({ format: 'date-time', description: 'Only stories with a member created at or after this instant (ISO-8601).' })),
    muted: MutedParam,
  },
  { additionalProperties: false },
);

export const StoryParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
export const StoryDetailQuery = Type.Object(
  { members: Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'How many members to list, newest first.' }) },
  { additionalProperties: false },
);

export const StoryBreakdown = Type.Object(
  {
    loudest: Type.Number({ description: 'The loudest member\'s salience.' }),
    sources: Type.Number({ description: 'Points for distinct sources beyond the first.' }),
    authors: Type.Number({ description: 'Points for distinct authors.' }),
    growth: Type.Number({ description: 'Points for members that arrived lately.' }),
    members: Type.Integer(),
    recent: Type.Integer({ description: 'Members created within `scoring.stories.growthHours`.' }),
  },
  { description: 'How the story\'s salience was made (ADR 0023).' },
);

export const Story = Type.Object({
  id: Type.Integer({ description: 'The story\'s id: its first member\'s signal id.' }),
  title: Type.String({ description: 'The loudest member\'s title or the start of its text.' }),
  leadItemId: Type.Integer(),
  size: Type.Integer({ description: 'Members.' }),
  sources: Type.Array(Source),
  authors: Type.Integer({ description: 'Distinct author handles.' }),
  firstAt: Type.String({ description: 'The first member\'s creation time.' }),
  lastAt: Type.String({ description: 'The latest member\'s creation time.' }),
  salience: nullable(Type.Number()),
  breakdown: nullable(StoryBreakdown),
});

export const StoryMember = Type.Object({
  itemId: Type.Integer(),
  source: Source,
  title: nullable(Type.String()),
  text: Type.String(),
  url: nullable(Type.String()),
  author: nullable(Type.String()),
  createdAt: Type.String(),
  salience: nullable(Type.Number()),
  via: Type.String({ description: 'How it joined: new, url, incident (same outage/security category and product as a breaking story), near-duplicate or similarity.' }),
});

export const StoryDetail = Type.Object({
  ...Story.properties,
  members: Type.Array(StoryMember, { description: 'The latest members (`?members=N`), newest first.' }),
  timeline: Type.Array(Type.Object({ hour: Type.String(), count: Type.Integer() }), { description: 'Members per hour (UTC), oldest first.' }),
});

export const StoryPage = Type.Object({ items: Type.Array(Story), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

/** What `/signals/{id}` says of the signal's story. */
export const SignalStory = nullable(Type.Object({ id: Type.Integer(), size: Type.Integer(), title: Type.String() }, { description: 'The story the signal belongs to; null until the pipeline has assigned it.' }));
