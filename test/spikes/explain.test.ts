import { describe, expect, it } from 'vitest';
import { spikeSentence } from '../../src/spikes/explain.js';

/** The alert's sentence: the hour when the hour stands out, else the 5-minute burst the detector raised. */
describe('spikeSentence', () => {
  const spike = { p: 0.0002, count: 12, expected: 0.3, spread: 0.5 };
  const at = (hourCount: number, usualPerHour: number, spreadPerHour: number) => spikeSentence({ label: 'source demo', hourCount, usualPerHour, spreadPerHour, spike: spike as never });

  it('speaks of the hour when the hour is above its usual range', () => {
    expect(at(42, 3, 2)).toBe('source demo: 42 mentions in the last hour, usually 3 ± 2 at this hour (p < 0.001)');
  });

  it('speaks of the 5-minute burst when the hour is within its usual range, never "27, usually 28"', () => {
    expect(at(27, 28, 4.3)).toBe('source demo: 12 mentions in 5 minutes, usually 0.3 ± 0.5 at this time (p < 0.001); 27 in the last hour');
    expect(at(30, 28, 2)).toMatch(/^source demo: 12 mentions in 5 minutes/);
  });

  it('never prints a negative usual count', () => {
    expect(spikeSentence({ label: 'x', hourCount: 5, usualPerHour: -1, spreadPerHour: 1, spike: { ...spike, expected: -0.2 } as never })).toBe('x: 5 mentions in the last hour, usually 0 ± 1 at this hour (p < 0.001)');
  });
});
