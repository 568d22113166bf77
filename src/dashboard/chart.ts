// The value-versus-investment chart as numbers: each partnership a dot at (investment level,
// value index), the diagonal value = investment as the line of Odense's rule. Pure; the template
// draws it as SVG.
export interface ChartInput {
  partnershipId: number;
  title: string;
  valueIndex: number;
  level: number;
  recommendation: string | null;
}

export interface ChartDot extends ChartInput {
  x: number;
  y: number;
  below: boolean;
  /** Triangle corners for dots below the line (a different shape, not only a colour). */
  points: string;
}

export const CHART = { width: 560, height: 400, left: 56, right: 20, top: 20, bottom: 56 } as const;

const sx = (level: number) => CHART.left + (level * (CHART.width - CHART.left - CHART.right)) / 4;
const sy = (value: number) => CHART.top + ((4 - value) * (CHART.height - CHART.top - CHART.bottom)) / 4;

export function chartScale() {
  return { x: sx, y: sy, ticks: [0, 1, 2, 3, 4].map((t) => ({ t, x: sx(t), y: sy(t) })) };
}

/** Dots with positions; dots sharing a place are spread sideways so each stays visible and clickable. */
export function chartDots(items: ChartInput[]): ChartDot[] {
  const groups = new Map<string, ChartInput[]>();
  for (const item of items) {
    const key = `${item.level}:${item.valueIndex}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const dots: ChartDot[] = [];
  for (const group of groups.values()) {
    const spread = Math.min(11, 60 / Math.max(1, group.length));
    group.forEach((item, k) => {
      const x = Math.round((sx(item.level) + (k - (group.length - 1) / 2) * spread) * 10) / 10;
      const y = Math.round(sy(item.valueIndex) * 10) / 10;
      const below = Math.round(item.valueIndex * 100) < Math.round(item.level * 100);
      dots.push({ ...item, x, y, below, points: `${x},${y - 7} ${x - 7},${y + 6} ${x + 7},${y + 6}` });
    });
  }
  return dots;
}

/** Above this many partnerships the chart draws one mark per position and the table lists only the worst. */
export const CHART_DOT_LIMIT = 150;
/** Rows of the "furthest below the line" table when the chart is summarised. */
export const CHART_TABLE_LIMIT = 25;

export interface ChartCell {
  level: number;
  valueIndex: number;
  count: number;
  x: number;
  y: number;
  /** Radius: grows with the square root of the count, so the area tells how many. */
  r: number;
  below: boolean;
  points: string;
}

/**
 * A large portfolio's chart: one mark per (investment level, value index to one decimal) with its
 * count, so the page stays small whatever the number of partnerships; and the partnerships
 * furthest below the line for the table.
 */
export function chartSummary(items: ChartInput[], limit = CHART_TABLE_LIMIT) {
  const cells = new Map<string, ChartCell>();
  let below = 0;
  for (const item of items) {
    const value = Math.round(item.valueIndex * 10) / 10;
    const isBelow = Math.round(item.valueIndex * 100) < Math.round(item.level * 100);
    if (isBelow) below += 1;
    const key = `${item.level}:${value}:${isBelow}`;
    const cell = cells.get(key);
    if (cell) cell.count += 1;
    else cells.set(key, { level: item.level, valueIndex: value, count: 1, x: 0, y: 0, r: 0, below: isBelow, points: '' });
  }
  const marks = [...cells.values()].map((c) => {
    const x = Math.round(sx(c.level) * 10) / 10;
    const y = Math.round(sy(c.valueIndex) * 10) / 10;
    const r = Math.round(Math.min(14, 3 + 1.5 * Math.sqrt(c.count)) * 10) / 10;
    return { ...c, x, y, r, points: `${x},${y - r - 1} ${x - r - 1},${y + r} ${x + r + 1},${y + r}` };
  });
  const worst = items
    .filter((i) => Math.round(i.valueIndex * 100) < Math.round(i.level * 100))
    .sort((a, b) => a.valueIndex - a.level - (b.valueIndex - b.level) || a.partnershipId - b.partnershipId)
    .slice(0, limit);
  return { marks, worst, below, above: items.length - below, total: items.length };
}
