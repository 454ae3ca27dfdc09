import { Type } from 'typebox';
import { LABEL_VALUES } from '../../../store/labels.port.js';

export const LabelBody = Type.Object({ label: Type.Enum([...LABEL_VALUES], { description: '`relevant`, `irrelevant`, or `clear` to take the label away' }) }, { additionalProperties: false });

const Event = Type.Object({ itemId: Type.Integer(), label: Type.Enum([...LABEL_VALUES]), actor: Type.String(), at: Type.String() });

export const ItemLabelBody = Type.Object({
  itemId: Type.Integer(),
  label: Type.Union([Type.Enum(['relevant', 'irrelevant']), Type.Null()]),
  actor: Type.Union([Type.String(), Type.Null()], { description: 'who gave the current label: `key:` + a fingerprint of the API key, `anonymous` (no keys configured) or `cli`' }),
  at: Type.Union([Type.String(), Type.Null()]),
  history: Type.Array(Event, { description: 'every label given, newest first (at most 50)' }),
});

const StoryEvent = Type.Object({ storyId: Type.Integer(), label: Type.Enum([...LABEL_VALUES]), actor: Type.String(), at: Type.String() });

export const StoryLabelBody = Type.Object({
  storyId: Type.Integer({ description: 'the story labelled (a merged story\'s id reaches the story it merged into)' }),
  label: Type.Union([Type.Enum(['relevant', 'irrelevant']), Type.Null()]),
  actor: Type.Union([Type.String(), Type.Null()]),
  at: Type.Union([Type.String(), Type.Null()]),
  history: Type.Array(StoryEvent, { description: 'every label given, newest first (at most 50)' }),
});

export const LabelsQuery = Type.Object(
  { signals: Type.String({ pattern: '^\\d{1,15}(,\\d{1,15}){0,199}$', description: 'Comma-separated signal ids (at most 200).' }) },
  { additionalProperties: false },
);

export const CurrentLabels = Type.Object({
  labels: Type.Array(Type.Object({ itemId: Type.Integer(), label: Type.Enum(['relevant', 'irrelevant']), at: Type.String() }), { description: 'the labelled ones among the ids asked for' }),
});
