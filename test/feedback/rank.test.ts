import { describe, expect, it } from 'vitest';
import { rocchioCentroid } from '../../src/feedback/centroid.js';
import { centroidShare, fitRelevance } from '../../src/feedback/model.js';
import { rankBatch, scoreItems, type LabelledText, type RankItem } from '../../src/feedback/rank.js';
import { decision, trainSvm } from '../../src/feedback/svm.js';
import { effectiveMinDf, textTerms, vectorize } from '../../src/feedback/vectorizer.js';

const ASTRO = ['galaxy cluster redshift survey with the dark energy camera', 'supernova light curves constrain the hubble constant', 'exoplanet transit photometry from the kepler telescope', 'dark matter halo profiles in dwarf galaxy simulations', 'gravitational waves from binary neutron star mergers', 'cosmic microwave background polarization and inflation', 'stellar spectra of metal poor stars in the galactic halo', 'radio telescope observations of pulsar timing arrays'];
const BIO = ['protein folding dynamics of membrane transporters', 'gene expression atlas of the mouse brain cortex', 'crispr screens identify regulators of cell division', 'antibiotic resistance genes spread among gut bacteria', 'single cell rna sequencing of immune cells in tumors', 'enzyme kinetics of bacterial metabolism under stress', 'neural circuits controlling feeding behavior in flies', 'evolution of protein domains across bacterial genomes'];

const items: RankItem[] = [...ASTRO, ...BIO].map((text, i) => ({ id: `p${i}`, text }));

describe('feedback vectorizer', () => {
  it('makes unit rows of stemmed terms and adjacent pairs, stop words out', () => {
    expect(textTerms('The galaxies of dark matter', 2)).toEqual(['galaxi', 'dark', 'matter', 'galaxi dark', 'dark matter']);
    const { rows, vocabulary } = vectorize(['dark matter galaxy', 'dark matter halo', 'protein folding'], { ngrams: 1, minDf: 1, maxDf: 1, maxFeatures: 100 });
    expect(vocabulary).toEqual(['dark', 'fold', 'galaxi', 'halo', 'matter', 'protein']);
    for (const r of rows) expect(Math.hypot(...r.val)).toBeCloseTo(1, 9);
    // rarer terms weigh more
    const first = rows[0]!;
    const w = new Map([...first.idx].map((j, k) => [vocabulary[j], first.val[k]]));
    expect(w.get('galaxi')!).toBeGreaterThan(w.get('dark')!);
  });

  it('cuts the vocabulary by df and size; min df scales down for small inputs', () => {
    expect(effectiveMinDf(5, 10)).toBe(1);
    expect(effectiveMinDf(5, 1500)).toBe(3);
    expect(effectiveMinDf(5, 100_000)).toBe(5);
    const texts = Array.from({ length: 20 }, (_, i) => `common word${i % 4} rare${i}`);
    const v = vectorize(texts, { ngrams: 1, minDf: 1, maxDf: 0.1, maxFeatures: 3 });
    // "common" is in every document (over 5 and 10 %): out; word0..3 (df 5) are the most frequent kept
    expect(v.vocabulary).not.toContain('common');
    expect(v.vocabulary).toHaveLength(3);
    expect(v.vocabulary.every((t) => t.startsWith('word'))).toBe(true);
  });
});

describe('linear SVM (dual coordinate descent, balanced classes)', () => {
  it('separates two classes and is deterministic', () => {
    const { rows, vocabulary } = vectorize(items.map((i) => i.text), { ngrams: 1, minDf: 1, maxDf: 1, maxFeatures: 1000 });
    const y = items.map((_, i) => i < ASTRO.length);
    const m = trainSvm(rows, y, vocabulary.length, { c: 1 });
    rows.forEach((r, i) => expect(decision(m, r) > 0).toBe(y[i]));
    expect(trainSvm(rows, y, vocabulary.length, { c: 1 }).w).toEqual(m.w);
  });

  it('balances classes: one positive among many still scores above the negatives', () => {
    const { rows, vocabulary } = vectorize(items.map((i) => i.text), { ngrams: 1, minDf: 1, maxDf: 1, maxFeatures: 1000 });
    const y = items.map((_, i) => i === 0);
    const m = trainSvm(rows, y, vocabulary.length, { c: 0.1 });
    const s = rows.map((r) => decision(m, r));
    expect(s.indexOf(Math.max(...s))).toBe(0);
  });

  it('the Rocchio centroid is a unit vector', () => {
    const { rows, vocabulary } = vectorize(items.map((i) => i.text), { ngrams: 1, minDf: 1, maxDf: 1, maxFeatures: 1000 });
    const c = rocchioCentroid(rows.slice(0, 3), rows.slice(10), vocabulary.length);
    expect(Math.hypot(...c)).toBeCloseTo(1, 9);
  });
});

describe('rankBatch', () => {
  const astroLabels: LabelledText[] = [
    { id: 'l1', text: 'redshift survey of distant galaxy clusters', label: 1 },
    { id: 'l2', text: 'dark energy and the expansion of the universe from supernova data', label: 1 },
    { id: 'l3', text: 'telescope observations of stars and pulsar signals', label: 1 },
  ];

  it('with positives only, ranks the same subject first (the unlabelled items are the negatives)', () => {
    const r = rankBatch(astroLabels, items);
    expect(r).toHaveLength(items.length);
    const top = r.slice(0, 6).map((x) => Number(String(x.id).slice(1)));
    expect(top.filter((i) => i < ASTRO.length).length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < r.length; i++) expect(r[i - 1]!.score).toBeGreaterThanOrEqual(r[i]!.score);
  });

  it('learns from negatives when given, and the last label of an id wins', () => {
    const train: LabelledText[] = [
      { id: 'a', text: 'protein gene cell bacteria', label: 0 },
      { id: 'b', text: 'galaxy telescope stars universe', label: 0 },
      { id: 'a', text: 'protein gene cell bacteria', label: 1 },
    ];
    const r = rankBatch(train, items, { limit: 4 });
    expect(r).toHaveLength(4);
    expect(r.every((x) => Number(String(x.id).slice(1)) >= ASTRO.length)).toBe(true);
  });

  it('leaves training ids out unless asked, matching ids as strings', () => {
    const withIds: RankItem[] = [{ id: 7, text: 'galaxy redshift survey' }, ...items];
    const train: LabelledText[] = [{ id: '7', text: 'galaxy redshift survey', label: 1 }];
    expect(rankBatch(train, withIds).map((x) => x.id)).not.toContain(7);
    expect(rankBatch(train, withIds, { includeTrain: true })[0]!.id).toBe(7);
  });

  it('refuses a training set without positives, naming why', () => {
    expect(() => scoreItems([], items)).toThrow(/no labelled lines/);
    expect(() => scoreItems([{ id: 1, text: 'x', label: 0 }, { id: 2, text: 'y', label: 0 }], items)).toThrow(/no positives: all 2 labelled ids are 0/);
  });

  it('falls back to the centroid when every item is labelled relevant', () => {
    const train: LabelledText[] = items.map((i) => ({ ...i, label: 1 }));
    expect(rankBatch(train, items)).toEqual([]);
    const r = rankBatch(train, items, { includeTrain: true });
    expect(r).toHaveLength(items.length);
    for (const x of r) expect(x.score).toBeGreaterThan(0); // cosines to the centroid of them all
  });

  it('ranks an empty input to nothing and handles empty texts', () => {
    expect(rankBatch(astroLabels, [])).toEqual([]);
    const r = rankBatch(astroLabels, [{ id: 'e', text: '' }, ...items]);
    expect(r).toHaveLength(items.length + 1);
    expect(r.findIndex((x) => x.id === 'e')).toBeGreaterThan(r.findIndex((x) => x.id === 'p0'));
  });
});

describe('fastTerms (the text layer\'s bulk path)', () => {
  it('gives the same terms as tokenize → termsOf, for ASCII and for other scripts', async () => {
    const { fastTerms, termsOfTokens } = await import('../../src/text/terms.js');
    const { tokenize } = await import('../../src/text/tokenize.js');
    const texts = [
      "The Company's new GPU: 2026 benchmarks &amp; results, see https://Example.com/Path?utm_source=x #MachineLearning @OpenAI don't",
      'Naïve Bayes für Klassifikation — café résumé',
      '東京で地震が発生 Tokyo earthquake',
      'foo_bar covid19 x2 e-mail',
    ];
    for (const t of texts) expect(fastTerms(t, 5000, (run) => tokenize(run))).toEqual(termsOfTokens(tokenize(t)).map((x) => x.term));
  });
});

describe('relevance model settings (weak negatives, per-row weights, centroid blend)', () => {
  const fitted = () => vectorize(items.map((i) => i.text), { ngrams: 1, minDf: 1, maxDf: 1, maxFeatures: 1000 });

  it('a per-row weight of the C moves the boundary toward the lighter rows', () => {
    const { rows, vocabulary } = fitted();
    const y = items.map((_, i) => i < ASTRO.length);
    const plain = trainSvm(rows, y, vocabulary.length, { c: 0.05 });
    const heavy = trainSvm(rows, y, vocabulary.length, { c: 0.05, weights: y.map((pos) => (pos ? 20 : 1)) });
    const margin = (m: ReturnType<typeof trainSvm>): number => Math.min(...rows.filter((_, i) => y[i]).map((r) => decision(m, r)));
    expect(margin(heavy)).toBeGreaterThan(margin(plain));
  });

  it('with explicit negatives, negativeWeight > 0 also trains on the unlabelled rows as weak negatives; 0 uses the labels alone', () => {
    const { rows, vocabulary } = fitted();
    // one astronomy positive, one biology negative; the other rows are unlabelled
    const input = { labelled: [rows[0]!, rows[8]!], labels: [true, false], unlabelled: rows.filter((_, i) => i !== 0 && i !== 8), dims: vocabulary.length, c: 0.1 };
    const alone = fitRelevance({ ...input, negativeWeight: 0 });
    const weak = fitRelevance({ ...input, negativeWeight: 1 });
    expect(alone.kind).toBe('svm');
    // a term only in an unlabelled text ("kepler", row 2) gets weight only when the unlabelled rows train
    const kepler = vectorize(items.map((i) => i.text), { ngrams: 1, minDf: 1, maxDf: 1, maxFeatures: 1000 }).vocabulary.indexOf('kepler');
    expect(kepler).toBeGreaterThanOrEqual(0);
    expect(alone.w[kepler]).toBe(0);
    expect(weak.w[kepler]).toBeLessThan(0);
    // the explicit negative's weight counts: heavier, it is pushed further down
    const heavier = fitRelevance({ ...input, negativeWeight: 4 });
    expect(decision(heavier, rows[8]!) - decision(heavier, rows[0]!)).toBeLessThan(decision(weak, rows[8]!) - decision(weak, rows[0]!));
  });

  it('the centroid weight fades after centroidLabels positives and is added to the SVM at unit length', () => {
    expect(centroidShare(0.2, 5, 3)).toBe(0.2);
    expect(centroidShare(0.2, 5, 5)).toBe(0.2);
    expect(centroidShare(0.2, 5, 20)).toBeCloseTo(0.05, 12);
    expect(centroidShare(0.2, 0, 50)).toBe(0.2);
    const { rows, vocabulary } = fitted();
    const input = { labelled: rows.slice(0, 2), labels: [true, true], unlabelled: rows.slice(2), dims: vocabulary.length, c: 0.1 };
    const svm = fitRelevance(input);
    const blended = fitRelevance({ ...input, centroidWeight: 0.5, centroidLabels: 0 });
    const centroid = rocchioCentroid(rows.slice(0, 2), [], vocabulary.length);
    const norm = Math.hypot(...svm.w);
    blended.w.forEach((w, j) => expect(w).toBeCloseTo((svm.w[j] as number) / norm + 0.5 * (centroid[j] as number), 9));
  });

  it('the shipped settings: from two astronomy positives and a biology negative, the text sharing their terms ranks first and the one sharing the negative\'s last', () => {
    const train: LabelledText[] = [
      { id: 'p0', text: ASTRO[0]!, label: 1 },
      { id: 'p1', text: ASTRO[1]!, label: 1 },
      { id: 'p8', text: BIO[0]!, label: 0 },
    ];
    const ranked = rankBatch(train, items);
    // p3 shares "dark" and "galaxy" with p0; p15 shares "protein" with the negative p8
    expect(ranked[0]?.id).toBe('p3');
    expect(ranked[ranked.length - 1]?.id).toBe('p15');
  });
});
