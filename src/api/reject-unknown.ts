import type { FastifyRequest } from 'fastify';
import { inputError } from '../domain/errors.js';

interface ObjectSchema {
  properties: Record<string, unknown>;
}

const isObjectSchema = (s: unknown): s is ObjectSchema => typeof s === 'object' && s !== null && 'properties' in s;

/** Every field of `value` (recursively) that `schema` does not declare, as `where.path`. */
const unknownFields = (value: unknown, schema: ObjectSchema, where: string): string[] => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    if (!Object.hasOwn(schema.properties, k)) return [`${where}.${k}: is not a known field (allowed: ${Object.keys(schema.properties).join(', ')})`];
    const inner = schema.properties[k];
    const nested = isObjectSchema(inner) ? inner : (inner as { anyOf?: unknown[] }).anyOf?.find(isObjectSchema);
    return nested ? unknownFields(v, nested, `${where}.${k}`) : [];
  });
};

/** Names unknown fields before schema validation, whose `additionalProperties` error names only the container. */
export const rejectUnknown =
  (where: 'body' | 'querystring', schema: ObjectSchema) =>
  async (req: FastifyRequest): Promise<void> => {
    const details = unknownFields(where === 'body' ? req.body : req.query, schema, where);
    if (details.length > 0) throw inputError(details[0] as string, details);
  };
