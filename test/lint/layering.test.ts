import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });

/** The `no-restricted-imports` messages ESLint gives `code` as if it were the file at `path`. */
const layeringErrors = async (path: string, code: string): Promise<string[]> => {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
};

describe('the layering rules (eslint no-restricted-imports, run by `npm test` through `npm run lint`)', () => {
  it('domain imports nothing of ours outside domain', async () => {
    expect(await layeringErrors('src/domain/probe.ts', "import type { Store } from '../store/store.port.js';\nexport type X = Store;\n")).toHaveLength(1);
    expect(await layeringErrors('src/domain/probe.ts', "import type { Item } from './item.js';\nexport type X = Item;\n")).toEqual([]);
  });

  it('the pipeline imports ports, not adapters', async () => {
    expect(await layeringErrors('src/pipeline/probe.ts', "import { createKyselyStore } from '../store/kysely/kysely.store.js';\nexport const x = createKyselyStore;\n")).toHaveLength(1);
    expect(await layeringErrors('src/pipeline/probe.ts', "import { createSlackNotifier } from '../notify/slack/slack.notifier.js';\nexport const x = createSlackNotifier;\n")).toHaveLength(1);
    expect(await layeringErrors('src/jobs/probe.ts', "import { createRssSource } from '../sources/rss/rss.source.js';\nexport const x = createRssSource;\n")).toHaveLength(1);
    expect(await layeringErrors('src/pipeline/probe.ts', "import type { Store } from '../store/store.port.js';\nexport type X = Store;\n")).toEqual([]);
  });

  it('the text layer and story assignment import no I/O and no adapters', async () => {
    expect(await layeringErrors('src/stories/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toHaveLength(1);
    expect(await layeringErrors('src/text/probe.ts', "import type { Store } from '../store/store.port.js';\nexport type X = Store;\n")).toHaveLength(1);
    expect(await layeringErrors('src/stories/probe.ts', "import { tokenize } from '../text/tokenize.js';\nexport const x = tokenize;\n")).toEqual([]);
  });

  it('routes do not import kysely or the store adapter', async () => {
    expect(await layeringErrors('src/api/routes/probe/index.ts', "import { sql } from 'kysely';\nexport const x = sql;\n")).toHaveLength(1);
    expect(await layeringErrors('src/api/routes/probe/index.ts', "import { openDb } from '../../../store/kysely/db.js';\nexport const x = openDb;\n")).toHaveLength(1);
    expect(await layeringErrors('src/api/routes/probe/index.ts', "import type { Store } from '../../../store/store.port.js';\nexport type X = Store;\n")).toEqual([]);
  });
});
