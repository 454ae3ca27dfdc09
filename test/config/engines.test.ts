import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean; os?: string[]; cpu?: string[] }>;
};

/** The oldest Node the package promises to run on (`engines.node` is `>=20.19`). */
const OLDEST = semver.minVersion(pkg.engines.node)?.version ?? '';

describe('every installed package supports the Node versions we declare', () => {
  it('declares engines.node as a lower bound on Node 20', () => {
    expect(OLDEST).toBe('20.19.0');
  });

  it('no package in the lockfile requires a newer Node than engines.node (npm would warn EBADENGINE)', () => {
    const refused: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
      if (!path || !range) continue;
      // Platform-specific optional binaries (rolldown's per-OS builds) are not installed on Linux x64.
      if (entry.optional && (entry.os || entry.cpu)) continue;
      if (!semver.satisfies(OLDEST, range)) refused.push(`${path} (node ${range})`);
    }
    expect(refused).toEqual([]);
  });
});
