import { describe, expect, it } from 'vitest';
import { extractEntities, type EntityItem } from '../../src/entities/extract.js';
import { normalizeName } from '../../src/entities/normalize.js';
import { buildGazetteer, textMentions } from '../../src/entities/text-entities.js';
import { mapArxivEntry, parseArxivFeed } from '../../src/sources/arxiv/map.js';
import { mapGithubIssue, mapGithubRepo } from '../../src/sources/github/map.js';
import { readSample, readSampleJson } from '../fakes/api-fake.js';

const gaz = buildGazetteer();
const ctx = { queryName: 'q', fetchedAt: '2026-12-01T00:00:00.000Z' };
const asEntityItem = (it: { source: string; title: string | null; text: string; url: string | null; author: { id: string | null; handle: string | null; name: string | null }; raw: unknown }): EntityItem => ({
  source: it.source,
  title: it.title,
  text: it.text,
  url: it.url,
  authorId: it.author.id,
  authorHandle: it.author.handle,
  authorName: it.author.name,
  raw: JSON.parse(JSON.stringify(it.raw ?? null)) as unknown,
});

describe('normalizeName', () => {
  it.each([
    ['Brindle-Post Inc.', 'brindlepostinc'],
    ['@BrindlePost', 'brindlepost'],
    ['  Zoë   Müller ', 'zoemuller'],
    ['Ｏｐｅｎ ＡＩ', 'openai'],
  ])('%s → %s', (input, out) => expect(normalizeName(input)).toBe(out));
});

describe('extractEntities', () => {
  it('an arXiv paper: every author a person, each affiliation an org or a lab (recorded response)', () => {
    const [entry] = parseArxivFeed(readSample('arxiv/arxivpy_id_astro-ph_0601001_s0_m100_3150dca9dc76.body.xml')).entries;
    if (!entry) throw new Error('fixture has no entry');
    const got = extractEntities(asEntityItem(mapArxivEntry(entry, ctx)), gaz);
    const people = got.filter((m) => m.role === 'author').map((m) => [m.namespace, m.name, m.kind]);
    expect(people).toEqual([
      ['arxiv', 'Andrew Gould', 'person'],
      ['arxiv', 'Susan Dorsher', 'person'],
      ['arxiv', 'B. Scott Gaudi', 'person'],
      ['arxiv', 'Andrzej Udalski', 'person'],
    ]);
    const affs = got.filter((m) => m.role === 'affiliation').map((m) => [m.name, m.kind]);
    expect(affs).toEqual([
      ['Ohio State', 'org'],
      ['CfA', 'org'],
      ['Warsaw University Observatory', 'lab'],
    ]);
  });

  it('a GitHub repository: its owner and the repository itself, with profile links (recorded response)', () => {
    const page = readSampleJson<{ items: unknown[] }>('github/openapi-example_repo-search-result-item-paginated.json');
    const got = extractEntities(asEntityItem(mapGithubRepo(page.items[0] as never, ctx)), gaz);
    const owner = got.find((m) => m.role === 'owner');
    const repo = got.find((m) => m.role === 'subject');
    expect(owner).toMatchObject({ namespace: 'github', key: 'dtrupenn', kind: 'person', profileUrl: 'https://github.com/dtrupenn' });
    expect(repo).toMatchObject({ namespace: 'github', key: 'dtrupenn/tetris', kind: 'product', name: 'dtrupenn/Tetris', profileUrl: 'https://github.com/dtrupenn/Tetris' });
  });

  it('a GitHub issue: its author a contributor, its repository from the URL (recorded response)', () => {
    const page = readSampleJson<{ items: unknown[] }>('github/openapi-example_issue-search-result-item-paginated.json');
    const item = mapGithubIssue(page.items[0] as never, ctx);
    const got = extractEntities(asEntityItem(item), gaz);
    expect(got.find((m) => m.role === 'contributor')).toMatchObject({ namespace: 'github', kind: 'person' });
    expect(got.find((m) => m.role === 'subject')?.kind).toBe('product');
  });

  it('elsewhere: the handle, a linked repository, and names in the text, each once', () => {
    const got = extractEntities(
      {
        source: 'x',
        title: null,
        text: 'the ThreadSumm leaderboard moved: https://github.com/tideline-labs/threadsumm — @brindlepost and Brindlepost should read it',
        url: null,
        authorId: '42',
        authorHandle: 'hexwren',
        authorName: 'Hex Wren',
        raw: {},
      },
      gaz,
    );
    expect(got.map((m) => [m.namespace, m.key, m.kind, m.role])).toEqual([
      ['x', 'hexwren', 'person', 'author'],
      ['github', 'tideline-labs/threadsumm', 'product', 'mention'],
      ['name', 'threadsumm', 'product', 'mention'],
      ['name', 'brindlepost', 'product', 'mention'],
    ]);
    expect(got[0]?.profileUrl).toBe('https://x.com/hexwren');
  });

  it('bad input: empty text, a megabyte of capitals, odd raw records — bounded, no throw', () => {
    expect(extractEntities({ source: 'arxiv', title: null, text: '', url: null, authorId: null, authorHandle: null, authorName: null, raw: { authors: 'nope' } }, gaz)).toEqual([]);
    const big = 'Alpha Labs '.repeat(100_000);
    expect(textMentions(big, gaz).length).toBeLessThanOrEqual(20);
    expect(extractEntities({ source: 'github', title: 'x', text: '', url: null, authorId: null, authorHandle: null, authorName: null, raw: null }, gaz)).toEqual([]);
  });
});

describe('textMentions', () => {
  it.each([
    ['Researchers at Tideline Labs and the University of Oslo released ChatRetrieve', [['Tideline Labs', 'lab'], ['University of Oslo', 'org'], ['ChatRetrieve', 'product']]],
    ['Ada Lovelace wrote the first program; Acme Corp sells it', [['Ada Lovelace', 'person'], ['Acme Corp', 'org']]],
    ['The Fall Of Bacchus. Anyone else?', []],
    ['ngl brindle boxer puppy update', []],
    // An org or lab suffix written in lower case after a capitalised name still counts; alone it does not.
    ['Prestige university indore, India', [['Prestige University', 'org']]],
    ['a paper from Tideline labs and Acme inc. on retrieval', [['Tideline Labs', 'lab'], ['Acme Inc', 'org']]],
    ['the university said the labs are closed', []],
  ])('%s', (text, want) => expect(textMentions(text, gaz).map((m) => [m.name, m.kind])).toEqual(want));

  it('a configured gazetteer entry is found in any case', () => {
    const g = buildGazetteer([{ name: 'Quillfeather', kind: 'product' }]);
    expect(textMentions('switched to quillfeather today', g)).toEqual([{ name: 'Quillfeather', kind: 'product' }]);
  });
});
