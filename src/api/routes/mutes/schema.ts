import { Type } from 'typebox';
import { MUTE_KINDS, MUTED_VIEWS } from '../../../domain/mute.js';

/** `?muted=` on the signal and story lists (ADR 0029). */
export const MutedParam = Type.Optional(
  Type.Enum([...MUTED_VIEWS], { description: 'Signals or stories a mute rule matches: `exclude` (hidden, the default), `include` (listed with the rest) or `only`.' }),
);

export const NewMuteBody = Type.Object(
  {
    kind: Type.Enum([...MUTE_KINDS], { description: 'What to mute: an author (handle or name), a source, a domain (and its subdomains), a phrase (in title or text, any case) or a story (by id).' }),
    value: Type.String({ maxLength: 300, description: 'The author, source name, domain (example.com), phrase or story id.' }),
  },
  { additionalProperties: false },
);

export const Mute = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum([...MUTE_KINDS]),
  value: Type.String({ description: 'normalised: lower case, an author without `@`' }),
  actor: Type.String({ description: 'who made it: `key:` + a fingerprint of the API key, `anonymous` or `cli`' }),
  createdAt: Type.String(),
});

export const MuteList = Type.Object({ mutes: Type.Array(Mute) });
export const MuteParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
