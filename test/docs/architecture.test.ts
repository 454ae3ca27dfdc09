import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');

const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'var', 'test-results', 'coverage']);
const allFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    if (SKIP_DIRS.has(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? [path, ...allFiles(path)] : [path];
  });
const FILES = allFiles(ROOT);
const basenames = new Set(FILES.map((p) => basename(p)));

/** Code spans that name a file or folder: a slash or a file extension, no placeholders or globs. */
const namedPaths = (markdown: string): string[] => {
  const spans = [...markdown.matchAll(/`([^`\s]+)`/g)].map((m) => m[1] ?? '');
  return [...new Set(spans.filter((s) => !/\bfoo\b/.test(s) && /\/|\.(ts|tsx|mjs|js|md|ya?ml|json|sh)$/.test(s) && !/[<>*…{}()|:=]|^\.\.?$|^\.\.\/|^https?:/.test(s) && !s.startsWith('-')))];
};

/** A path exists from the repository root, from `src/`, or (a bare name or a row-relative path) somewhere in the tree. */
const exists = (p: string): boolean => {
  const clean = p.replace(/\/$/, '');
  if (existsSync(join(ROOT, clean)) || existsSync(join(ROOT, 'src', clean))) return true;
  // A bare name, or a path relative to a folder the same table row names (`overlays/single` under deploy/k8s/).
  return clean.includes('/') ? FILES.some((f) => f.endsWith(`/${clean}`)) : basenames.has(clean);
};

describe('docs/ARCHITECTURE.md', () => {
  const paths = namedPaths(DOC);

  it('names files and folders (the check below is not vacuous)', () => {
    expect(paths.length).toBeGreaterThan(40);
  });

  it('every path it names exists', () => {
    expect(paths.filter((p) => !exists(p))).toEqual([]);
  });

  it.each(['add a field to the analysis', 'add a notification channel', 'add a source'])('has the recipe "%s", each naming its files', (title) => {
    const lines = DOC.split('\n');
    const start = lines.findIndex((l) => /^##+ /.test(l) && l.toLowerCase().includes(title));
    expect(start, `a "## … ${title}" section`).toBeGreaterThanOrEqual(0);
    const end = lines.findIndex((l, i) => i > start && /^##+ /.test(l));
    const section = lines.slice(start, end < 0 ? undefined : end).join('\n');
    const files = namedPaths(section).filter((f) => !/\bfoo\b|<kind>/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(exists(f), f).toBe(true);
  });
});
