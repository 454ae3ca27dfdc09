import { InvalidArgumentError } from 'commander';

/** Commander argument parsers that reject bad values with a message naming the rule. */
export const intOption =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`must be an integer between ${min} and ${max}`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`must be an integer between ${min} and ${max}`);
    return n;
  };

export const numberOption =
  (min: number, max = Number.POSITIVE_INFINITY) =>
  (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('must be a number');
    if (n < min || n > max) throw new InvalidArgumentError(`must be between ${min} and ${max === Number.POSITIVE_INFINITY ? '∞' : max}`);
    return n;
  };

export const choiceOption =
  <T extends string>(choices: readonly T[]) =>
  (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of: ${choices.join(', ')}`);
    return value as T;
  };
