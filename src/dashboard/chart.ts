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
