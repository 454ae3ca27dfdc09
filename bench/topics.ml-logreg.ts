/*
 * The comparison package for bench:topics: ml-logistic-regression (one-vs-all, dense batch gradient
 * descent over an ml-matrix). Dense, so it gets the `columns` most frequent unigram features only.
 */
import { Matrix } from 'ml-matrix';
import LogisticRegression from 'ml-logistic-regression';
import { bucketIdf, columnsOf, hashedTerms, vectorize } from '../src/topics/features.js';
import type { TopicExample } from '../src/topics/model.js';

export const mlLogisticRegression = (train: readonly TopicExample[], test: readonly TopicExample[], opts: { columns: number; steps: number }): { predicted: string[]; seconds: number } => {
  const t0 = performance.now();
  const feat = { bigrams: false, chars: 0, bits: 18 };
  const docs = train.map((e) => hashedTerms(e.text, feat));
  const kept = [...bucketIdf(docs, 1, feat.bits)].sort((a, b) => a[1] - b[1] || a[0] - b[0]).slice(0, opts.columns);
  const column = columnsOf(
    kept.map(([b]) => b),
    feat.bits,
  );
  const idf = kept.map(([, v]) => v);
  const dense = (d: number[]): number[] => {
    const row = new Array<number>(kept.length).fill(0);
    const v = vectorize(d, column, idf);
    v.idx.forEach((c, k) => (row[c] = v.val[k] as number));
    return row;
  };
  const labels = [...new Set(train.map((e) => e.label))].sort();
  const X = new Matrix(docs.map(dense));
  const Y = Matrix.columnVector(train.map((e) => labels.indexOf(e.label)));
  const lr = new LogisticRegression({ numSteps: opts.steps, learningRate: 5e-3 });
  lr.train(X, Y);
  const pred = lr.predict(new Matrix(test.map((e) => dense(hashedTerms(e.text, feat))))) as number[];
  return { predicted: pred.map((p) => labels[p] as string), seconds: (performance.now() - t0) / 1000 };
};
