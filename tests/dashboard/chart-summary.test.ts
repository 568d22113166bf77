// A large portfolio's chart is summarised: one mark per position with its count, and only the
// partnerships furthest below the line in the table, so the home page stays small.
import { describe, expect, it } from 'vitest';
import { chartSummary } from '../../src/dashboard/chart.js';

const item = (id: number, valueIndex: number, level: number) => ({
  partnershipId: id,
  title: `P${id}`,
  valueIndex,
  level,
  recommendation: null,
});

describe('chartSummary', () => {
  it('draws one mark per position with its count, however many partnerships share it', () => {
    const items = [
      ...Array.from({ length: 1000 }, (_, i) => item(i + 1, 2, 1)),
      ...Array.from({ length: 5 }, (_, i) => item(2000 + i, 0.5, 3)),
    ];
    const s = chartSummary(items);
    expect(s.marks.map((m) => [m.level, m.valueIndex, m.count, m.below])).toEqual([
      [1, 2, 1000, false],
      [3, 0.5, 5, true],
    ]);
    expect(s.total).toBe(1005);
    expect(s.below).toBe(5);
    expect(s.above).toBe(1000);
    expect(s.marks[0]!.r).toBeGreaterThan(s.marks[1]!.r); // a bigger mark for more partnerships
  });

  it('lists the partnerships furthest below the line first, at most the limit', () => {
    const items = [item(1, 3.5, 4), item(2, 0, 4), item(3, 2, 2), item(4, 1, 2), item(5, 2.5, 3)];
    expect(chartSummary(items, 2).worst.map((w) => w.partnershipId)).toEqual([2, 4]);
  });
});
