import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_BINDINGS, SECRET_PATHS } from '../../src/config/env.js';
import { configSchema } from '../../src/config/schema.js';
import { SOURCE_NAMES } from '../../src/domain/item.js';
import { createLogger } from '../../src/observability/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import { run } from '../../src/cli/main.js';
import { buildSourceHealth, LISTED_SOURCES } from '../../src/sources/health.js';
import { buildSources, SOURCE_DESCRIPTORS, type DescribedSourceName } from '../../src/sources/registry.js';
import type { SourceDescriptor } from '../../src/sources/source.descriptor.js';
import { loopbackHttp } from '../helpers/http.js';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const NOW = new Date('2026-04-13T00:00:00Z');

/** A slice that makes each source configured; a new source fails to compile here until it has one. */
const CONFIGURED = {
  x: { bearerToken: 'test-token', queries: [{ name: 'q', query: 'q' }] },
  reddit: { listings: [{ name: 'l', subreddit: 'selfhosted' }] },
  hackernews: { queries: [{ name: 'q', query: 'q' }] },
  github: { watchedRepos: ['nodejs/node'] },
  arxiv: { queries: [{ name: 'q', category: 'cs.CL' }] },
  rss: { feeds: [{ name: 'f', url: 'https://example.org/feed.xml' }] },
  demo: { enabled: true },
} satisfies Record<DescribedSourceName, unknown>;

/** `harvest <args>` in-process; what it printed to stdout and stderr. */
const cli = async (args: string[]): Promise<string> => {
  const lines: string[] = [];
  const io = { out: (s: string) => void lines.push(s), err: (s: string) => void lines.push(s), isTty: false, columns: 200, stdin: Readable.from([]) };
  await run(args, { io, env: {}, cwd: ROOT });
  return lines.join('\n');
};

/** The README table rows of the "## Sources" section, by the source in their first cell. */
const readmeSourceRows = (): Set<string> => {
  const section = read('README.md').split(/^## /m).find((s) => s.startsWith('Sources')) ?? '';
  return new Set([...section.matchAll(/^\| `([a-z]+)` \|/gm)].map((m) => m[1] ?? ''));
};

const deps = () => ({ http: loopbackHttp(), clock: fixedClock(NOW), sleep: async () => undefined, log: createLogger({ level: 'silent', format: 'json' }) });

describe('source descriptors: a source missing anywhere fails here', () => {
  const names = SOURCE_DESCRIPTORS.map((d) => d.name);

  it('the domain closed list is the descriptors plus `manual` (API-entered signals), and names are unique', () => {
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(SOURCE_NAMES)).toEqual(new Set([...names, 'manual']));
  });

  it('`harvest sources` / GET /sources list every descriptor, in registry order', () => {
    expect(LISTED_SOURCES).toEqual(names);
    expect(buildSourceHealth([], [], [], {}, NOW).map((h) => h.name)).toEqual(names);
  });

  it.each(SOURCE_DESCRIPTORS.map((d): [string, SourceDescriptor] => [d.name, d]))('%s: config slice under sources.<name>, off by default, documented in settings.example.yaml', (name, d) => {
    const defaults = configSchema.parse({}).sources as Record<string, unknown>;
    expect(defaults[name]).toEqual(d.config.parse({}));
    expect(d.isConfigured(d.config.parse({}))).toBe(false);
    const example = parse(read('config/settings.example.yaml')) as { sources: Record<string, unknown> };
    expect(Object.keys(example.sources)).toContain(name);
  });

  it.each(SOURCE_DESCRIPTORS.map((d) => [d.name, d] as const))('%s: its env variables are bound, listed in .env.example and the README, secrets masked', (name, d) => {
    const envExample = read('.env.example');
    const readme = read('README.md');
    for (const e of d.env) {
      expect(ENV_BINDINGS).toContainEqual(expect.objectContaining({ name: e.name, path: ['sources', name, e.key] }));
      expect(envExample).toMatch(new RegExp(`^#?\\s*${e.name}=`, 'm'));
      expect(readme).toContain(`\`${e.name}\``);
      if (e.secret) expect(SECRET_PATHS).toContainEqual(['sources', name, e.key]);
    }
  });

  it.each(SOURCE_DESCRIPTORS.map((d) => [d.name] as const))('%s: a row in the README sources table and its own README', (name) => {
    expect(readmeSourceRows()).toContain(name);
    expect(read(`src/sources/${name}/README.md`).length).toBeGreaterThan(0);
  });

  it('`harvest fetch --help` offers every source (and only those), and `harvest --help` names their variables', async () => {
    const help = await cli(['fetch', '--help']);
    const offered = /only this source \(([^)]*)\)/.exec(help.replace(/\s+/g, ' '))?.[1]?.split(', ');
    expect(offered).toEqual(names);
    const main = await cli(['--help']);
    for (const e of SOURCE_DESCRIPTORS.flatMap((d) => d.env)) expect(main).toContain(e.name);
  });

  it('builds exactly the configured sources, each named as its descriptor, in registry order', () => {
    const cfg = configSchema.parse({ sources: CONFIGURED }).sources;
    expect(buildSources(cfg, deps()).map((s) => s.name)).toEqual(names);
    expect(buildSources(configSchema.parse({}).sources, deps())).toEqual([]);
  });
});
