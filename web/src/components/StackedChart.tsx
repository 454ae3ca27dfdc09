import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { colour, label } from '../format.js';

export interface StackedSeries {
  key: string;
  counts: number[];
}

/**
 * A stacked area chart (uPlot): each series is drawn at its cumulative height, topmost first, so
 * the opaque fills paint the stack. `buckets` are ISO times; the legend is ours (uPlot's would
 * show cumulative values).
 */
/** A vertical marker on the time axis (a spike's start). */
export interface ChartMarker {
  at: string;
  title: string;
}

export const StackedChart = ({ buckets, series, keys, height = 240, title, markers = [] }: { buckets: string[]; series: StackedSeries[]; keys: string[]; height?: number; title: string; markers?: ChartMarker[] }) => {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = buckets.map((b) => Date.parse(b) / 1000);
    const cumulative: number[][] = [];
    let running = xs.map(() => 0);
    for (const s of series) {
      running = running.map((v, i) => v + (s.counts[i] ?? 0));
      cumulative.push(running);
    }
    // Topmost (the sum of all) first.
    const order = series.map((_, i) => series.length - 1 - i);
    const style = getComputedStyle(document.documentElement);
    const axis = style.getPropertyValue('--muted').trim() || '#6b7280';
    const grid = style.getPropertyValue('--grid').trim() || '#e5e7eb';
    const first = xs[0] ?? 0;
    const last = xs[xs.length - 1] ?? 0;
    const marks = markers.map((m) => Date.parse(m.at) / 1000).filter((x) => x >= first && x <= last + 86_400);
    const spikeColour = style.getPropertyValue('--danger').trim() || '#dc2626';
    const opts: uPlot.Options = {
      hooks: {
        // Spike markers: a dashed vertical line at each spike's start.
        draw: [
          (u) => {
            const { ctx } = u;
            ctx.save();
            ctx.strokeStyle = spikeColour;
            ctx.lineWidth = 2;
            ctx.setLineDash([4, 3]);
            for (const x of marks) {
              const px = u.valToPos(x, 'x', true);
              ctx.beginPath();
              ctx.moveTo(px, u.bbox.top);
              ctx.lineTo(px, u.bbox.top + u.bbox.height);
              ctx.stroke();
            }
            ctx.restore();
          },
        ],
      },
      width: Math.max(280, el.clientWidth),
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [
        { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
        { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 48 },
      ],
      series: [
        {},
        ...order.map((i) => {
          const c = colour(series[i]?.key ?? '', keys);
          return { label: series[i]?.key ?? '', stroke: c, fill: c, width: 1, points: { show: false } };
        }),
      ],
    };
    const data: uPlot.AlignedData = [xs, ...order.map((i) => cumulative[i] ?? [])];
    const plot = new uPlot(opts, data, el);
    el.dataset.ready = 'true';
    el.dataset.markers = String(marks.length);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
      delete el.dataset.ready;
    };
  }, [buckets, series, keys, height, markers]);
  return (
    <figure className="chart">
      <div ref={box} className="chart-box" role="img" aria-label={markers.length > 0 ? `${title}; spikes: ${markers.map((m) => m.title).join('; ')}` : title} data-testid="stacked-chart" />
      <figcaption className="legend">
        {series.map((s) => (
          <span key={s.key} className="legend-item">
            <span className="swatch" style={{ background: colour(s.key, keys) }} />
            {label(s.key)} <b>{s.counts.reduce((a, b) => a + b, 0)}</b>
          </span>
        ))}
      </figcaption>
    </figure>
  );
};

/** A tiny inline-SVG bar series (no library): recent volume per source. */
export const Sparkbars = ({ counts, title }: { counts: number[]; title: string }) => {
  const max = Math.max(1, ...counts);
  const w = 4;
  return (
    <svg className="sparkbars" viewBox={`0 0 ${counts.length * w} 24`} preserveAspectRatio="none" role="img" aria-label={title}>
      {counts.map((c, i) => (
        <rect key={i} x={i * w + 0.5} width={w - 1} y={24 - (c / max) * 24} height={(c / max) * 24} />
      ))}
    </svg>
  );
};
