import { describe, it, expect } from 'vitest';
import { STATUSES, activeSinceAfter, checkStatusChange, nextStatuses, type Status } from '../../src/partnerships/domain.js';

const allowed: [Status, Status][] = [
  ['exploring', 'active'],
  ['exploring', 'ended'],
  ['active', 'dormant'],
  ['active', 'ending'],
  ['dormant', 'active'],
  ['dormant', 'ending'],
  ['ending', 'ended'],
];

describe('the partnership lifecycle', () => {
  const today = '2026-11-24';
  const base = { changedOn: '2026-11-20', lastChangedOn: '2026-01-01', today };

  it.each(allowed)('allows %s -> %s', (from, to) => {
    expect(checkStatusChange({ ...base, from, to })).toEqual({ ok: true });
    expect(nextStatuses(from)).toContain(to);
  });

  const refused = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as [Status, Status])).filter(
    ([from, to]) => !allowed.some(([f, t]) => f === from && t === to),
  );

  it.each(refused)('refuses %s -> %s with a reason', (from, to) => {
    const result = checkStatusChange({ ...base, from, to });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const expected =
      from === to
        ? 'partnerships.status.refused.same'
        : from === 'ended'
          ? 'partnerships.status.refused.ended'
          : 'partnerships.status.refused.notAllowed';
    expect(result.reason).toBe(expected);
    expect(nextStatuses(from)).not.toContain(to);
  });

  it.each([
    ['a change dated in the future', { changedOn: '2026-11-25' }, 'partnerships.status.refused.future'],
    ['a change dated before the last change', { changedOn: '2025-12-31' }, 'partnerships.status.refused.beforeLast'],
  ] as const)('refuses %s', (_name, override, reason) => {
    const result = checkStatusChange({ ...base, from: 'active', to: 'dormant', ...override });
    expect(result).toMatchObject({ ok: false, reason });
  });

  it('accepts a change on the day of the last change and today', () => {
    expect(checkStatusChange({ from: 'active', to: 'dormant', changedOn: today, lastChangedOn: today, today }).ok).toBe(true);
    expect(checkStatusChange({ from: 'exploring', to: 'active', changedOn: '2020-01-01', lastChangedOn: null, today }).ok).toBe(true);
  });

  it('has no way out of ended', () => {
    expect(nextStatuses('ended')).toEqual([]);
  });

  it.each([
    ['active', '2026-03-01', '2020-01-01', '2026-03-01'],
    ['dormant', '2026-03-01', '2020-01-01', '2020-01-01'],
    ['ending', '2026-03-01', null, null],
  ] as const)('becoming %s on %s moves the review clock from %s to %s', (to, on, current, expected) => {
    expect(activeSinceAfter(to, on, current)).toBe(expected);
  });
});
