import { Type, type TSchema } from 'typebox';

/**
 * The field schemas named in `keys`, in the order of `keys`. `Type.Pick` keeps the source's order,
 * but a JSON body follows its schema's order (fast-json-stringify), and each view has its own.
 */
export const pickProps = <P extends Record<string, TSchema>, const K extends ReadonlyArray<keyof P & string>>(props: P, keys: K): { [I in K[number]]: P[I] } =>
  Object.fromEntries(keys.map((k) => [k, props[k]])) as { [I in K[number]]: P[I] };

/** `null` first, so Ajv's type coercion never turns a JSON null into "" on a string branch. */
export const nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);


/** Keywords that check a value rather than describe its JSON type. */
const VALUE_CHECKS = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems']);

const isStringEnum = (node: object): boolean => {
  const values = (node as { enum?: unknown }).enum;
  return Array.isArray(values) && values.every((v) => typeof v === 'string');
};

/**
 * A response's schema: the JSON types of `schema`, without its value checks (ranges, lengths, the
 * values of an enum). A response shows what is stored, and its serializer must never fail on a
 * stored value that older code let through; validation is for input (requests, LLM replies, cache).
 */
export const wire = <T extends TSchema>(schema: T): T => {
  const copy = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(copy);
    if (node === null || typeof node !== 'object') return node;
    if (isStringEnum(node)) return { type: 'string' };
    const out: Record<string, unknown> = {};
    for (const key of Object.getOwnPropertyNames(node)) {
      if (VALUE_CHECKS.has(key)) continue;
      const d = Object.getOwnPropertyDescriptor(node, key) as PropertyDescriptor;
      Object.defineProperty(out, key, { ...d, value: d.enumerable ? copy(d.value) : d.value });
    }
    return out;
  };
  return copy(schema) as T;
};
