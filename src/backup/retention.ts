// Which backups to keep: the newest of each of the last 7 days, 4 weeks and 12 months (calendar
// periods in UTC, counted back from now), and always the newest one. A pure function of the list
// and now, so the rule is tested on tables; files it cannot date are never chosen for deletion.

export interface BackupEntry {
  name: string;
  takenAt: Date;
}

export const RETENTION = { daily: 7, weekly: 4, monthly: 12 } as const;

const DAY = 86_400_000;

function dayNumber(d: Date): number {
  return Math.floor(d.getTime() / DAY);
}

/** Monday-based week number since the epoch (1970-01-01 was a Thursday). */
function weekNumber(d: Date): number {
  return Math.floor((dayNumber(d) + 3) / 7);
}

function monthNumber(d: Date): number {
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The names to keep; everything else in the list may be deleted. */
export function backupsToKeep(backups: BackupEntry[], now: Date, rule = RETENTION): Set<string> {
  const keep = new Set<string>();
  const newestFirst = [...backups].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
  if (newestFirst[0]) keep.add(newestFirst[0].name);
  const periods: [(d: Date) => number, number][] = [
    [dayNumber, rule.daily],
    [weekNumber, rule.weekly],
    [monthNumber, rule.monthly],
  ];
  for (const [period, count] of periods) {
    const current = period(now);
    const seen = new Set<number>();
    for (const b of newestFirst) {
      const p = period(b.takenAt);
      // A backup from the future (a clock set wrong) is kept rather than judged.
      if (p > current) {
        keep.add(b.name);
        continue;
      }
      if (p <= current - count || seen.has(p)) continue;
      seen.add(p);
      keep.add(b.name);
    }
  }
  return keep;
}
