import { squashScore } from '../../../src/scoring/salience.js';
import type { Breakdown } from '../api.js';

interface Step {
  name: string;
  detail: string;
  from: number;
  to: number;
}

/**
 * The salience as a waterfall of its factors (src/scoring/salience.ts): base + engagement +
 * urgency, then × category boost, × sentiment, × recency, then the squashing towards the cap
 * (ADR 0021; a hard cap for scores stored before it).
 */
export const breakdownSteps = (b: Breakdown): Step[] => {
  const steps: Step[] = [];
  let v = 0;
  const add = (name: string, detail: string, to: number) => {
    steps.push({ name, detail, from: v, to });
    v = to;
  };
  add('Base', `${b.base}`, b.base);
  add('Engagement', `+${b.metrics.toFixed(1)} (10·ln(1+${b.raw.toFixed(0)}))`, v + b.metrics);
  add('Urgency', `+${b.urgencyPart.toFixed(1)} (urgency ${b.urgency})`, v + b.urgencyPart);
  if (b.relevancePart !== undefined) add('Relevance', `${b.relevancePart >= 0 ? '+' : ''}${b.relevancePart.toFixed(1)} (${b.relevanceNote ?? 'learned from labels'})`, v + b.relevancePart);
  add('Category boost', `×${b.categoryBoost}`, v * b.categoryBoost);
  add('Sentiment', `×${b.sentimentMultiplier}`, v * b.sentimentMultiplier);
  add('Recency', `×${b.recency.toFixed(3)} (${b.ageHours.toFixed(1)} h old)`, v * b.recency);
  if (b.knee === undefined) add('Cap', `min(${b.cap})`, Math.min(b.cap, Math.max(0, v)));
  else add('Squash', `→ ${b.cap} above ${b.knee * b.cap}`, squashScore(v, b.cap, b.knee));
  return steps;
};

export const BreakdownChart = ({ breakdown, salience }: { breakdown: Breakdown; salience: number | null }) => {
  const steps = breakdownSteps(breakdown);
  const max = Math.max(1, ...steps.flatMap((s) => [s.from, s.to]));
  const rowH = 26;
  const labelW = 120;
  const W = 520;
  const scale = (x: number) => labelW + (x / max) * (W - labelW - 60);
  return (
    <figure className="breakdown">
      <svg viewBox={`0 0 ${W} ${steps.length * rowH + 4}`} role="img" aria-label={`Salience breakdown, total ${salience ?? '—'}`} data-testid="breakdown-chart">
        {steps.map((s, i) => {
          const x1 = scale(Math.min(s.from, s.to));
          const x2 = scale(Math.max(s.from, s.to));
          const up = s.to >= s.from;
          return (
            <g key={s.name} transform={`translate(0 ${i * rowH})`}>
              <text x={0} y={17} className="bd-label">
                {s.name}
              </text>
              <rect x={x1} y={5} width={Math.max(1, x2 - x1)} height={16} className={up ? 'bd-up' : 'bd-down'} />
              <text x={x2 + 4} y={17} className="bd-value">
                {s.to.toFixed(1)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="bd-details">
          {steps.map((s) => (
            <li key={s.name}>
              {s.name}: {s.detail}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
};
