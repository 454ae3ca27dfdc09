import type { FastifyRequest } from 'fastify';
import { hasControlChars } from '../domain/item.sanitize.js';
import { inputError } from '../domain/errors.js';

const MAX_DEPTH = 32;

/** The path of the first string (key or value) in `value` holding a control character, or null. */
const firstControlChar = (value: unknown, where: string, depth = 0): string | null => {
  if (typeof value === 'string') return hasControlChars(value) ? where : null;
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const hit = firstControlChar(v, `${where}[${i}]`, depth + 1);
      if (hit !== null) return hit;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (hasControlChars(k)) return `${where} (a field name)`;
    const hit = firstControlChar(v, `${where}.${k}`, depth + 1);
    if (hit !== null) return hit;
  }
  return null;
};

/**
 * Refuses API input holding a control character (NUL and the other C0 controls except tab, line
 * feed and carriage return, and DEL) in the path, query string or JSON body, before any route sees
 * it: PostgreSQL cannot store NUL, and no field we accept means anything with one. 400, nothing changed.
 */
export const rejectControlChars = async (req: FastifyRequest): Promise<void> => {
  const where = firstControlChar(req.params, 'params') ?? firstControlChar(req.query, 'querystring') ?? firstControlChar(req.body, 'body');
  if (where !== null) throw inputError(`${where}: contains a control character (such as U+0000); remove it`, [`${where}: control character`]);
};
