import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'signal-harvester';
let cached: string | undefined;

/**
 * The installed package's root folder (where package.json, data/ and config/ live), found by
 * walking up from this module. It works the same from src/ (tests), from the one-file bundle in
 * dist/ and from an installed copy, where a fixed `../../..` would depend on the file's depth.
 */
export const packageRoot = (): string => {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) return (cached = dir);
      } catch {
        // not ours or unreadable: keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package root above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
};
