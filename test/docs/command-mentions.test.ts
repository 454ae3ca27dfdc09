import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';

const ROOT = join(import.meta.dirname, '..', '..');

const filesUnder = (dir: string, ext: RegExp): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : filesUnder(path, ext);
    return ext.test(name) ? [path] : [];
  });

/** The verbs `harvest` really has (top-level commands). */
const verbs = (): Set<string> => {
  const program = buildProgram({ io: { out: () => undefined, err: () => undefined, isTty: false }, env: {}, cwd: ROOT, exitCode: 0 } as never);
  return new Set(program.commands.map((c) => c.name()));
};

describe('every `harvest <command>` the dashboard and the docs tell users to run exists', () => {
  const known = verbs();
  const sources = [...filesUnder(join(ROOT, 'web', 'src'), /\.tsx?$/), join(ROOT, 'README.md'), ...filesUnder(join(ROOT, 'docs'), /\.md$/)];

  it.each(sources.map((f) => [relative(ROOT, f), f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const unknown = [...text.matchAll(/`(?:npx )?harvest ([a-z][a-z-]*)/g)].map((m) => m[1] ?? '').filter((v) => !known.has(v));
    expect(unknown).toEqual([]);
  });
});
