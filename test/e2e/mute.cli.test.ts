/*
 * `harvest mute`, `harvest mutes`, `harvest label --story` and the `--muted` view of `top`,
 * `stories` and `export`, through the real binary on a SQLite file holding the demo corpus.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { DEMO_NOW, loadDemo } from '../helpers/demo-store.js';
import { tempDir } from '../helpers/stores.js';

interface Row {
  id: number;
  /** The author's handle. */
  author?: string | null;
}

describe('harvest mute, mutes, label --story', () => {
  let env: NodeJS.ProcessEnv;
  let storyId: number;
  beforeAll(async () => {
    const db = join(tempDir('harvest-mute-'), 'h.db');
    const store = createKyselyStore({ path: db }, fixedClock(DEMO_NOW));
    await store.migrate();
    await loadDemo(store);
    storyId = (await store.stories.list({ limit: 1, offset: 0, minSize: 2 }))[0]!.id;
    await store.close();
    env = cleanEnv({ HARVEST_DB_PATH: db, HARVEST_NOW: DEMO_NOW.toISOString() });
  }, 120_000);

  it('bad input: exit 2 naming the field, nothing stored', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['mute', '--phrase', '  '], /phrase: must not be empty/],
      [['mute', '--source', 'myspace'], /source: unknown source "myspace"/],
      [['mute', '--domain', 'http://x.example/'], /domain: .* is not a domain name/],
      [['mute', '--story', '99999999'], /story: no story 99999999/],
      [['mute'], /give exactly one of --author/],
      [['mute', '--author', 'a', '--source', 'x'], /got --author and --source/],
      [['mutes', '--remove', '4242'], /no mute rule 4242/],
      [['label', '--story', '99999999', 'relevant'], /no story 99999999: nothing was labelled/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, { env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect((await runCli(['mutes'], { env })).stdout).toMatch(/no mute rules/);
  }, 120_000); // nine CLI processes in a row

  it('a muted author leaves `harvest top` unless --muted include; `mutes` lists and removes the rule', async () => {
    const before = JSON.parse((await runCli(['top', '--limit', '5', '--json'], { env })).stdout) as Row[];
    const handle = before[0]!.author!;
    const m = await runCli(['mute', '--author', `@${handle}`, '--json'], { env });
    expect(m.code, m.stderr).toBe(0);
    const rule = JSON.parse(m.stdout) as { id: number; kind: string; value: string; actor: string };
    expect(rule).toMatchObject({ kind: 'author', value: handle.replace(/^@/, '').toLowerCase(), actor: 'cli' });
    const after = JSON.parse((await runCli(['top', '--limit', '200', '--json'], { env })).stdout) as Row[];
    expect(after.map((r) => r.id)).not.toContain(before[0]!.id);
    const shown = JSON.parse((await runCli(['top', '--limit', '5', '--json', '--muted', 'include'], { env })).stdout) as Row[];
    expect(shown.map((r) => r.id)).toEqual(before.map((r) => r.id));
    const only = JSON.parse((await runCli(['top', '--limit', '200', '--json', '--muted', 'only'], { env })).stdout) as Row[];
    expect(only.length).toBeGreaterThan(0);
    // `harvest export` leaves the muted author out unless --muted include; only exports just them
    const exported = async (...extra: string[]): Promise<number[]> => {
      const r = await runCli(['export', '--format', 'ndjson', '--output', '-', ...extra], { env });
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as Row).id);
    };
    const [hidden, all, justMuted] = [await exported(), await exported('--muted', 'include'), await exported('--muted', 'only')];
    expect(hidden).not.toContain(before[0]!.id);
    expect(justMuted).toContain(before[0]!.id);
    expect(hidden.length + justMuted.length).toBe(all.length);
    const listed = await runCli(['mutes', '--json'], { env });
    expect((JSON.parse(listed.stdout) as Array<{ id: number }>).map((r) => r.id)).toEqual([rule.id]);
    expect((await runCli(['mutes'], { env })).stdout).toMatch(/author/);
    expect((await runCli(['mutes', '--remove', String(rule.id)], { env })).stdout).toMatch(`removed mute rule ${rule.id}`);
    expect((await runCli(['mutes', '--json'], { env })).stdout.trim()).toBe('[]');
  });

  it('labels a story from the CLI (last one wins, history kept) and mutes it out of `harvest stories`', async () => {
    const a = await runCli(['label', '--story', String(storyId), 'relevant'], { env });
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(`story ${storyId}: relevant (1 in its history)`);
    const b = JSON.parse((await runCli(['label', '--story', String(storyId), 'irrelevant', '--json'], { env })).stdout) as { label: string; actor: string; history: unknown[] };
    expect(b).toMatchObject({ label: 'irrelevant', actor: 'cli' });
    expect(b.history).toHaveLength(2);
    const listed = (): Promise<number[]> => runCli(['stories', '--limit', '200', '--json'], { env }).then((r) => (JSON.parse(r.stdout) as Row[]).map((s) => s.id));
    expect(await listed()).toContain(storyId);
    expect((await runCli(['mute', '--story', String(storyId)], { env })).stdout).toMatch(/muted: story/);
    expect(await listed()).not.toContain(storyId);
    expect((await runCli(['mute', '--story', String(storyId)], { env })).stdout).toMatch(/already muted/);
  });
});
